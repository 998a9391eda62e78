/**
 * Folds a HistoryUpdate into an in-memory History, with the same upsert-by-key rules the store
 * applies to its shards, so a run can compute metrics on what it is about to save.
 */
import { recordKey, type CollectionName, type History } from '../model.js'
import type { HistoryUpdate } from '../store/types.js'

const COLLECTIONS: CollectionName[] = ['pulls', 'issues', 'commits', 'deployments', 'incidents']

export function applyUpdate(history: History, update: HistoryUpdate): History {
  const next: History = { ...history }
  for (const collection of COLLECTIONS) {
    const upserts = (update[collection] ?? []) as unknown[]
    const removals = update.remove?.[collection] ?? []
    if (upserts.length === 0 && removals.length === 0) continue
    const byKey = new Map<string, unknown>()
    for (const record of history[collection] as unknown[]) byKey.set(recordKey(collection, record), record)
    for (const key of removals) byKey.delete(key)
    for (const record of upserts) byKey.set(recordKey(collection, record), record)
    ;(next as unknown as Record<string, unknown[]>)[collection] = [...byKey.values()]
  }
  if (update.teams !== undefined) next.teams = update.teams
  if (update.defaultBranch !== undefined) next.defaultBranch = update.defaultBranch
  return next
}
