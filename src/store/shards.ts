/**
 * History shards: records grouped by collection and by the month of their last activity
 * (`history/pulls/2025-07.json`), with open pull requests and issues in `history/<collection>/open.json`;
 * upserted by key, serialized deterministically (sorted keys inside records, records sorted by key, one
 * record per line) so that the same data always produces the same bytes and an unchanged shard is never
 * written.
 *
 * Keying by last activity makes a report's read small: everything that happened in a span is in the
 * shards of that span's months and later, or in open.json (./window.ts). A record only ever moves to
 * a later month or into open.json (activity only grows), so when its old copy stays behind in a shard
 * that was not read, every full read still finds the newer copy later in reading order ("the later
 * shard wins"), and no windowed read sees the old one.
 */
import { type CollectionName, type History, recordKey } from '../model.js'
import { valueDepth } from '../text/json.js'
import { visibleEscapes } from '../text/untrusted.js'
import type { HistoryUpdate } from './types.js'
import { COLLECTIONS, collectionUpdate, mergeRecords } from './merge.js'

export { COLLECTIONS }

/** Path → file text, for the shard files of a branch or folder. */
export type ShardTexts = Map<string, string>

const SHARD_PATH =
  /^history\/(pulls|issues|commits|deployments|incidents)\/(\d{4}-\d{2}|open)(?:\.([2-9]|[1-9]\d+))?\.json$/

/** The shard name of open pull requests and issues (it sorts after every month). */
export const OPEN_SHARD = 'open'

/**
 * The most bytes one shard file holds. A busier month is split into parts (`2025-07.json`,
 * `2025-07.2.json`, ...) by key order, so that every file stays under GitHub's 512,000-byte cut of
 * `Blob.text` (read in one GraphQL batch) and far under the 1 MB request-body bound of a save.
 */
export const SHARD_PART_BYTES = 400_000

/**
 * The shard a record belongs in: `open` for a pull request or issue not closed yet, else the month
 * (UTC, `YYYY-MM`) of its latest time — when it was last updated, closed or merged; a deployment's
 * end; an incident's resolution; a commit's time.
 */
export function shardMonth(collection: CollectionName, record: unknown): string {
  const r = record as Record<string, unknown>
  const times: unknown[] = []
  switch (collection) {
    case 'pulls':
    case 'issues':
      if (r.closedAt === null || r.closedAt === undefined) {
        if (r.mergedAt === null || r.mergedAt === undefined) return OPEN_SHARD
      }
      times.push(r.createdAt, r.updatedAt, r.closedAt, r.mergedAt)
      break
    case 'commits':
      return String(r.committedAt).slice(0, 7)
    case 'deployments':
      times.push(r.createdAt, r.finishedAt)
      break
    case 'incidents':
      times.push(r.createdAt, r.resolvedAt)
      break
  }
  let latest = String(r.createdAt)
  for (const time of times) {
    // ISO 8601 UTC times of one format compare as text; a malformed one is refused by checkedMonth
    if (typeof time === 'string' && time > latest && !Number.isNaN(Date.parse(time))) latest = time
  }
  return latest.slice(0, 7)
}

/** The path of one part of a month's shard (part 1 is the plain month file). */
export function shardPath(collection: CollectionName, month: string, part = 1): string {
  return part === 1 ? `history/${collection}/${month}.json` : `history/${collection}/${month}.${part}.json`
}

export function parseShardPath(
  path: string
): { collection: CollectionName; month: string; part: number } | null {
  const m = SHARD_PATH.exec(path)
  return m ? { collection: m[1] as CollectionName, month: m[2], part: m[3] ? Number(m[3]) : 1 } : null
}

/** Shard paths in reading order: collection, month, then part (`2025-07.json` before `2025-07.2.json`). */
export function compareShardPaths(a: string, b: string): number {
  const pa = parseShardPath(a)
  const pb = parseShardPath(b)
  if (!pa || !pb || pa.collection !== pb.collection || pa.month !== pb.month)
    return a < b ? -1 : a > b ? 1 : 0
  return pa.part - pb.part
}

