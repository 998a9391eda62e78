import type { GitHubClient } from '../../src/github/client.js'
import { observeSyncProgress, type SyncProgress } from '../../src/pipeline/sync-progress.js'
import type { HistorySyncRequest } from '../../src/pipeline/types.js'

const nodes = (n: number) => Array.from({ length: n }, (_, i) => ({ i }))

/** A client whose GraphQL answers are given in turn. */
function scripted(answers: unknown[]): GitHubClient {
  return { graphql: async () => answers.shift() } as unknown as GitHubClient
}

const request = (over: Partial<HistorySyncRequest> = {}): HistorySyncRequest => ({
  checkpoints: {},
  stored: {},
  storedTeams: null,
  deploymentSource: { kind: 'auto' },
  deploymentEnvironment: 'production',
  since: null,
  until: null,
  ...over
})

const BACKFILL =
  'query { repository { pulls: pullRequests(first: $pullsFirst, orderBy: {field: CREATED_AT, direction: ASC}) { totalCount } } }'
const UPDATE =
  'query { repository { pulls: pullRequests(first: $pullsFirst, orderBy: {field: UPDATED_AT, direction: DESC}) { totalCount } } }'

describe('progress read from the sync rounds', () => {
  it('counts each collection against its totalCount, round after round', async () => {
    const seen: SyncProgress[] = []
    const client = observeSyncProgress(
      scripted([
        {
          repository: {
            pulls: { totalCount: 120, nodes: nodes(50) },
            commits: { target: { history: { totalCount: 30, nodes: nodes(30) } } },
            deployments: { totalCount: 4, nodes: nodes(4) }
          }
        },
        { repository: { pulls: { totalCount: 120, nodes: nodes(50) } } },
        { t0: { members: { nodes: [] } } }
      ]),
      request(),
      (p) => seen.push(p)
    )
    await client.graphql(BACKFILL, { pullsAfter: null })
    await client.graphql(BACKFILL, { pullsAfter: 'c1' })
    await client.graphql('query { t0: team }')
    expect(seen).toEqual([
      { collection: 'pull requests', read: 50, total: 120 },
      { collection: 'commits', read: 30, total: 30 },
      { collection: 'deployments', read: 4, total: 4 },
      { collection: 'pull requests', read: 100, total: 120 }
    ])
  })

  it('a resumed backfill starts from what is stored; an update has no total', async () => {
    const seen: SyncProgress[] = []
    const client = observeSyncProgress(
      scripted([
        { repository: { pulls: { totalCount: 300, nodes: nodes(50) } } },
        { repository: { pulls: { totalCount: 300, nodes: nodes(10) } } }
      ]),
      request({ stored: { pulls: 200 } }),
      (p) => seen.push(p)
    )
    await client.graphql(BACKFILL, { pullsAfter: 'cursor-from-last-run' })
    await client.graphql(UPDATE, { pullsAfter: null })
    // The update after the backfill only re-reads: the backfill's figures stand.
    expect(seen).toEqual([{ collection: 'pull requests', read: 250, total: 300 }])

    const updates: SyncProgress[] = []
    const incremental = observeSyncProgress(
      scripted([{ repository: { pulls: { totalCount: 300, nodes: nodes(7) } } }]),
      request({ stored: { pulls: 300 }, checkpoints: { pulls: { cursor: null } } }),
      (p) => updates.push(p)
    )
    await incremental.graphql(UPDATE, { pullsAfter: null })
    expect(updates).toEqual([{ collection: 'pull requests', read: 7, total: null }])
  })

  it('passes the answer through unchanged: one it cannot read, or when the listener throws', async () => {
    const odd = { repository: { pulls: 'not a connection' } }
    let calls = 0
    const quiet = observeSyncProgress(scripted([odd]), request(), () => calls++)
    await expect(quiet.graphql(BACKFILL)).resolves.toBe(odd)
    expect(calls).toBe(0)

    const good = { repository: { pulls: { totalCount: 1, nodes: nodes(1) } } }
    const throwing = observeSyncProgress(scripted([good]), request(), () => {
      throw new Error('a broken progress line')
    })
    await expect(throwing.graphql(BACKFILL)).resolves.toBe(good)
  })
})
