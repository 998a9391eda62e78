/** What a data branch would hold after syncs: records upserted by key, checkpoints merged. */
import type { GitHubClient } from '../../src/github/client.js'
import type { SyncOptions, SyncResult } from '../../src/github/sync.js'
import type { Logger } from '../../src/log.js'
import { recordKey, type CollectionName } from '../../src/model.js'
import type { Checkpoint } from '../../src/store/types.js'

export class MemoryStore {
  records: Record<CollectionName, Map<string, unknown>> = {
    pulls: new Map(),
    issues: new Map(),
    commits: new Map(),
    deployments: new Map(),
    incidents: new Map()
  }
  checkpoints: Record<string, Checkpoint> = {}
  teams: Record<string, string[]> | null = null

  /** The options of a sync of everything of owner/name into this store (deployment source auto). */
  syncOptions(client: GitHubClient, owner: string, repo: string, log: Logger): SyncOptions {
    return {
      client,
      owner,
      repo,
      checkpoints: this.checkpoints,
      storedTeams: this.teams,
      deploymentSource: { kind: 'auto' },
      deploymentEnvironment: 'production',
      since: null,
      until: null,
      log
    }
  }

  apply(result: SyncResult): void {
    const u = result.update
    for (const c of Object.keys(this.records) as CollectionName[]) {
      for (const r of (u[c] as unknown[] | undefined) ?? []) this.records[c].set(recordKey(c, r), r)
      for (const key of u.remove?.[c] ?? []) this.records[c].delete(key)
    }
    for (const [k, v] of Object.entries(u.checkpoints ?? {})) {
      if (v === null) delete this.checkpoints[k]
      else this.checkpoints[k] = v
    }
    if (u.teams !== undefined) this.teams = u.teams
  }

  dump(): Record<string, unknown[]> {
    const out: Record<string, unknown[]> = {}
    for (const [c, m] of Object.entries(this.records)) out[c] = [...m.keys()].sort().map((k) => m.get(k))
    return out
  }
}
