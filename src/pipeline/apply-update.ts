/**
 * Folds a HistoryUpdate into an in-memory History by the store's own merge rule (src/store/merge.ts),
 * so a run computes metrics on exactly what the store keeps after the save: removals and upserts by
 * key, an older pull request or issue never replacing a newer one, teams and the default branch.
 */
import type { History } from '../model.js'
import { mergeHistory } from '../store/merge.js'
import type { HistoryUpdate } from '../store/types.js'

export function applyUpdate(history: History, update: HistoryUpdate): History {
  return mergeHistory(history, update)
}
