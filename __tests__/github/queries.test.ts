import { validate } from '@octokit/graphql-schema'
import {
  syncQuery,
  teamMembersQuery,
  timelineFollowUpQuery,
  type SyncQueryParts
} from '../../src/github/queries.js'

const errorsOf = (document: string) => validate(document).map(String)

/** Every combination of the parts a sync round can carry. */
function allParts(): SyncQueryParts[] {
  const out: SyncQueryParts[] = []
  const orders = [undefined, 'CREATED_ASC', 'UPDATED_DESC'] as const
  for (const pulls of orders) {
    for (const issues of orders) {
      for (let mask = 0; mask < 8; mask++) {
        out.push({
          pulls: pulls && { order: pulls },
          pullsTop: pulls === 'CREATED_ASC',
          issues: issues && { order: issues },
          issuesTop: issues === 'CREATED_ASC',
          commits: !!(mask & 1),
          deployments: !!(mask & 2),
          releases: !!(mask & 4)
        })
      }
    }
  }
  return out
}

describe('GraphQL documents validate against GitHub’s schema', () => {
  it.each(allParts().map((p) => [JSON.stringify(p), p]))('sync round %s', (_name, parts) => {
    expect(errorsOf(syncQuery(parts as SyncQueryParts))).toEqual([])
  })

  it.each([1, 2, 10])('timeline follow-ups for %i nodes', (n) => {
    expect(errorsOf(timelineFollowUpQuery('pull', n))).toEqual([])
    expect(errorsOf(timelineFollowUpQuery('issue', n))).toEqual([])
  })

  it.each([1, 3, 10])('team members for %i teams', (n) => {
    expect(errorsOf(teamMembersQuery(n))).toEqual([])
  })

  it('asks for the rate limit in every document', () => {
    for (const doc of [syncQuery({}), timelineFollowUpQuery('pull', 1), teamMembersQuery(1)]) {
      expect(doc).toMatch(/rateLimit \{ limit cost remaining resetAt used \}/)
    }
  })

  it('the validator does reject a field GitHub does not have', () => {
    expect(
      errorsOf(syncQuery({ commits: true }).replace('committedDate', 'commitDate')).length
    ).toBeGreaterThan(0)
  })

  it('puts only the asked-for parts into a round', () => {
    const doc = syncQuery({ commits: true })
    expect(doc).toContain('history(')
    expect(doc).not.toContain('pullRequests(')
    expect(doc).not.toContain('$timelineFirst')
  })
})