/** The paths of every stored part of one month's shard, part 1 first. */
export function monthPartPaths(paths: Iterable<string>, collection: CollectionName, month: string): string[] {
  const parts: Array<{ path: string; part: number }> = []
  for (const path of paths) {
    const parsed = parseShardPath(path)
    if (parsed && parsed.collection === collection && parsed.month === month)
      parts.push({ path, part: parsed.part })
  }
  return parts.sort((a, b) => a.part - b.part).map((p) => p.path)
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys)
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value).sort())
      out[key] = sortedKeys((value as Record<string, unknown>)[key])
    return out
  }
  return value
}

/** Compact JSON with object keys in sorted order (arrays keep their order). */
export function stableStringify(value: unknown, indent?: number): string {
  return JSON.stringify(sortedKeys(value), null, indent)
}

/** Keys of numbered records sort numerically, other keys by code unit. */
export function compareKeys(a: string, b: string): number {
  const na = /^\d+$/.test(a)
  const nb = /^\d+$/.test(b)
  if (na && nb) return Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0)
  return a < b ? -1 : a > b ? 1 : 0
}

/** A shard file: a JSON array, one record per line, records sorted by key. */
export function serializeShard(collection: CollectionName, records: readonly unknown[]): string {
  const sorted = [...records].sort((a, b) => compareKeys(recordKey(collection, a), recordKey(collection, b)))
  if (sorted.length === 0) return '[]\n'
  return `[\n${sorted.map((r) => stableStringify(r)).join(',\n')}\n]\n`
}

/**
 * A month's records as shard files: one file while they fit in SHARD_PART_BYTES, else consecutive
 * key ranges, each file as serializeShard writes it. Same records → the same files, byte for byte.
 */
export function serializeMonthParts(
  collection: CollectionName,
  records: readonly unknown[],
  partBytes = SHARD_PART_BYTES
): string[] {
  const sorted = [...records].sort((a, b) => compareKeys(recordKey(collection, a), recordKey(collection, b)))
  if (sorted.length === 0) return []
  const parts: string[] = []
  let lines: string[] = []
  let bytes = 4
  for (const record of sorted) {
    const line = stableStringify(record)
    const size = Buffer.byteLength(line, 'utf8') + 2
    if (lines.length > 0 && bytes + size > partBytes) {
      parts.push(`[\n${lines.join(',\n')}\n]\n`)
      lines = []
      bytes = 4
    }
    lines.push(line)
    bytes += size
  }
  parts.push(`[\n${lines.join(',\n')}\n]\n`)
  return parts
}

export function parseShard(text: string, path: string): unknown[] {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    throw new DamagedDataError(
      `The data file ${path} is not valid JSON (${(e as Error).message}). ${repair(path)}`
    )
  }
  if (!Array.isArray(value)) {
    throw new DamagedDataError(`The data file ${path} must hold a JSON array of records. ${repair(path)}`)
  }
  const collection = parseShardPath(path)?.collection
  if (collection) {
    value.forEach((record, index) => {
      const problem = recordProblem(collection, record)
      if (problem) {
        throw new DamagedDataError(
          `The data file ${path} holds a damaged ${collection} record at index ${index} (${preview(record)}): it ${problem}. ` +
            `Fix that record or delete it from ${path} on the data branch, then run again. Nothing was written.`
        )
      }
    })
  }
  return value
}

/** Thrown for a stored file that cannot be read as data: the message names the file and the record. */
export class DamagedDataError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DamagedDataError'
  }
}

function repair(path: string): string {
  return `Fix or delete that file on the data branch (${path}), then run again. Nothing was written.`
}

/** How deep a stored record may nest (the deepest the sync writes is 3: a pull request's reviews). */
const MAX_RECORD_DEPTH = 32

