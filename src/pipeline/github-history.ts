/** The HistorySource of the action and the CLI: the GitHub sync (src/github/sync.ts) on one client. */
import { describeRateLimit, type GitHubClient } from '../github/client.js'
import { syncHistory } from '../github/sync.js'
import type { Logger } from '../log.js'
import type { HistorySource } from './types.js'

export interface GitHubHistoryOptions {
  client: GitHubClient
  owner: string
  repo: string
  /** API base, for the description (e.g. https://api.github.com). */
  apiUrl: string
  log: Logger
}

/** The resources a report run draws on, in the order the log names them. */
const RESOURCES = ['graphql', 'core']

export function createGitHubHistory(options: GitHubHistoryOptions): HistorySource {
  const { client, owner, repo, log } = options
  return {
    description: `${owner}/${repo} on ${options.apiUrl}`,
    sync: (request) => syncHistory({ ...request, client, owner, repo, log }),
    rateLimit() {
      const seen = RESOURCES.map((resource) => client.rateLimit(resource)).filter((info) => info !== null)
      return seen.length ? seen.map((info) => describeRateLimit(info)).join('; ') : describeRateLimit(null)
    },
    requests: () => client.requests()
  }
}
