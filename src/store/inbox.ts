/**
 * The inbox: an append-only folder on the data branch where `record` runs leave what one event
 * produced, so a record run writes one small new file and never reads or rewrites the history.
 *
 * - A record run writes `inbox/<UTC write time>-<collection>-<key>-<content hash>.json` holding a
 *   HistoryUpdate with upserts only (no checkpoints, no removals) through `DataStore.addFile`. The
 *   hash makes two runs with different records write different files (no entry is ever replaced);
 *   a run that would write what is already stored writes nothing. The write time orders the
 *   entries: a later run has read the earlier entries of its record and folded them in.
 * - The next load() (withInbox below) lists the inbox, reads the entries (batched), folds them into
 *   the history by the store's merge rule (./merge.ts: an older pull request never replaces a newer
 *   one, so a stale entry cannot undo synced data), and the next save() writes those upserts into the
 *   shards and deletes the folded inbox files in the same save. Entries that arrive after the load
 *   stay for the next run; a run that dies before its save leaves them all in place.
 * - An entry that is not a valid update is reported (LoadedState.problems, shown with the report's
 *   data problems) and left in place, never folded and never deleted, until someone fixes or deletes it.
 */
import { createHash } from 'node:crypto'
import { type CollectionName, recordKey, recordMonth } from '../model.js'
import { COLLECTIONS, mergeHistory } from './merge.js'
import { recordProblem, stableStringify } from './shards.js'
import type { DataStore, FileChange, HistoryUpdate, LoadOptions, LoadedState, SaveResult } from './types.js'

export const INBOX_FOLDER = 'inbox'
/** An entry larger than this is not read as data (a record run writes a few kB). */
export const MAX_INBOX_ENTRY_BYTES = 1_000_000

export interface InboxEntry {
  path: string
  content: string
}

export interface InboxProblem {
  kind: 'inbox'
  message: string
}

/** What the inbox holds at one read: the upserts of its valid entries, every path read, the problems. */
export interface InboxFold {
  update: HistoryUpdate
  paths: string[]
  problems: InboxProblem[]
}

/** `2026-11-23T04:05:06.789Z` → `20261123T040506789Z` (a time that does not parse: all zeros). */
export function compactTime(time: string): string {
  const ms = Date.parse(time)
  if (Number.isNaN(ms)) return '00000000T000000000Z'
  return new Date(ms).toISOString().replace(/[-:.]/g, '')
}

function safePart(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80) || '_'
}

/**
 * The inbox file for one collection's upserts: named by `time` (when the entry is written), the
 * first record's key and a hash of the content, so one update at one time always gets one name.
 */
export function inboxEntry(
  collection: CollectionName,
  records: readonly unknown[],
  time: string
): InboxEntry {
  if (records.length === 0) throw new Error('Internal: an inbox entry needs at least one record')
  for (const record of records) {
    const problem = recordProblem(collection, record)
    if (problem) throw new Error(`Internal: cannot record a ${collection} record that ${problem}`)
  }
  const update: HistoryUpdate = { [collection]: records }
  const content = `${stableStringify(update, 2)}\n`
  const hash = createHash('sha256').update(content).digest('hex').slice(0, 12)
  const key = safePart(recordKey(collection, records[0]))
  return { path: `${INBOX_FOLDER}/${compactTime(time)}-${collection}-${key}-${hash}.json`, content }
}

const NAME = new RegExp(
  `^${INBOX_FOLDER}/(\\d{8}T\\d{9}Z)-(${COLLECTIONS.join('|')})-(.+)-([0-9a-f]{12})\\.json$`
)

/** The parts of an entry's name, or null for a path that is not named as record runs name entries. */
export function parseInboxName(
  path: string
): { time: string; collection: CollectionName; key: string; hash: string } | null {
  const m = NAME.exec(path)
  return m ? { time: m[1], collection: m[2] as CollectionName, key: m[3], hash: m[4] } : null
}

/** The entries among `paths` whose name says they hold this record (first record's key), in order. */
export function entriesFor(paths: readonly string[], collection: CollectionName, record: unknown): string[] {
  const key = safePart(recordKey(collection, record))
  return paths
    .filter((path) => {
      const name = parseInboxName(path)
      return name !== null && name.collection === collection && name.key === key
    })
    .sort()
}

/** True for paths inside the inbox folder that name an entry. */
export function isInboxPath(path: string): boolean {
  return (
    path.startsWith(`${INBOX_FOLDER}/`) &&
    path.endsWith('.json') &&
    !path.slice(INBOX_FOLDER.length + 1).includes('/')
  )
}

