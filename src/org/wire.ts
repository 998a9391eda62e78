/**
 * Organization mode wired to GitHub: the reading client (the read token: an App installation token or
 * a PAT), the central branch of the metrics repository written with the workflow's token, and each
 * repository's store — a folder of the central branch whose saves a shard batches into a few commits,
 * or (federated) the repository's own data branch.
 */
import { createGitHubClient, type GitHubClient } from '../github/client.js'
import { readRepositoryFile } from '../github/repository-file.js'
import type { Logger } from '../log.js'
import { createGitHubHistory } from '../pipeline/github-history.js'
import type { Settings } from '../settings-types.js'
import { createCommitBatch, createGitDataStore } from '../store/index.js'
import { withInbox } from '../store/inbox.js'
import { orgAll, orgPlan, orgReport, orgSync, repositoryRoot, type OrgDeps } from './run.js'

export type OrgMode = 'org-plan' | 'org-sync' | 'org-report' | 'org'

export function gitHubOrgDeps(
  settings: Settings,
  writer: GitHubClient,
  log: Logger,
  setOutput: (name: string, value: string) => void
): OrgDeps {
  const { owner, repo } = settings.repository
  const readClient = (budget: number | null) =>
    createGitHubClient({
      token: settings.org.readToken,
      apiUrl: settings.apiUrl,
      graphqlUrl: settings.graphqlUrl,
      budget,
      log
    })
  // federated stores are each repository's own branch, written with the read token, as are the
  // repositories' own issues
  let federatedWriter: GitHubClient | null = null
  const branch = { branch: settings.dataBranch, graphqlUrl: settings.graphqlUrl, log }
  return {
    settings,
    log,
    now: new Date(),
    readClient,
    central: createGitDataStore({ octokit: writer.octokit, owner, repo, ...branch }),
    repositoryStore: (repository, batch) => {
      if (settings.org.layout === 'central') {
        return createGitDataStore({
          octokit: writer.octokit,
          owner,
          repo,
          root: repositoryRoot(repository),
          ...(batch ? { batch } : {}),
          ...branch
        })
      }
      federatedWriter ??= readClient(null)
      const [theirOwner, theirRepo] = repository.split('/')
      return withInbox(
        createGitDataStore({
          octokit: federatedWriter.octokit,
          owner: theirOwner,
          repo: theirRepo,
          ...branch
        })
      )
    },
    newBatch: () =>
      settings.org.layout === 'central'
        ? createCommitBatch({ octokit: writer.octokit, owner, repo, ...branch })
        : null,
    historyFor: (client, repository) => {
      const [theirOwner, theirRepo] = repository.split('/')
      return createGitHubHistory({ client, owner: theirOwner, repo: theirRepo, apiUrl: settings.apiUrl, log })
    },
    setOutput,
    readRepositoryFile: (path) => readRepositoryFile(writer, settings, path),
    issues: {
      central: writer.octokit,
      // other repositories' issues need the read token (the workflow's token writes only its own)
      repositories: (federatedWriter ??= readClient(null)).octokit
    }
  }
}

export async function runOrgMode(mode: OrgMode, deps: OrgDeps): Promise<void> {
  switch (mode) {
    case 'org-plan':
      await orgPlan(deps)
      return
    case 'org-sync':
      await orgSync(deps)
      return
    case 'org-report':
      await orgReport(deps)
      return
    case 'org':
      await orgAll(deps)
      return
  }
}
