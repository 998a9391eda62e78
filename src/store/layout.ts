/**
 * The layout of shards by last activity as a whole: laying out a branch written by an earlier version,
 * the deployment kinds meta.json keeps, and which months a windowed load left unread.
 */
import { recordKey, type CollectionName } from '../model.js'
import type { Meta } from './types.js'
import {
  OPEN_SHARD,
  type ShardTexts,
  checkedMonth,
  compareKeys,
  parseShard,
  parseShardPath,
  recordsByCollection,
  serializeMonthParts,
  shardPath
} from './shards.js'

/**
 * The shard files of the same records laid out by shardMonth: the changes that turn `shards` (any
 * layout, for instance the creation-month layout of earlier versions) into it, old copies dropped.
 */
export function relayoutShards(shards: ShardTexts): Map<string, string | null> {
  const wanted = new Map<string, string>()
  for (const [collection, records] of recordsByCollection(shards)) {
    const byMonth = new Map<string, unknown[]>()
    for (const record of records.values()) {
      const month = checkedMonth(collection, record)
      let list = byMonth.get(month)
      if (!list) byMonth.set(month, (list = []))
      list.push(record)
    }
    for (const [month, list] of byMonth) {
      serializeMonthParts(collection, list).forEach((text, i) =>
        wanted.set(shardPath(collection, month, i + 1), text)
      )
    }
  }
  const changes = new Map<string, string | null>()
  for (const path of shards.keys()) {
    if (parseShardPath(path) !== null && !wanted.has(path)) changes.set(path, null)
  }
  for (const [path, text] of wanted) if (shards.get(path) !== text) changes.set(path, text)
  return changes
}

/** A deployment's source and environment as meta.json's `deploymentKinds` lists them. */
export type DeploymentKind = [source: string, environment: string | null]

/** The distinct [source, environment] pairs of deployment records, sorted (deterministic JSON). */
export function deploymentKinds(
  records: Iterable<unknown>,
  known: readonly DeploymentKind[] = []
): DeploymentKind[] {
  const seen = new Map<string, DeploymentKind>()
  for (const kind of known) seen.set(JSON.stringify(kind), kind)
  for (const record of records) {
    const r = record as { source?: unknown; environment?: unknown }
    if (typeof r.source !== 'string') continue
    const kind: DeploymentKind = [r.source, typeof r.environment === 'string' ? r.environment : null]
    seen.set(JSON.stringify(kind), kind)
  }
  return [...seen.keys()].sort().map((key) => seen.get(key) as DeploymentKind)
}

/** Per collection, the months (ascending) that have stored shards among `listed` but none in `read`. */
export function unreadMonths(
  listed: Iterable<string>,
  read: ShardTexts
): Partial<Record<CollectionName, string[]>> {
  const months = new Map<CollectionName, Set<string>>()
  for (const path of listed) {
    if (read.has(path)) continue
    const parsed = parseShardPath(path)
    if (!parsed) continue
    let set = months.get(parsed.collection)
    if (!set) months.set(parsed.collection, (set = new Set()))
    set.add(parsed.month)
  }
  const out: Partial<Record<CollectionName, string[]>> = {}
  for (const [collection, set] of months) out[collection] = [...set].sort()
  return out
}

/** The key of a shard part's first record: its first line, as serializeMonthParts writes it. */
function firstKey(collection: CollectionName, path: string, text: string): string | null {
  const end = text.indexOf('\n', 2)
  const line = text.startsWith('[\n') && end > 2 ? text.slice(2, end).replace(/,$/, '') : ''
  try {
    return recordKey(collection, JSON.parse(line))
  } catch {
    // written by hand, not one record per line: read it whole
    const records = parseShard(text, path)
    return records.length > 0 ? recordKey(collection, records[0]) : null
  }
}

/**
 * meta.json's openParts after a save: for each collection whose open parts `shards` holds, the first
 * keys of parts 2… (recomputed from the texts); an entry for a collection whose open parts were not
 * read is kept from `known`. A collection in one part, or with a gap in its parts (not written by
 * this store), gets no entry: record runs read all of its parts.
 */
export function openPartIndex(
  shards: ShardTexts,
  known: Meta['openParts'] = {}
): NonNullable<Meta['openParts']> {
  const texts = new Map<CollectionName, Map<number, { path: string; text: string }>>()
  for (const [path, text] of shards) {
    const parsed = parseShardPath(path)
    if (parsed?.month !== OPEN_SHARD) continue
    let parts = texts.get(parsed.collection)
    if (!parts) texts.set(parsed.collection, (parts = new Map()))
    parts.set(parsed.part, { path, text })
  }
  const index: NonNullable<Meta['openParts']> = {}
  for (const [collection, keys] of Object.entries(known) as Array<[CollectionName, string[]]>) {
    if (!texts.has(collection)) index[collection] = keys
  }
  for (const [collection, parts] of texts) {
    const firsts: string[] = []
    for (let part = 2; part <= parts.size; part++) {
      const entry = parts.get(part)
      const key = entry ? firstKey(collection, entry.path, entry.text) : null
      if (key === null) break
      firsts.push(key)
    }
    if (parts.has(1) && firsts.length === parts.size - 1 && firsts.length > 0) index[collection] = firsts
  }
  return index
}

/** The part (1, 2, …) of a collection's open items that holds `key`, by meta.json's openParts. */
export function openPartOf(firsts: readonly string[], key: string): number {
  let part = 1
  while (part - 1 < firsts.length && compareKeys(firsts[part - 1], key) <= 0) part++
  return part
}
