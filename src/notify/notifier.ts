/** The Notifier of the action and the CLI: the labelled issue (./index.ts) in one repository. */
import type { Notifier } from '../pipeline/types.js'
import { notify, type IssueApi, type NotifyLogger } from './index.js'

export interface IssueNotifierOptions {
  octokit: IssueApi
  /** The repository the issues go to (`issue-repository`). */
  owner: string
  repo: string
  log: NotifyLogger
}

export function createIssueNotifier(options: IssueNotifierOptions): Notifier {
  const { octokit, owner, repo, log } = options
  return {
    description: `issues of ${owner}/${repo}`,
    async announce(notification) {
      const result = await notify({ ...notification, octokit, owner, repo, log })
      return {
        number: result.number,
        url: result.url,
        created: result.created,
        unchanged: result.unchanged === true
      }
    }
  }
}
