/** Copies every file of a store into a folder (the demo dumps the data branch this way). */
import { promises as fs } from 'node:fs'
import { dirname, join } from 'node:path'
import type { DataStore } from './types.js'

/** Writes the store's files under `dir`; returns the paths written (sorted). */
export async function exportStoreToDirectory(store: DataStore, dir: string): Promise<string[]> {
  const paths = (await store.list('')).sort()
  const texts = await store.readFiles(paths)
  const written: string[] = []
  for (const path of paths) {
    const text = texts.get(path)
    if (text === null || text === undefined) continue
    const target = join(dir, ...path.split('/'))
    await fs.mkdir(dirname(target), { recursive: true })
    await fs.writeFile(target, text, 'utf8')
    written.push(path)
  }
  return written
}
