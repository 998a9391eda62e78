/**
 * The folder backend: the data-branch layout as plain files (for the CLI and tests). Each file is
 * written atomically (temporary file + rename) and a save holds a lock folder, so two processes
 * saving into one folder never interleave.
 */
import { createHash } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'
import type { DataStore, FileChange, HistoryUpdate, LoadedState, SaveResult } from './types.js'
import { META_PATH, parseMeta } from './meta.js'
import { type FileState, type HeadState, checkFileChanges, filesToRead, planSave } from './plan.js'
import { historyFromShards, parseShardPath } from './shards.js'

export interface DirectoryStoreOptions {
  /**
   * Reports only (a `reports-branch` other than the data branch): caller files are written, meta.json
   * and history are neither read as data nor written.
   */
  filesOnly?: boolean
  /** `owner/name` recorded in a new meta.json. */
  repository?: string
  /** How long to wait for another process's lock before giving up (ms). */
  lockTimeoutMs?: number
}

const LOCK = '.repo-metrics.lock'

async function readText(path: string): Promise<string | null> {
  try {
    return await fs.readFile(path, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'EISDIR')
      return null
    throw e
  }
}

async function walk(root: string, dir: string): Promise<string[]> {
  let entries: import('node:fs').Dirent[]
  try {
    entries = await fs.readdir(dir, { withFileTypes: true })
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR')
      return []
    throw e
  }
  const out: string[] = []
  for (const entry of entries) {
    if (entry.name === LOCK || entry.name.includes('.tmp-')) continue
    const full = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...(await walk(root, full)))
    else if (entry.isFile()) out.push(relative(root, full).split(sep).join('/'))
  }
  return out.sort()
}

async function writeAtomic(path: string, text: string): Promise<void> {
  await fs.mkdir(dirname(path), { recursive: true })
  const temp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`
  await fs.writeFile(temp, text, 'utf8')
  await fs.rename(temp, path)
}

async function removeEmptyParents(root: string, path: string): Promise<void> {
  let dir = dirname(path)
  while (dir.startsWith(root) && dir !== root) {
    try {
      await fs.rmdir(dir)
    } catch {
      return
    }
    dir = dirname(dir)
  }
}

export function createDirectoryStore(dir: string, options: DirectoryStoreOptions = {}): DataStore {
  const repository = options.repository ?? ''
  const filesOnlyStore = options.filesOnly ?? false
  const description = `folder ${dir}`
  const lockTimeout = options.lockTimeoutMs ?? 30_000

  async function readState(): Promise<HeadState & { exists: boolean }> {
    const paths = await walk(dir, join(dir, 'history'))
    const shards = new Map<string, string>()
    for (const path of paths) {
      if (parseShardPath(path) === null) continue
      const text = await readText(join(dir, path))
      if (text !== null) shards.set(path, text)
    }
    const metaText = await readText(join(dir, META_PATH))
    const exists = metaText !== null || shards.size > 0
    let head: string | null = null
    if (exists) {
      const hash = createHash('sha1').update(metaText ?? '')
      for (const [path, text] of [...shards].sort(([a], [b]) => (a < b ? -1 : 1)))
        hash.update(`\0${path}\0${text}`)
      head = hash.digest('hex')
    }
    return { head, metaText, shards, exists }
  }

  async function withLock<T>(work: () => Promise<T>): Promise<T> {
    await fs.mkdir(dir, { recursive: true })
    const lock = join(dir, LOCK)
    const started = Date.now()
    for (let attempt = 0; ; attempt++) {
      try {
        await fs.mkdir(lock)
        break
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
        if (Date.now() - started > lockTimeout) {
          throw new Error(
            `${description} is locked by another save (${lock}). If no other run is writing, delete that folder.`
          )
        }
        await new Promise((resolve) =>
          setTimeout(resolve, Math.min(200, 10 * 2 ** attempt) * (0.5 + Math.random()))
        )
      }
    }
    try {
      return await work()
    } finally {
      await fs.rm(lock, { recursive: true, force: true })
    }
  }

  return {
    description,

    async load(): Promise<LoadedState> {
      const state = await readState()
      const { meta } = parseMeta(state.metaText, description, repository)
      const history = historyFromShards(state.shards, meta)
      return { meta, history, head: state.head }
    },

    async readFile(path: string): Promise<string | null> {
      return readText(join(dir, ...path.split('/')))
    },

    async readFiles(paths: string[]): Promise<Map<string, string | null>> {
      const out = new Map<string, string | null>()
      for (const path of paths) out.set(path, await readText(join(dir, ...path.split('/'))))
      return out
    },

    async list(prefix: string): Promise<string[]> {
      const clean = prefix.replace(/^\/+|\/+$/g, '')
      const paths = await walk(dir, clean === '' ? dir : join(dir, ...clean.split('/')))
      return paths
    },

    async save(update: HistoryUpdate, files: FileChange[], message: string): Promise<SaveResult> {
      checkFileChanges(files)
      void message
      return withLock(async () => {
        const state = await readState()
        const current = new Map<string, FileState>()
        for (const { path } of filesToRead(files)) {
          const text = await readText(join(dir, ...path.split('/')))
          current.set(path, text === null ? { exists: false } : { exists: true, text })
        }
        const plan = planSave(state, update, files, current, description, repository, filesOnlyStore)
        if (plan.writes.size === 0) return { committed: false, commitSha: null, retries: 0, paths: [] }
        // shards and caller files first, meta.json last: a crash in between leaves old checkpoints,
        // so the next run re-syncs what it would otherwise skip (upserts make that harmless)
        const ordered = [...plan.writes].sort(([a], [b]) =>
          a === META_PATH ? 1 : b === META_PATH ? -1 : a < b ? -1 : 1
        )
        for (const [path, text] of ordered) {
          const full = join(dir, ...path.split('/'))
          if (text === null) {
            await fs.rm(full, { force: true })
            await removeEmptyParents(dir, full)
          } else {
            await writeAtomic(full, text)
          }
        }
        const after = await readState()
        return { committed: true, commitSha: after.head, retries: 0, paths: ordered.map(([p]) => p) }
      })
    },

    /** One new file, written atomically under the lock; an existing file is never replaced. */
    async addFile(path: string, content: string, message: string): Promise<SaveResult> {
      checkFileChanges([{ path, content }])
      void message
      return withLock(async () => {
        const full = join(dir, ...path.split('/'))
        const stored = await readText(full)
        if (stored === content) return { committed: false, commitSha: null, retries: 0, paths: [] }
        if (stored !== null) {
          throw new Error(
            `Cannot write ${path} to ${description}: a different file is already stored there, and it is not replaced.`
          )
        }
        await writeAtomic(full, content)
        return { committed: true, commitSha: (await readState()).head, retries: 0, paths: [path] }
      })
    }
  }
}
