import { createRequire } from 'node:module'
import { Ajv } from 'ajv'
import * as formatsModule from 'ajv-formats'
import { GitStore, handleGitRest } from '../../tools/github-emulator/git/index.js'
import type { EmulatorRequest, EmulatorResponse } from '../../tools/github-emulator/types.js'

type Json = Record<string, unknown>
const require = createRequire(import.meta.url)
const openapi = require('@octokit/openapi/generated/api.github.com.json') as {
  paths: Record<string, Record<string, { responses: Record<string, Json> }>>
  components: { schemas: Record<string, Json>; responses: Record<string, Json> }
}
type AddFormats = (ajv: Ajv) => Ajv
// ajv-formats is CommonJS: its plugin is the default export (possibly wrapped twice under ESM)
const formats = formatsModule as unknown as { default: AddFormats | { default: AddFormats } }
const addFormats: AddFormats =
  typeof formats.default === 'function' ? formats.default : formats.default.default

/** Inlines `$ref`s and turns OpenAPI's `nullable` into JSON Schema's `type: [..., 'null']`. */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema)
  if (node === null || typeof node !== 'object') return node
  const obj = node as Json
  if (typeof obj.$ref === 'string') {
    const [, section, name] = /^#\/components\/([^/]+)\/(.+)$/.exec(obj.$ref) as string[]
    return toJsonSchema(
      (openapi.components as unknown as Record<string, Record<string, Json>>)[section][name]
    )
  }
  const out: Json = {}
  for (const [key, value] of Object.entries(obj)) {
    if (key === 'nullable' || key === 'example' || key === 'examples') continue
    out[key] = toJsonSchema(value)
  }
  if (obj.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null']
    else if (out.oneOf || out.anyOf)
      out.anyOf = [...((out.anyOf ?? out.oneOf) as unknown[]), { type: 'null' }]
  }
  return out
}

const ajv = new Ajv({ strict: false, allErrors: true })
addFormats(ajv)

function expectMatchesOpenApi(route: string, method: string, response: EmulatorResponse): void {
  const declared = openapi.paths[`/repos/{owner}/{repo}${route}`][method].responses[String(response.status)]
  expect(declared).toBeDefined()
  const resolved = toJsonSchema(declared) as { content?: { 'application/json'?: { schema: Json } } }
  const schema = resolved.content?.['application/json']?.schema
  if (!schema) return
  const validate = ajv.compile(schema)
  const ok = validate(response.body)
  if (!ok)
    throw new Error(`${method.toUpperCase()} ${route} ${response.status}: ${ajv.errorsText(validate.errors)}`)
}

function request(git: GitStore, method: string, path: string, body?: unknown, query = ''): EmulatorResponse {
  const req: EmulatorRequest = {
    method,
    path,
    query: new URLSearchParams(query),
    body,
    headers: {},
    baseUrl: 'http://127.0.0.1:9999',
    owner: 'octo',
    repo: 'data'
  }
  const response = handleGitRest(git, req)
  if (!response) throw new Error(`no route for ${method} ${path}`)
  return response
}

