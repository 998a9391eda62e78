import type { GitHubClient } from '../../src/github/client.js'
import { readTeams, TeamsUnavailableError } from '../../src/github/teams.js'

/** A GraphQL edge that fails with the given statuses first, then answers with the teams. */
function fakeClient(failures: number[], teams: Record<string, string[]>) {
  const documents: string[] = []
  const client = {
    async graphql(document: string, variables: Record<string, unknown>) {
      documents.push(document)
      const status = failures.shift()
      if (status !== undefined) throw Object.assign(new Error(`HTTP ${status}`), { status })
      const organization: Record<string, unknown> = {}
      for (const [key, value] of Object.entries(variables)) {
        const match = /^slug(\d+)$/.exec(key)
        if (!match) continue
        const members = teams[value as string]
        organization[`t${match[1]}`] = members
          ? {
              slug: value,
              members: {
                totalCount: members.length,
                pageInfo: { hasNextPage: false, endCursor: null },
                nodes: members.map((login) => ({ login }))
              }
            }
          : null
      }
      return { organization }
    }
  } as unknown as GitHubClient
  return { client, documents }
}

describe('readTeams', () => {
  it('retries a server error with smaller member pages and reads the teams', async () => {
    const { client, documents } = fakeClient([502], { core: ['bob', 'alice'] })
    const result = await readTeams(client, 'acme', ['core'], () => true)
    expect(result).toMatchObject({ readable: true, members: { core: ['alice', 'bob'] }, missing: [] })
    expect(documents[0]).toContain('members(first: 100')
    expect(documents[1]).toContain('members(first: 50')
  })

  it('gives up for this run on repeated server errors, without calling the teams unreadable', async () => {
    const { client } = fakeClient([502, 504, 502, 500, 502], { core: ['bob'] })
    await expect(readTeams(client, 'acme', ['core'], () => true)).rejects.toBeInstanceOf(
      TeamsUnavailableError
    )
  })

  it('calls the teams unreadable when GitHub refuses them (not a server error)', async () => {
    const { client } = fakeClient([403], { core: ['bob'] })
    expect((await readTeams(client, 'acme', ['core'], () => true)).readable).toBe(false)
  })
})
