/**
 * The one rule for folding a HistoryUpdate into what is stored: removals by key first, then upserts by
 * key, where an older pull request or issue never replaces a newer one; teams and the default branch
 * replaced when the update carries them. The store's shard merge (./shards.ts), its meta update
 * (./meta.ts) and the pipeline's in-memory view (src/pipeline/apply-update.ts) all apply this rule,
 * so a report computes on exactly the records the store keeps.
 */
import { type CollectionName, type History, recordKey } from '../model.js'
import type { HistoryUpdate } from './types.js'

export const COLLECTIONS: readonly CollectionName[] = [
  'pulls',
  'issues',
  'commits',
  'deployments',
  'incidents'
]

/**
 * True when `incoming` must not replace `stored`: a pull request or issue whose `updatedAt` is older
 * than the stored one's describes GitHub at an earlier moment (an event folded by a record run that
 * lost a race with a report run's sync), so the stored record already includes it. Records without a
 * comparable `updatedAt` (commits, deployments, incidents) always replace.
 */
export function isOlderThanStored(incoming: unknown, stored: unknown): boolean {
  const next = (incoming as { updatedAt?: unknown } | null | undefined)?.updatedAt
  const current = (stored as { updatedAt?: unknown } | null | undefined)?.updatedAt
  return typeof next === 'string' && typeof current === 'string' && Date.parse(next) < Date.parse(current)
}

/** The upserts and removals an update carries for one collection. */
export function collectionUpdate(
  update: HistoryUpdate,
  collection: CollectionName
): { upserts: readonly unknown[]; removals: readonly string[] } {
  return {
    upserts: (update[collection] ?? []) as readonly unknown[],
    removals: update.remove?.[collection] ?? []
  }
}

/**
 * Applies removals, then upserts, to `records` (key → record, modified in place). Returns the keys
 * whose entry changed: look each up in `records` afterwards (absent means removed). An upsert older
 * than the record it meets is skipped; of several upserts of one key, the newest (the last among
 * equals) stays.
 */
export function mergeRecords(
  collection: CollectionName,
  records: Map<string, unknown>,
  upserts: readonly unknown[],
  removals: readonly string[]
): Set<string> {
  const changed = new Set<string>()
  for (const key of removals) {
    if (records.delete(key)) changed.add(key)
  }
  for (const record of upserts) {
    const key = recordKey(collection, record)
    if (isOlderThanStored(record, records.get(key))) continue
    records.set(key, record)
    changed.add(key)
  }
  return changed
}

/**
 * The teams and the default branch an update replaces (absent when it does not carry them): spread
 * over a history or a meta, `{ ...meta, ...repositoryFields(update) }`.
 */
export function repositoryFields(update: HistoryUpdate): Partial<Pick<History, 'teams' | 'defaultBranch'>> {
  const fields: Partial<Pick<History, 'teams' | 'defaultBranch'>> = {}
  if (update.teams !== undefined) fields.teams = update.teams
  if (update.defaultBranch !== undefined) fields.defaultBranch = update.defaultBranch
  return fields
}

/**
 * The history after an update, in memory (the input is not modified). A collection the update does
 * not touch is the same array; in a touched one, kept records keep their order and new keys follow.
 */
export function mergeHistory(history: History, update: HistoryUpdate): History {
  const next: History = { ...history, ...repositoryFields(update) }
  for (const collection of COLLECTIONS) {
    const { upserts, removals } = collectionUpdate(update, collection)
    if (upserts.length === 0 && removals.length === 0) continue
    const records = new Map<string, unknown>()
    for (const record of history[collection] as unknown[]) records.set(recordKey(collection, record), record)
    mergeRecords(collection, records, upserts, removals)
    ;(next as unknown as Record<CollectionName, unknown[]>)[collection] = [...records.values()]
  }
  return next
}