describe('handleGitRest', () => {
  it('creates a branch from blobs, a tree, a commit and a ref, with GitHub-shaped responses', () => {
    const git = new GitStore()
    const blob = request(git, 'POST', '/git/blobs', {
      content: Buffer.from('hello\n').toString('base64'),
      encoding: 'base64'
    })
    expect(blob.status).toBe(201)
    expectMatchesOpenApi('/git/blobs', 'post', blob)
    const blobSha = (blob.body as { sha: string }).sha
    expect(blobSha).toBe('ce013625030ba8dba906f756967f9e9ca394464a')

    const gotBlob = request(git, 'GET', `/git/blobs/${blobSha}`)
    expectMatchesOpenApi('/git/blobs/{file_sha}', 'get', gotBlob)
    expect(Buffer.from((gotBlob.body as { content: string }).content, 'base64').toString()).toBe('hello\n')

    const tree = request(git, 'POST', '/git/trees', {
      tree: [
        { path: 'a.txt', mode: '100644', type: 'blob', sha: blobSha },
        { path: 'history/pulls/2025-07.json', mode: '100644', type: 'blob', content: '[]\n' }
      ]
    })
    expect(tree.status).toBe(201)
    expectMatchesOpenApi('/git/trees', 'post', tree)
    const treeSha = (tree.body as { sha: string }).sha

    const commit = request(git, 'POST', '/git/commits', { message: 'first', tree: treeSha, parents: [] })
    expect(commit.status).toBe(201)
    expectMatchesOpenApi('/git/commits', 'post', commit)
    const commitSha = (commit.body as { sha: string }).sha
    expectMatchesOpenApi('/git/commits/{commit_sha}', 'get', request(git, 'GET', `/git/commits/${commitSha}`))

    const ref = request(git, 'POST', '/git/refs', { ref: 'refs/heads/repo-metrics', sha: commitSha })
    expect(ref.status).toBe(201)
    expectMatchesOpenApi('/git/refs', 'post', ref)
    const got = request(git, 'GET', '/git/ref/heads/repo-metrics')
    expectMatchesOpenApi('/git/ref/{ref}', 'get', got)
    expect((got.body as { object: { sha: string } }).object.sha).toBe(commitSha)
    const matching = request(git, 'GET', '/git/matching-refs/heads/repo')
    expectMatchesOpenApi('/git/matching-refs/{ref}', 'get', matching)
    expect((matching.body as unknown[]).length).toBe(1)

    const recursive = request(git, 'GET', `/git/trees/${treeSha}`, undefined, 'recursive=1')
    expectMatchesOpenApi('/git/trees/{tree_sha}', 'get', recursive)
    expect((recursive.body as { tree: { path: string }[] }).tree.map((e) => e.path)).toEqual([
      'a.txt',
      'history',
      'history/pulls',
      'history/pulls/2025-07.json'
    ])
    expect(git.readFile('repo-metrics', 'history/pulls/2025-07.json')).toBe('[]\n')
    // the schema check itself rejects a wrong shape
    expect(() => expectMatchesOpenApi('/git/refs', 'post', { status: 201, body: { ref: 1 } })).toThrow(
      'must have required property'
    )
  })

  it('updates on a base tree, deletes with sha null, and refuses non-fast-forward updates', () => {
    const git = new GitStore()
    const first = git.commitFiles('data', { 'meta.json': '{}', 'history/pulls/2025-07.json': '[1]' }, 'one')
    const baseTree = git.getCommit(first)?.tree
    const tree = request(git, 'POST', '/git/trees', {
      base_tree: baseTree,
      tree: [
        { path: 'history/pulls/2025-07.json', mode: '100644', type: 'blob', sha: null },
        { path: 'reports/README.md', mode: '100644', type: 'blob', content: '# index\n' }
      ]
    })
    const treeSha = (tree.body as { sha: string }).sha
    const commit = request(git, 'POST', '/git/commits', { message: 'two', tree: treeSha, parents: [first] })
    const commitSha = (commit.body as { sha: string }).sha
    const stale = request(git, 'POST', '/git/commits', { message: 'stale', tree: treeSha, parents: [first] })
    const staleSha = (stale.body as { sha: string }).sha

    const ok = request(git, 'PATCH', '/git/refs/heads/data', { sha: commitSha, force: false })
    expect(ok.status).toBe(200)
    expectMatchesOpenApi('/git/refs/{ref}', 'patch', ok)
    expect(git.listFiles('data')).toEqual(['meta.json', 'reports/README.md'])

    const refused = request(git, 'PATCH', '/git/refs/heads/data', { sha: staleSha })
    expect(refused.status).toBe(422)
    expect((refused.body as { message: string }).message).toBe('Update is not a fast forward')
    expectMatchesOpenApi('/git/refs/{ref}', 'patch', refused)
    expect(git.getRef('refs/heads/data')).toBe(commitSha)

    const forced = request(git, 'PATCH', '/git/refs/heads/data', { sha: staleSha, force: true })
    expect(forced.status).toBe(200)
    expect(git.forcedUpdates).toBe(1)
  })

  it('answers 404 and 422 like GitHub', () => {
    const git = new GitStore()
    const missingRef = request(git, 'GET', '/git/ref/heads/nope')
    expect(missingRef.status).toBe(404)
    expect(missingRef.body).toMatchObject({ message: 'Not Found', documentation_url: expect.any(String) })
    expectMatchesOpenApi('/git/ref/{ref}', 'get', missingRef)
    expect(request(git, 'GET', `/git/blobs/${'0'.repeat(40)}`).status).toBe(404)
    expect(request(git, 'GET', `/git/commits/${'0'.repeat(40)}`).status).toBe(404)
    const badTree = request(git, 'POST', '/git/commits', { message: 'x', tree: 'f'.repeat(40), parents: [] })
    expect(badTree.status).toBe(422)
    expectMatchesOpenApi('/git/commits', 'post', badTree)
    expect(request(git, 'POST', '/git/trees', { base_tree: 'f'.repeat(40), tree: [] }).status).toBe(422)
    expect(request(git, 'PATCH', '/git/refs/heads/nope', { sha: 'f'.repeat(40) }).status).toBe(422)
    const head = git.commitFiles('data', { a: '1' }, 'one')
    expect(request(git, 'POST', '/git/refs', { ref: 'refs/heads/data', sha: head }).status).toBe(422)
    expect(request(git, 'DELETE', '/git/refs/heads/data').status).toBe(204)
    expect(request(git, 'DELETE', '/git/refs/heads/data').status).toBe(422)
    expect(
      handleGitRest(git, {
        method: 'GET',
        path: '/pulls',
        query: new URLSearchParams(),
        body: undefined,
        headers: {},
        baseUrl: '',
        owner: 'o',
        repo: 'r'
      })
    ).toBeUndefined()
  })
})