/** The key fields and the time field each collection's records need (recordKey, recordMonth). */
const REQUIRED: Record<CollectionName, { key: string[]; time: string }> = {
  pulls: { key: ['number'], time: 'createdAt' },
  issues: { key: ['number'], time: 'createdAt' },
  commits: { key: ['oid'], time: 'committedAt' },
  deployments: { key: ['source', 'id'], time: 'createdAt' },
  incidents: { key: ['source', 'id'], time: 'createdAt' }
}

function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`
}

/** What makes a record unusable in its collection (not an object, no key, no time), or null. */
export function recordProblem(collection: CollectionName, record: unknown): string | null {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    return `is ${kindOf(record)}, not a record object`
  }
  const r = record as Record<string, unknown>
  const { key, time } = REQUIRED[collection]
  for (const field of key) {
    const value = r[field]
    const numbered = field === 'number'
    const ok = numbered
      ? typeof value === 'number' && Number.isSafeInteger(value) && value > 0
      : typeof value === 'string' && value !== ''
    if (!ok) {
      return `has no "${field}" (${numbered ? 'a positive whole number' : 'a non-empty string'}), which is its key`
    }
  }
  if (r.provider !== undefined && typeof r.provider !== 'string')
    return 'has a "provider" that is not a string'
  if (typeof r[time] !== 'string') return `has no "${time}" (an ISO 8601 time)`
  if (valueDepth(record, MAX_RECORD_DEPTH) > MAX_RECORD_DEPTH) {
    return `nests arrays and objects more than ${MAX_RECORD_DEPTH} levels deep`
  }
  return null
}

/** The start of a record's JSON for a message, with hidden characters shown as escapes. */
function preview(record: unknown): string {
  const deep = record !== null && typeof record === 'object' && valueDepth(record, 8) > 8
  const text = deep ? (Array.isArray(record) ? '[...]' : '{...}') : (JSON.stringify(record) ?? String(record))
  const shown = visibleEscapes(text)
  return shown.length > 120 ? `${shown.slice(0, 117)}...` : shown
}

export function checkedMonth(collection: CollectionName, record: unknown): string {
  const problem = recordProblem(collection, record)
  if (problem) throw new Error(`Cannot store a ${collection} record that ${problem}: ${preview(record)}`)
  const month = shardMonth(collection, record)
  const timeMonth = String((record as Record<string, unknown>)[REQUIRED[collection].time]).slice(0, 7)
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month === OPEN_SHARD ? timeMonth : month)) {
    const field = REQUIRED[collection].time
    throw new Error(
      `Cannot store ${collection} record ${recordKey(collection, record)}: ${field} must be an ISO 8601 time, got ${JSON.stringify(month)}`
    )
  }
  return month
}

interface StoredRecords {
  /** Key → record, over all shards of the collection. */
  records: Map<string, unknown>
  /** Key → the month (shard, all its parts) it is in. */
  pathOfKey: Map<string, string>
  /** Month → its records by key (over all its parts). */
  byPath: Map<string, Map<string, unknown>>
}

/** Every stored record of one collection, and where each is. */
function storedRecords(shards: ShardTexts, collection: CollectionName): StoredRecords {
  const all = new Map<string, unknown>()
  const byPath = new Map<string, Map<string, unknown>>()
  const pathOfKey = new Map<string, string>()
  const paths = [...shards.keys()]
    .filter((p) => parseShardPath(p)?.collection === collection)
    .sort(compareShardPaths)
  for (const path of paths) {
    const month = (parseShardPath(path) as { month: string }).month
    let records = byPath.get(month)
    if (!records) {
      records = new Map<string, unknown>()
      byPath.set(month, records)
    }
    for (const record of parseShard(shards.get(path) as string, path)) {
      const key = recordKey(collection, record)
      // a key stored twice (a hand edit): the later shard's copy is the one kept
      const previous = pathOfKey.get(key)
      if (previous !== undefined) byPath.get(previous)?.delete(key)
      records.set(key, record)
      all.set(key, record)
      pathOfKey.set(key, month)
    }
  }
  return { records: all, pathOfKey, byPath }
}

/**
 * Folds upserts and removals into the shards, by the store's merge rule (./merge.ts). Returns only
 * the shards whose text changed: the new text, or null when a shard became empty and is to be
 * deleted. A record whose month changed moves to its new shard (never two copies of one key). The
 * input map is not modified.
 */
export function applyHistoryUpdate(shards: ShardTexts, update: HistoryUpdate): Map<string, string | null> {
  const changed = new Map<string, string | null>()
  for (const collection of COLLECTIONS) {
    const { upserts, removals } = collectionUpdate(update, collection)
    if (upserts.length === 0 && removals.length === 0) continue
    // every upsert is checked, even one the merge then skips as older
    for (const record of upserts) checkedMonth(collection, record)

    const { records, pathOfKey, byPath } = storedRecords(shards, collection)
    const touched = new Set<string>()
    for (const key of mergeRecords(collection, records, upserts, removals)) {
      const previous = pathOfKey.get(key)
      if (previous !== undefined) {
        byPath.get(previous)?.delete(key)
        touched.add(previous)
      }
      if (!records.has(key)) continue
      const month = shardMonth(collection, records.get(key))
      let shard = byPath.get(month)
      if (!shard) {
        shard = new Map()
        byPath.set(month, shard)
      }
      shard.set(key, records.get(key))
      touched.add(month)
    }
    for (const month of touched) {
      const kept = byPath.get(month) as Map<string, unknown>
      const parts = serializeMonthParts(collection, [...kept.values()])
      const stored = monthPartPaths(shards.keys(), collection, month)
      parts.forEach((text, index) => {
        const path = shardPath(collection, month, index + 1)
        if (text !== shards.get(path)) changed.set(path, text)
      })
      // parts no longer needed (the month shrank, or a record moved out) are deleted
      for (const path of stored) {
        if ((parseShardPath(path) as { part: number }).part > parts.length) changed.set(path, null)
      }
    }
  }
  return changed
}

/** Applies shard changes to a copy of the shard map. */
export function withShardChanges(shards: ShardTexts, changes: Map<string, string | null>): ShardTexts {
  const next = new Map(shards)
  for (const [path, text] of changes) {
    if (text === null) next.delete(path)
    else next.set(path, text)
  }
  return next
}

/** The records of all shards, collection by collection, in shard (month) then key order. */
export function historyFromShards(
  shards: ShardTexts,
  base: Pick<History, 'repository' | 'defaultBranch' | 'teams'>
): History {
  const history: History = {
    repository: base.repository,
    defaultBranch: base.defaultBranch,
    pulls: [],
    issues: [],
    commits: [],
    deployments: [],
    incidents: [],
    teams: base.teams
  }
  for (const [collection, records] of recordsByCollection(shards)) {
    // (no spread into push: a collection of 300,000 records is more arguments than the stack holds)
    const list = history[collection] as unknown[]
    for (const record of records.values()) list.push(record)
  }
  return history
}

/**
 * Every stored record by collection and key, read in shard order. A key stored twice (an old copy left
 * in an earlier month, or a hand edit) is read once: the later shard wins, and takes its place in order.
 */
export function recordsByCollection(shards: ShardTexts): Map<CollectionName, Map<string, unknown>> {
  const out = new Map<CollectionName, Map<string, unknown>>(COLLECTIONS.map((c) => [c, new Map()]))
  const paths = [...shards.keys()].filter((p) => parseShardPath(p) !== null).sort(compareShardPaths)
  for (const path of paths) {
    const { collection } = parseShardPath(path) as { collection: CollectionName }
    const keyed = out.get(collection) as Map<string, unknown>
    for (const record of parseShard(shards.get(path) as string, path)) {
      const key = recordKey(collection, record)
      keyed.delete(key)
      keyed.set(key, record)
    }
  }
  return out
}
