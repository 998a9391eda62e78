/**
 * The records one sync reads, per stored collection, upserted by the collection's record key (the
 * key the store's shards hold them by). A pull request or issue read twice in one run (it moved while
 * the run paged) keeps its newest version.
 */
import { type Commit, type Deployment, type Issue, type PullRequest, recordKey } from '../model.js'

export interface SyncedRecords {
  pulls: PullRequest
  issues: Issue
  commits: Commit
  deployments: Deployment
}

export type SyncedCollection = keyof SyncedRecords

/** The stored collections the sync writes, in the order it reports them. */
export const SYNCED_COLLECTIONS: readonly SyncedCollection[] = ['pulls', 'issues', 'commits', 'deployments']

export class SyncRecords {
  private readonly maps: { [C in SyncedCollection]: Map<string, SyncedRecords[C]> } = {
    pulls: new Map(),
    issues: new Map(),
    commits: new Map(),
    deployments: new Map()
  }

  put<C extends SyncedCollection>(collection: C, record: SyncedRecords[C]): void {
    const map = this.maps[collection] as Map<string, SyncedRecords[C]>
    const key = recordKey(collection, record)
    const existing = map.get(key) as { updatedAt?: string } | undefined
    const updatedAt = (record as { updatedAt?: string }).updatedAt
    if (existing?.updatedAt !== undefined && updatedAt !== undefined && existing.updatedAt > updatedAt) return
    map.set(key, record)
  }

  values<C extends SyncedCollection>(collection: C): SyncedRecords[C][] {
    return [...(this.maps[collection] as Map<string, SyncedRecords[C]>).values()]
  }

  count(collection: SyncedCollection): number {
    return this.maps[collection].size
  }
}
