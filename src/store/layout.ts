/**
 * The layout of shards by last activity as a whole: laying out a branch written by an earlier version,
 * the deployment kinds meta.json keeps, and which months a windowed load left unread.
 */
import type { CollectionName } from '../model.js'
import {
  type ShardTexts,
  checkedMonth,
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
