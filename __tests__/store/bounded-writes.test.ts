/**
 * Bounded writes (issue 13): under the emulator's github profile, with request bodies limited to
 * 64 KB, a large save goes as several commits of bounded requests, meta.json moves only in the last
 * commit, and a run stopped between commits leaves a branch the next run completes.
 */
import { getOctokit } from '@actions/github'
import { createGitDataStore } from '../../src/store/git.js'
import { META_PATH } from '../../src/store/meta.js'
import { parseShard, parseShardPath } from '../../src/store/shards.js'
import type { HistoryUpdate } from '../../src/store/types.js'
import { bodyBytes, splitIntoCommits, treeRequestGroups } from '../../src/store/git/bounds.js'
import { startEmulator, type RunningEmulator } from '../../tools/github-emulator/server.js'
import type { GitStore } from '../../tools/github-emulator/git/index.js'
import { tinySeed } from '../emulator/helpers.js'
import { pull } from './fixtures.js'

const LIMIT = 64 * 1024
const COMMIT_BYTES = 90_000

interface Sent {
  method: string
  path: string
  bytes: number
}

const open: RunningEmulator[] = []
afterAll(async () => {
  await Promise.all(open.map((e) => e.stop()))
})

/** An emulator with github.com's limits, request bodies over 64 KB refused as GitHub does. */
async function strictGitHub(): Promise<{ emu: RunningEmulator; git: GitStore }> {
  const emu = await startEmulator({
    seed: tinySeed(),
    port: 0,
    profile: { name: 'github', treeBodyBytes: LIMIT, blobBodyBytes: LIMIT }
  })
  open.push(emu)
  return { emu, git: emu.state.git as unknown as GitStore }
}

/**
 * A store whose requests are recorded with their body sizes as sent; `stop` throws instead of
 * sending a request (the run ends there, as when the job is cancelled).
 */
function makeStore(
  emu: RunningEmulator,
  branch: string,
  sent: Sent[],
  stop: (request: Sent) => boolean = () => false
) {
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const body = typeof init?.body === 'string' ? init.body : ''
    const request = {
      method: (init?.method ?? 'GET').toUpperCase(),
      path: decodeURIComponent(new URL(String(input)).pathname.replace('/repos/acme/widgets', '')),
      bytes: Buffer.byteLength(body, 'utf8')
    }
    sent.push(request)
    if (stop(request)) throw new Error('injected: the run stops here')
    return globalThis.fetch(input, init)
  }
  const octokit = getOctokit('test-token', { baseUrl: emu.url, request: { fetch } })
  return createGitDataStore({
    octokit,
    owner: 'acme',
    repo: 'widgets',
    branch,
    backoffMs: 5,
    requestBodyLimit: LIMIT,
    commitBytes: COMMIT_BYTES,
    inlineLimit: 40_000
  })
}

/** Titles full of characters JSON escapes (twice: in the shard, then in the request body). */
function title(n: number): string {
  return `Pull ${n} ${'"quoted" \\ back é'.repeat(60)}`
}

/** 24 months of 9 pulls, and one busy month of 24 (a shard that goes as a blob). */
function bigHistory(): HistoryUpdate {
  const pulls = []
  let n = 1000
  for (let m = 0; m < 24; m++) {
    const month = `${2024 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`
    for (let i = 0; i < (m === 5 ? 24 : 9); i++)
      pulls.push(pull(++n, `${month}-${String(i + 1).padStart(2, '0')}T00:00:00Z`, { title: title(n) }))
  }
  return {
    pulls,
    checkpoints: { pulls: { newest: '2025-12-28T00:00:00Z' } },
    lastRun: { at: '2026-01-02T00:00:00Z', mode: 'sync', complete: true }
  }
}

const seedUpdate: HistoryUpdate = {
  pulls: [pull(1, '2023-06-01T00:00:00Z')],
  checkpoints: { pulls: { newest: '2023-06-01T00:00:00Z' } },
  lastRun: { at: '2026-01-01T00:00:00Z', mode: 'sync', complete: true }
}
const reportFiles = [{ path: 'reports/2025-02/README.md', content: '# February\n' }]

