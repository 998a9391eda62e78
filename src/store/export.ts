/** Copies every file of a store into a folder (the demo dumps the data branch this way). */
import { promises as fs } from 'node:fs'
import { dirname, join } from 'node:path'
import type { DataStore } from './types.js'

type BatchReader = { readFiles?: (paths: string[]) => Promise<Map<string, string | null>> }

/** Writes the store's files under `dir`; returns the paths written (sorted). */
export async function exportStoreToDirectory(store: DataStore, dir: string): Promise<string[]> {
  const paths = (await store.list('')).sort()
  const batch = (store as DataStore & BatchReader).readFiles
  const texts = batch
    ? await batch(paths)
    : new Map(await Promise.all(paths.map(async (p) => [p, await store.readFile(p)] as const)))
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
