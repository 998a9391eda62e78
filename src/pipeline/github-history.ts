/** The HistorySource of the action and the CLI: the GitHub sync (src/github/sync.ts) on one client. */
import { describeRateLimit, type GitHubClient } from '../github/client.js'
import { syncHistory } from '../github/sync.js'
import type { Logger } from '../log.js'
import { observeSyncProgress, type SyncProgress } from './sync-progress.js'
import type { HistorySource } from './types.js'

export type { SyncProgress } from './sync-progress.js'

export interface GitHubHistoryOptions {
  client: GitHubClient
  owner: string
  repo: string
  /** API base, for the description (e.g. https://api.github.com). */
  apiUrl: string
  log: Logger
  /** Hears, after each sync round, how far each collection is read (records read, total when known). */
  onProgress?: (progress: SyncProgress) => void
}

/** The resources a report run draws on, in the order the log names them. */
const RESOURCES = ['graphql', 'core']

export function createGitHubHistory(options: GitHubHistoryOptions): HistorySource {
  const { client, owner, repo, log } = options
  return {
    description: `${owner}/${repo} on ${options.apiUrl}`,
    sync: (request) => {
      const { onProgress } = options
      const watched = onProgress ? observeSyncProgress(client, request, onProgress) : client
      return syncHistory({ ...request, client: watched, owner, repo, log })
    },
    rateLimit() {
      const seen = RESOURCES.map((resource) => client.rateLimit(resource)).filter((info) => info !== null)
      return seen.length ? seen.map((info) => describeRateLimit(info)).join('; ') : describeRateLimit(null)
    },
    requests: () => client.requests()
  }
}