/** Commits from `head` back to (not including) `base`, oldest first. */
function commitsSince(git: GitStore, head: string, base: string | undefined): string[] {
  const chain: string[] = []
  for (let sha: string | undefined = head; sha !== undefined && sha !== base;) {
    chain.unshift(sha)
    sha = git.getCommit(sha)?.parents[0]
  }
  return chain
}

function branchFiles(git: GitStore, ref: string): Record<string, string | null> {
  return Object.fromEntries(git.listFiles(ref).map((path) => [path, git.readFile(ref, path)]))
}

async function refusals(emu: RunningEmulator): Promise<unknown> {
  return ((await (await fetch(`${emu.url}/_emulator/stats`)).json()) as { refusals?: unknown }).refusals
}

describe('bounded writes under the github profile', () => {
  it('a large save lands as several commits, no request body over the limit, meta only in the last', async () => {
    const { emu, git } = await strictGitHub()
    const sent: Sent[] = []
    const branch = 'repo-metrics'
    await makeStore(emu, branch, sent).save(seedUpdate, [], 'seed')
    const base = git.getRef(`refs/heads/${branch}`) as string
    const metaBefore = git.readFile(base, META_PATH)

    const update = bigHistory()
    const store = makeStore(emu, branch, sent)
    await store.load()
    const start = sent.length
    const result = await store.save(update, reportFiles, 'sync')
    const requests = sent.slice(start)

    expect(result.committed).toBe(true)
    expect(await refusals(emu)).toBeUndefined()
    // every body as sent fits, and the save needed several tree requests and a blob
    const writes = requests.filter((r) => r.method !== 'GET' && r.path !== '/graphql')
    expect(Math.max(...requests.map((r) => r.bytes))).toBeLessThanOrEqual(LIMIT)
    const trees = writes.filter((r) => r.path === '/git/trees')
    expect(trees.reduce((sum, r) => sum + r.bytes, 0)).toBeGreaterThan(6 * LIMIT)
    // some commit's tree took several requests, chained on each other
    const kinds = writes.map((r) => `${r.method} ${r.path}`).join('\n')
    expect(kinds).toContain('POST /git/trees\nPOST /git/trees\nPOST /git/commits')
    expect(writes.filter((r) => r.path === '/git/blobs').length).toBeGreaterThanOrEqual(1)

    const chain = commitsSince(git, result.commitSha as string, base)
    expect(chain.length).toBeGreaterThanOrEqual(3)
    expect(writes.filter((r) => r.method === 'PATCH')).toHaveLength(chain.length)
    const messages = chain.map((sha) => git.getCommit(sha)?.message)
    expect(messages.at(-1)).toBe(`sync (part ${chain.length} of ${chain.length})`)
    expect(messages[0]).toBe(`sync (part 1 of ${chain.length}: history)`)
    for (const sha of chain.slice(0, -1)) {
      // meta.json and the report wait for the last commit; every shard on the way is whole
      expect(git.readFile(sha, META_PATH)).toBe(metaBefore)
      expect(git.readFile(sha, 'reports/2025-02/README.md')).toBeNull()
      for (const path of git.listFiles(sha).filter((p) => parseShardPath(p)))
        expect(() => parseShard(git.readFile(sha, path) as string, path)).not.toThrow()
    }
    expect(git.readFile(result.commitSha as string, META_PATH)).not.toBe(metaBefore)

    const loaded = await makeStore(emu, branch, []).load()
    expect(loaded.history.pulls).toHaveLength(1 + (update.pulls?.length ?? 0))
    expect(loaded.history.pulls.find((p) => p.number === 1050)?.title).toBe(title(1050))
    expect(loaded.meta.checkpoints).toEqual(update.checkpoints)
    expect(git.readFile(branch, 'reports/2025-02/README.md')).toBe('# February\n')
    expect(result.paths).toEqual(
      expect.arrayContaining(['meta.json', 'reports/2025-02/README.md', 'history/pulls/2024-06.json'])
    )
    expect(git.forcedUpdates).toBe(0)

    // a small save afterwards is one commit: a tree, a commit, a ref update, as before
    const small = await requestsOf(sent, () =>
      store.save({ pulls: [pull(1, '2023-06-01T00:00:00Z', { title: 'edited' })] }, [], 'small')
    )
    expect(small.filter((r) => r.path !== '/graphql').map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /git/trees',
      'POST /git/commits',
      `PATCH /git/refs/heads/${branch}`
    ])
  }, 60_000)

  it('a run stopped between commits leaves the checkpoint unchanged and valid shards; the next run completes it', async () => {
    const { emu, git } = await strictGitHub()
    const update = bigHistory()

    // the same save, uninterrupted, on another branch: the content to end with
    await makeStore(emu, 'reference', []).save(seedUpdate, [], 'seed')
    await makeStore(emu, 'reference', []).save(update, reportFiles, 'sync')
    const expected = branchFiles(git, 'reference')

    const branch = 'stopped'
    await makeStore(emu, branch, []).save(seedUpdate, [], 'seed')
    const base = git.getRef(`refs/heads/${branch}`) as string
    const metaBefore = git.readFile(base, META_PATH)
    let refUpdates = 0
    const stopped = makeStore(emu, branch, [], (r) => r.method === 'PATCH' && ++refUpdates === 2)
    await stopped.load()
    await expect(stopped.save(update, reportFiles, 'sync')).rejects.toThrow()

    // the first commit landed, the second did not: history only, the checkpoint where it was
    const head = git.getRef(`refs/heads/${branch}`) as string
    expect(commitsSince(git, head, base)).toHaveLength(1)
    expect(git.readFile(head, META_PATH)).toBe(metaBefore)
    expect(git.readFile(head, 'reports/2025-02/README.md')).toBeNull()
    const partial = await makeStore(emu, branch, []).load()
    expect(partial.meta.checkpoints).toEqual(seedUpdate.checkpoints)
    const stored = partial.history.pulls.length
    expect(stored).toBeGreaterThan(1)
    expect(stored).toBeLessThan(1 + (update.pulls?.length ?? 0))

    // the next run syncs from the old checkpoint (the same records) and completes
    const next = makeStore(emu, branch, [])
    await next.load()
    const result = await next.save(update, reportFiles, 'sync')
    expect(result.committed).toBe(true)
    expect(branchFiles(git, branch)).toEqual(expected)
    expect(await refusals(emu)).toBeUndefined()
  }, 60_000)

  it('re-reads and goes on when another writer moves the branch between two commits of a save', async () => {
    const { emu, git } = await strictGitHub()
    const branch = 'raced'
    await makeStore(emu, branch, []).save(seedUpdate, [], 'seed')
    let refUpdates = 0
    const store = makeStore(emu, branch, [], (r) => {
      // just before the second ref update, another writer lands a commit of its own
      if (r.method === 'PATCH' && ++refUpdates === 2)
        git.commitFiles(branch, { 'reports/other.md': 'other writer\n' }, 'other writer')
      return false
    })
    await store.load()
    const update = bigHistory()
    const result = await store.save(update, reportFiles, 'sync')
    expect(result.retries).toBe(1)
    expect(git.readFile(branch, 'reports/other.md')).toBe('other writer\n')
    const loaded = await makeStore(emu, branch, []).load()
    expect(loaded.history.pulls).toHaveLength(1 + (update.pulls?.length ?? 0))
    expect(loaded.meta.checkpoints).toEqual(update.checkpoints)
    expect(git.forcedUpdates).toBe(0)
  }, 60_000)

  it('a large first save creates the branch with its first commit and moves it with the next', async () => {
    const { emu, git } = await strictGitHub()
    const sent: Sent[] = []
    const result = await makeStore(emu, 'fresh', sent).save(bigHistory(), reportFiles, 'first')
    const refs = sent.filter((r) => r.path.startsWith('/git/refs')).map((r) => `${r.method} ${r.path}`)
    expect(refs[0]).toBe('POST /git/refs')
    expect(refs.slice(1).length).toBeGreaterThanOrEqual(2)
    expect(refs.slice(1).every((r) => r === 'PATCH /git/refs/heads/fresh')).toBe(true)
    const chain = commitsSince(git, result.commitSha as string, undefined)
    expect(git.getCommit(chain[0])?.parents).toEqual([])
    expect(git.readFile(chain[0], META_PATH)).toBeNull()
    expect(Math.max(...sent.map((r) => r.bytes))).toBeLessThanOrEqual(LIMIT)
    expect((await makeStore(emu, 'fresh', []).load()).history.pulls).toHaveLength(
      bigHistory().pulls?.length ?? 0
    )
  }, 60_000)

  it('refuses, before writing anything, a file no request body can carry', async () => {
    const { emu, git } = await strictGitHub()
    const branch = 'too-big'
    await makeStore(emu, branch, []).save(seedUpdate, [], 'seed')
    const before = git.getRef(`refs/heads/${branch}`)
    const sent: Sent[] = []
    const store = makeStore(emu, branch, sent)
    await expect(
      store.save({}, [{ path: 'reports/huge.svg', content: 'x'.repeat(LIMIT + 1) }], 'huge')
    ).rejects.toThrow(
      /the file reports\/huge\.svg is 65,537 bytes, .* over the 65,536-byte limit of one request to GitHub .* meta\.json and its sync checkpoints were not changed/
    )
    expect(sent.filter((r) => r.path !== '/graphql')).toEqual([])
    expect(git.getRef(`refs/heads/${branch}`)).toBe(before)
  })
})

