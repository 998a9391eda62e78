import { graphql } from 'graphql'
import { GitStore, resolveObject, resolveRef } from '../../tools/github-emulator/git/index.js'
import { githubGraphqlSchema } from './helpers/server.js'

async function run(git: GitStore, query: string, variables: Record<string, unknown> = {}) {
  const rootValue = {
    repository: () => ({
      ref: ({ qualifiedName }: { qualifiedName: string }) => resolveRef(git, qualifiedName),
      object: ({ expression }: { expression: string }) => resolveObject(git, expression)
    })
  }
  const result = await graphql({
    schema: githubGraphqlSchema(),
    source: query,
    variableValues: variables,
    rootValue
  })
  if (result.errors) throw new Error(result.errors.map((e) => e.message).join('; '))
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- query results are checked field by field
  return result.data as { repository: Record<string, any> }
}

describe('GraphQL views of the git store', () => {
  const git = new GitStore()
  const head = git.commitFiles(
    'repo-metrics',
    {
      'meta.json': '{"schemaVersion":1}\n',
      'history/pulls/2025-07.json': '[]\n',
      'history/pulls/2025-08.json': '[1]\n'
    },
    'seed'
  )

  it('resolves a ref by qualified or short name', async () => {
    const data = await run(
      git,
      `query { repository(owner: "o", name: "r") {
        a: ref(qualifiedName: "refs/heads/repo-metrics") { name prefix target { oid ... on Commit { committedDate tree { oid } } } }
        b: ref(qualifiedName: "repo-metrics") { name }
        c: ref(qualifiedName: "refs/heads/none") { name } } }`
    )
    expect(data.repository.a).toEqual({
      name: 'repo-metrics',
      prefix: 'refs/heads/',
      target: { oid: head, committedDate: expect.any(String), tree: { oid: git.getCommit(head)?.tree } }
    })
    expect(data.repository.b).toEqual({ name: 'repo-metrics' })
    expect(data.repository.c).toBeNull()
  })

  it('resolves BRANCH:PATH blobs and nested trees', async () => {
    const data = await run(
      git,
      `query($m: String!, $h: String!) { repository(owner: "o", name: "r") {
        meta: object(expression: $m) { ... on Blob { oid text byteSize isBinary isTruncated } }
        history: object(expression: $h) { ... on Tree { entries { name path type mode object { ... on Tree {
          entries { name oid object { ... on Blob { text isTruncated } } } } } } } }
        missing: object(expression: "repo-metrics:nope.json") { oid } } }`,
      { m: 'repo-metrics:meta.json', h: 'repo-metrics:history' }
    )
    expect(data.repository.meta).toMatchObject({
      text: '{"schemaVersion":1}\n',
      byteSize: 20,
      isBinary: false,
      isTruncated: false
    })
    expect(data.repository.history.entries).toEqual([
      {
        name: 'pulls',
        path: 'history/pulls',
        type: 'tree',
        mode: 0o40000,
        object: {
          entries: [
            {
              name: '2025-07.json',
              oid: git.writeBlob('[]\n'),
              object: { text: '[]\n', isTruncated: false }
            },
            {
              name: '2025-08.json',
              oid: git.writeBlob('[1]\n'),
              object: { text: '[1]\n', isTruncated: false }
            }
          ]
        }
      }
    ])
    expect(data.repository.missing).toBeNull()
  })

  it('resolves OID:PATH, a bare branch to its commit, and truncates long blob text', async () => {
    git.blobTextLimit = 3
    try {
      const data = await run(
        git,
        `query($e: String!) { repository(owner: "o", name: "r") {
          byOid: object(expression: $e) { ... on Blob { text isTruncated byteSize } }
          commit: object(expression: "repo-metrics") { __typename oid ... on Commit { tree { oid } } } } }`,
        { e: `${head}:history/pulls/2025-08.json` }
      )
      expect(data.repository.byOid).toEqual({ text: '[1]', isTruncated: true, byteSize: 4 })
      expect(data.repository.commit).toEqual({
        __typename: 'Commit',
        oid: head,
        tree: { oid: git.getCommit(head)?.tree }
      })
    } finally {
      git.blobTextLimit = 512 * 1024
    }
  })
})