/** The upserts of one entry, or why it cannot be used. */
export function parseInboxEntry(path: string, text: string): { update: HistoryUpdate } | { problem: string } {
  if (Buffer.byteLength(text, 'utf8') > MAX_INBOX_ENTRY_BYTES) {
    return { problem: `is larger than ${MAX_INBOX_ENTRY_BYTES} bytes` }
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    return { problem: `is not valid JSON (${(e as Error).message})` }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { problem: 'is not a JSON object of collections' }
  }
  const update: HistoryUpdate = {}
  for (const [name, records] of Object.entries(value as Record<string, unknown>)) {
    if (!(COLLECTIONS as readonly string[]).includes(name)) {
      return { problem: `holds "${safePart(name)}", which is not a collection (${COLLECTIONS.join(', ')})` }
    }
    const collection = name as CollectionName
    if (!Array.isArray(records)) return { problem: `holds ${collection} that is not an array` }
    for (const record of records) {
      const problem = recordProblem(collection, record)
      if (problem) return { problem: `holds a ${collection} record that ${problem}` }
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(recordMonth(collection, record))) {
        return { problem: `holds a ${collection} record whose time is not an ISO 8601 time` }
      }
    }
    ;(update as Record<CollectionName, unknown[]>)[collection] = records
  }
  void path
  return { update }
}

/** Appends `next`'s upserts after `first`'s (the merge then keeps the newest of each key). */
export function concatUpdates(first: HistoryUpdate, next: HistoryUpdate): HistoryUpdate {
  const out: HistoryUpdate = { ...next }
  for (const collection of COLLECTIONS) {
    const a = (first[collection] ?? []) as unknown[]
    if (a.length === 0) continue
    const b = (next[collection] ?? []) as unknown[]
    ;(out as Record<CollectionName, unknown[]>)[collection] = [...a, ...b]
  }
  return out
}

/**
 * Reads every inbox entry at the head: those a load already read (`read`, the git store reads them
 * with its listing), else one listing, then the entries 100 per request.
 */
export async function readInbox(
  store: Pick<DataStore, 'list' | 'readFiles'>,
  read?: Map<string, string>
): Promise<InboxFold> {
  const paths = [...(read?.keys() ?? (await store.list(INBOX_FOLDER)))].filter(isInboxPath).sort()
  const fold: InboxFold = { update: {}, paths: [], problems: [] }
  if (paths.length === 0) return fold
  const texts: Map<string, string | null> = read ?? (await store.readFiles(paths))
  for (const path of paths) {
    const text = texts.get(path)
    if (text === null || text === undefined) continue // folded and deleted by another run meanwhile
    const parsed = parseInboxEntry(path, text)
    if ('problem' in parsed) {
      fold.problems.push({
        kind: 'inbox',
        message: `The recorded event ${path} on the data branch ${parsed.problem}, so it was not used. It is left in place: fix or delete it there.`
      })
      continue
    }
    fold.paths.push(path)
    fold.update = concatUpdates(fold.update, parsed.update)
  }
  return fold
}

/**
 * A store whose load() folds the inbox into the history it returns, and whose next save() stores
 * those upserts (before the caller's, so the caller's newer records win) and deletes the folded
 * entries in the same save; damaged entries are reported in `problems` and left alone. Every other
 * method is the store's own. A files-only store (a reports branch) is returned as is.
 */
export function withInbox(store: DataStore, options: { filesOnly?: boolean } = {}): DataStore {
  if (options.filesOnly) return store
  let pending: InboxFold | null = null
  return {
    ...store,
    get description() {
      return store.description
    },

    async load(options?: LoadOptions): Promise<LoadedState> {
      const state = await store.load(options)
      const fold = await readInbox(store, state.inbox)
      pending = fold.paths.length > 0 ? fold : null
      if (fold.paths.length === 0 && fold.problems.length === 0) return state
      return {
        ...state,
        history: fold.paths.length > 0 ? mergeHistory(state.history, fold.update) : state.history,
        problems: [...(state.problems ?? []), ...fold.problems]
      }
    },

    async save(update: HistoryUpdate, files: FileChange[], message: string): Promise<SaveResult> {
      const folded = pending
      if (folded === null) return store.save(update, files, message)
      const deletes: FileChange[] = folded.paths.map((path) => ({ path, delete: true }))
      const result = await store.save(concatUpdates(folded.update, update), [...files, ...deletes], message)
      pending = null
      return result
    }
  }
}