async function requestsOf(sent: Sent[], work: () => Promise<unknown>): Promise<Sent[]> {
  const start = sent.length
  await work()
  return sent.slice(start)
}

describe('splitting', () => {
  const isShard = (path: string) => path.startsWith('history/')

  it('keeps a save that fits in one commit', () => {
    const writes = new Map<string, string | null>([
      ['history/pulls/2025-01.json', 'a'.repeat(50)],
      ['meta.json', '{}'],
      ['reports/x.md', null]
    ])
    expect(splitIntoCommits(writes, isShard, 100)).toEqual([{ writes, final: true }])
  })

  it('puts shards first in bounded commits and meta with the caller files last', () => {
    const writes = new Map<string, string | null>([
      ['meta.json', 'm'.repeat(10)],
      ['history/pulls/2025-02.json', 'b'.repeat(60)],
      ['reports/x.md', 'r'.repeat(10)],
      ['history/pulls/2025-01.json', 'a'.repeat(60)],
      ['history/issues/2025-01.json', null],
      ['history/pulls/2025-03.json', 'c'.repeat(150)]
    ])
    const batches = splitIntoCommits(writes, isShard, 100)
    expect(batches.map((b) => [[...b.writes.keys()], b.final])).toEqual([
      [['history/issues/2025-01.json', 'history/pulls/2025-01.json'], false],
      [['history/pulls/2025-02.json'], false],
      [['history/pulls/2025-03.json'], false],
      [['meta.json', 'reports/x.md'], true]
    ])
    // the last shards share the final commit when they fit
    const fits = new Map([...writes].filter(([p]) => p !== 'history/pulls/2025-03.json'))
    expect(splitIntoCommits(fits, isShard, 100).map((b) => [...b.writes.keys()])).toEqual([
      ['history/issues/2025-01.json', 'history/pulls/2025-01.json'],
      ['history/pulls/2025-02.json', 'meta.json', 'reports/x.md']
    ])
  })

  it('groups tree entries into bodies of at most the limit, measured as serialized JSON', () => {
    const entries = Array.from({ length: 30 }, (_, i) => ({
      path: `history/pulls/${i}.json`,
      content: '"\\é'.repeat(40 + i)
    }))
    const limit = 1200
    const groups = treeRequestGroups(entries, limit)
    expect(groups.length).toBeGreaterThan(5)
    expect(groups.flat()).toEqual(entries)
    for (const group of groups)
      expect(bodyBytes({ tree: group, base_tree: 'f'.repeat(40) })).toBeLessThanOrEqual(limit)
    // and each group is full: the next entry would not have fitted
    for (let g = 0; g < groups.length - 1; g++)
      expect(
        bodyBytes({ tree: [...groups[g], groups[g + 1][0]], base_tree: 'f'.repeat(40) })
      ).toBeGreaterThan(limit)
  })
})
