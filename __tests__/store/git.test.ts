import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import { validate } from '@octokit/graphql-schema'
import { buildReadQuery, createGitDataStore, LIST_QUERY } from '../../src/store/git.js'
import { buildBlobsQuery } from '../../src/store/git/queries.js'
import { serializeShard } from '../../src/store/shards.js'
import { createDirectoryStore } from '../../src/store/directory.js'
import { exportStoreToDirectory } from '../../src/store/export.js'
import {
  ReadOnlyStoreError,
  SchemaVersionError,
  type HistoryUpdate,
  type FileChange
} from '../../src/store/types.js'
import { memoryLogger } from '../../src/log.js'
import { startTestGitHub, type RecordedRequest, type TestGitHub } from '../emulator-git/helpers/server.js'
import { deployment, pull } from './fixtures.js'

const BRANCH = 'repo-metrics'

let gh: TestGitHub

beforeAll(async () => {
  gh = await startTestGitHub()
})
afterAll(async () => {
  await gh.close()
})

let branchCounter = 0
/** A fresh branch name per test, so tests share one server without sharing data. */
function freshBranch(): string {
  return `${BRANCH}-${++branchCounter}`
}

function makeStore(branch: string, extra: Partial<Parameters<typeof createGitDataStore>[0]> = {}) {
  const octokit = getOctokit('test-token', { baseUrl: gh.url })
  return createGitDataStore({ octokit, owner: 'octo', repo: 'data', branch, backoffMs: 5, ...extra })
}

/** Requests made while `work` runs. */
async function requestsDuring(work: () => Promise<unknown>): Promise<RecordedRequest[]> {
  const start = gh.requests.length
  await work()
  return gh.requests.slice(start)
}

function describeRequests(requests: RecordedRequest[]): string[] {
  return requests.map((r) => `${r.method} ${decodeURIComponent(r.path.replace('/repos/octo/data', ''))}`)
}

describe('GraphQL documents', () => {
  it('validate against GitHub’s schema', () => {
    const documents = [
      buildReadQuery({ history: 'list', files: [] }),
      buildReadQuery({ history: 'list', files: [{ needText: true }, { needText: false }] }),
      buildBlobsQuery(1),
      buildBlobsQuery(3),
      buildReadQuery({ history: null, files: [{ needText: false }] }),
      buildReadQuery({ history: null, files: [] }),
      LIST_QUERY
    ]
    for (const document of documents) expect(validate(document)).toEqual([])
    // and the check is real: an unknown field is reported
    expect(validate('query { repository(owner: "a", name: "b") { nope } }').length).toBeGreaterThan(0)
  })
})

describe('createGitDataStore', () => {
  it('creates the branch as an orphan commit in three writes after one read', async () => {
    const branch = freshBranch()
    const store = makeStore(branch)
    let loadedHead: string | null = 'unset'
    const loadRequests = await requestsDuring(async () => {
      const state = await store.load()
      loadedHead = state.head
      expect(state.meta.repository).toBe('octo/data')
    })
    expect(loadedHead).toBeNull()
    expect(describeRequests(loadRequests)).toEqual(['POST /graphql'])
    const saveRequests = await requestsDuring(async () => {
      const result = await store.save({ pulls: [pull(1, '2025-07-01T00:00:00Z')] }, [], 'Store history')
      expect(result.committed).toBe(true)
      expect(result.paths).toEqual(['history/pulls/2025-07.json', 'meta.json'])
    })
    expect(describeRequests(saveRequests)).toEqual(['POST /git/trees', 'POST /git/commits', 'POST /git/refs'])
    const head = gh.git.getRef(`refs/heads/${branch}`) as string
    expect(gh.git.getCommit(head)?.parents).toEqual([])
    expect(gh.git.getCommit(head)?.message).toBe('Store history')
  })

  it('a warm run reads once and writes only the changed shards', async () => {
    const branch = freshBranch()
    await makeStore(branch).save(
      { pulls: [pull(1, '2025-07-01T00:00:00Z'), pull(2, '2025-08-01T00:00:00Z')] },
      [{ path: 'reports/README.md', content: '# index\n' }],
      'seed'
    )
    const store = makeStore(branch)
    const requests = await requestsDuring(async () => {
      const state = await store.load()
      expect(state.history.pulls.map((p) => p.number)).toEqual([1, 2])
      const result = await store.save(
        { pulls: [pull(2, '2025-08-01T00:00:00Z', { title: 'edited' })] },
        [
          { path: 'reports/README.md', content: '# index\n' },
          { path: 'reports/2025-08/README.md', content: '# August\n' }
        ],
        'update'
      )
      // meta.json is unchanged (no checkpoint moved), the unchanged report is not rewritten
      expect(result.paths).toEqual(['history/pulls/2025-08.json', 'reports/2025-08/README.md'])
    })
    // load: the listing with meta, the shard texts; save: the head and the report's blob id
    expect(describeRequests(requests)).toEqual([
      'POST /graphql',
      'POST /graphql',
      'POST /graphql',
      'POST /git/trees',
      'POST /git/commits',
      'PATCH /git/refs/heads/' + branch
    ])
    expect(gh.git.readFile(branch, 'reports/2025-08/README.md')).toBe('# August\n')
    expect(gh.git.readFile(branch, 'history/pulls/2025-07.json')).toContain('"number":1')
  })

  it('the same run twice makes no second commit and no duplicate record', async () => {
    const branch = freshBranch()
    const run = async (at: string) => {
      const store = makeStore(branch)
      const state = await store.load()
      const update: HistoryUpdate = {
        pulls: [pull(1, '2025-07-01T00:00:00Z'), pull(2, '2025-07-02T00:00:00Z')],
        checkpoints: { pulls: { newest: '2025-07-02T00:00:00Z' } },
        lastRun: { at, mode: 'report', complete: true }
      }
      const result = await store.save(
        update,
        [{ path: 'snapshots/2025-07.json', content: '{"n":2}\n' }],
        'report 2025-07'
      )
      return { state, result }
    }
    const first = await run('2026-01-01T00:00:00Z')
    expect(first.result.committed).toBe(true)
    const head = gh.git.getRef(`refs/heads/${branch}`)
    let second: Awaited<ReturnType<typeof run>> | undefined
    const requests = await requestsDuring(async () => {
      second = await run('2026-01-02T00:00:00Z')
    })
    expect(second?.result).toEqual({ committed: false, commitSha: head, retries: 0, paths: [] })
    expect(gh.git.getRef(`refs/heads/${branch}`)).toBe(head)
    // the listing with meta, the shard texts, the head and the snapshot's blob id
    expect(describeRequests(requests)).toEqual(['POST /graphql', 'POST /graphql', 'POST /graphql'])
    const loaded = await makeStore(branch).load()
    expect(loaded.history.pulls.map((p) => p.number)).toEqual([1, 2])
  })

  it('8 concurrent writers all land, every record stored once, no forced update', async () => {
    const branch = freshBranch()
    const forcedBefore = gh.git.forcedUpdates
    const results = await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        const store = makeStore(branch, { maxAttempts: 12 })
        await store.load()
        return store.save(
          {
            pulls: [
              pull(100 + w, `2025-0${1 + (w % 3)}-10T00:00:00Z`),
              pull(200 + w, '2025-05-01T00:00:00Z')
            ],
            deployments: [deployment('shared', '2025-06-01T00:00:00Z')],
            checkpoints: { [`w${w}`]: { done: true } }
          },
          [{ path: 'ingest/2025-06-01.jsonl', append: JSON.stringify({ writer: w }) }],
          `writer ${w}`
        )
      })
    )
    expect(results.every((r) => r.committed)).toBe(true)
    expect(results.reduce((sum, r) => sum + r.retries, 0)).toBeGreaterThan(0)
    expect(gh.git.forcedUpdates).toBe(forcedBefore)
    const loaded = await makeStore(branch).load()
    expect(loaded.history.pulls.map((p) => p.number).sort()).toEqual([
      100, 101, 102, 103, 104, 105, 106, 107, 200, 201, 202, 203, 204, 205, 206, 207
    ])
    expect(loaded.history.deployments).toHaveLength(1)
    expect(Object.keys(loaded.meta.checkpoints).sort()).toEqual([
      'w0',
      'w1',
      'w2',
      'w3',
      'w4',
      'w5',
      'w6',
      'w7'
    ])
    const audit = (gh.git.readFile(branch, 'ingest/2025-06-01.jsonl') as string).trim().split('\n')
    expect(audit.map((l) => JSON.parse(l).writer).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
  })

  it('re-applies its update on top of a writer that landed first, keeping that writer’s records', async () => {
    const branch = freshBranch()
    await makeStore(branch).save({ pulls: [pull(1, '2025-07-01T00:00:00Z')] }, [], 'seed')
    const slow = makeStore(branch)
    await slow.load()
    await makeStore(branch).save({ pulls: [pull(2, '2025-07-02T00:00:00Z')] }, [], 'fast writer')
    gh.git.raceNextRefUpdate()
    const result = await slow.save({ pulls: [pull(3, '2025-07-03T00:00:00Z')] }, [], 'slow writer')
    expect(result.retries).toBe(1)
    const head = result.commitSha as string
    const parent = gh.git.getCommit(head)?.parents[0] as string
    expect(gh.git.getCommit(parent)?.message).toBe('concurrent writer')
    const loaded = await makeStore(branch).load()
    expect(loaded.history.pulls.map((p) => p.number)).toEqual([1, 2, 3])
  })

  it('retries a 422 "Reference update failed" as a conflict and logs the retry to a Logger', async () => {
    const branch = freshBranch()
    await makeStore(branch).save({ pulls: [pull(1, '2025-07-01T00:00:00Z')] }, [], 'seed')
    const octokit = getOctokit('test-token', { baseUrl: gh.url })
    let refused = 0
    // GitHub's answer when another update of the ref raced this one: the other writer landed first
    octokit.hook.before('request', (options) => {
      if (options.method !== 'PATCH' || refused++ > 0) return
      gh.git.commitFiles(branch, { 'reports/other.md': 'other writer\n' }, 'other writer')
      const data = { message: 'Reference update failed', documentation_url: 'https://docs.github.com/rest' }
      throw Object.assign(new Error('Reference update failed'), {
        name: 'HttpError',
        status: 422,
        request: options,
        response: { status: 422, url: String(options.url), headers: {}, data }
      })
    })
    const logger = memoryLogger()
    const store = createGitDataStore({
      octokit,
      owner: 'octo',
      repo: 'data',
      branch,
      backoffMs: 5,
      log: logger
    })
    await store.load()
    const result = await store.save({ pulls: [pull(2, '2025-07-02T00:00:00Z')] }, [], 'slow writer')
    expect(refused).toBe(2)
    expect(result.retries).toBe(1)
    expect(logger.lines).toEqual([
      expect.stringMatching(
        /^info: branch .* of octo\/data moved while saving \(attempt 1\); re-reading and retrying in \d+ ms$/
      )
    ])
    expect(gh.git.readFile(branch, 'reports/other.md')).toBe('other writer\n')
    expect((await makeStore(branch).load()).history.pulls.map((p) => p.number)).toEqual([1, 2])
  })

  it('gives up after the bounded number of attempts without forcing', async () => {
    const branch = freshBranch()
    await makeStore(branch).save({ pulls: [pull(1, '2025-07-01T00:00:00Z')] }, [], 'seed')
    const store = makeStore(branch, { maxAttempts: 3 })
    for (let i = 0; i < 3; i++) gh.git.raceNextRefUpdate()
    await expect(store.save({ pulls: [pull(2, '2025-07-02T00:00:00Z')] }, [], 'x')).rejects.toThrow(
      'other writers moved the branch 3 times in a row'
    )
    expect(gh.git.readFile(branch, 'history/pulls/2025-07.json')).not.toContain('"number":2')
  })

  describe('when a request of a run fails', () => {
    const update: HistoryUpdate = {
      pulls: [pull(5, '2025-07-05T00:00:00Z'), pull(6, '2025-09-01T00:00:00Z')],
      deployments: [deployment('d1', '2025-07-06T00:00:00Z')],
      checkpoints: { pulls: { newest: '2025-09-01T00:00:00Z' } }
    }
    const files: FileChange[] = [
      { path: 'reports/2025-09/README.md', content: '# September\n' },
      { path: 'ingest/2025-09-01.jsonl', append: '{"call":1}' }
    ]
    const run = async (branch: string) => {
      const store = makeStore(branch)
      await store.load()
      return store.save(update, files, 'run')
    }

    // a run against an existing branch makes: load, file probe, tree, commit, ref update
    for (let failing = 0; failing < 5; failing++) {
      it(`request ${failing + 1} of 5 fails: the branch is before or after the commit, and the next run completes`, async () => {
        const branch = freshBranch()
        await makeStore(branch).save({ pulls: [pull(1, '2025-07-01T00:00:00Z')] }, [], 'seed')
        const before = gh.git.getRef(`refs/heads/${branch}`)
        const start = gh.requests.length
        gh.faults = [(_, index) => (index === start + failing ? 502 : undefined)]
        let outcome: { committed: boolean; commitSha: string | null } | Error
        try {
          outcome = await run(branch).catch((e: Error) => e)
        } finally {
          gh.faults = []
        }
        const after = gh.git.getRef(`refs/heads/${branch}`)
        if (outcome instanceof Error) {
          expect(after).toBe(before)
        } else {
          // a failed read is recovered (the one-request read falls back to smaller reads)
          expect(failing).toBe(0)
          expect(after).toBe(outcome.commitSha)
        }
        const next = await run(branch)
        expect(next.committed).toBe(true)
        const loaded = await makeStore(branch).load()
        expect(loaded.history.pulls.map((p) => p.number)).toEqual([1, 5, 6])
        expect(loaded.history.deployments).toHaveLength(1)
        expect(loaded.meta.checkpoints).toEqual({ pulls: { newest: '2025-09-01T00:00:00Z' } })
        expect(gh.git.readFile(branch, 'reports/2025-09/README.md')).toBe('# September\n')
        const audit = gh.git.readFile(branch, 'ingest/2025-09-01.jsonl') as string
        expect(audit).toBe(outcome instanceof Error ? '{"call":1}\n' : '{"call":1}\n{"call":1}\n')
        // and a further run finds nothing left to do except the audit line it appends
        const third = await run(branch)
        expect(third.paths).toEqual(['ingest/2025-09-01.jsonl'])
      })
    }

    it('a ref update that landed but whose response was lost counts as landed', async () => {
      const branch = freshBranch()
      await makeStore(branch).save({ pulls: [pull(1, '2025-07-01T00:00:00Z')] }, [], 'seed')
      gh.lostResponses = [(r) => (r.method === 'PATCH' ? 502 : undefined)]
      let result
      try {
        result = await run(branch)
      } finally {
        gh.lostResponses = []
      }
      expect(result.committed).toBe(true)
      expect(gh.git.getRef(`refs/heads/${branch}`)).toBe(result.commitSha)
      expect((await makeStore(branch).load()).history.pulls.map((p) => p.number)).toEqual([1, 5, 6])
    })

    it('a branch creation retried by the retry plugin after its response was lost counts as landed', async () => {
      const branch = freshBranch()
      const octokit = getOctokit('test-token', { baseUrl: gh.url, request: { retryAfter: 0 } }, retry)
      const store = createGitDataStore({ octokit, owner: 'octo', repo: 'data', branch, backoffMs: 5 })
      let lost = 0
      gh.lostResponses = [
        (r) => (r.method === 'POST' && r.path.endsWith('/git/refs') && lost++ === 0 ? 502 : undefined)
      ]
      let result
      const start = gh.requests.length
      try {
        await store.load()
        result = await store.save(update, files, 'run')
      } finally {
        gh.lostResponses = []
      }
      // the plugin repeated the creation, which was refused as existing; the re-read found it landed
      expect(describeRequests(gh.requests.slice(start)).filter((r) => r === 'POST /git/refs')).toHaveLength(2)
      expect(result.retries).toBe(1)
      expect(result.committed).toBe(true)
      expect(gh.git.getRef(`refs/heads/${branch}`)).toBe(result.commitSha)
      expect(gh.git.readFile(branch, 'ingest/2025-09-01.jsonl')).toBe('{"call":1}\n')
    })

    it('on a missing branch, a failed ref creation leaves no branch and the next run creates it', async () => {
      const branch = freshBranch()
      gh.faults = [(r) => (r.method === 'POST' && r.path.endsWith('/git/refs') ? 500 : undefined)]
      try {
        await expect(run(branch)).rejects.toThrow()
      } finally {
        gh.faults = []
      }
      expect(gh.git.getRef(`refs/heads/${branch}`)).toBeUndefined()
      expect((await run(branch)).committed).toBe(true)
      expect((await makeStore(branch).load()).history.pulls).toHaveLength(2)
    })
  })

  it('a read-only token gets ReadOnlyStoreError and nothing is written', async () => {
    const branch = freshBranch()
    await makeStore(branch).save({ pulls: [pull(1, '2025-07-01T00:00:00Z')] }, [], 'seed')
    const before = gh.git.getRef(`refs/heads/${branch}`)
    gh.readOnly = true
    try {
      const store = makeStore(branch)
      const state = await store.load()
      expect(state.history.pulls).toHaveLength(1)
      const attempt = store.save({ pulls: [pull(2, '2025-07-02T00:00:00Z')] }, [], 'x')
      await expect(attempt).rejects.toBeInstanceOf(ReadOnlyStoreError)
      await expect(
        makeStore(branch).save({ pulls: [pull(2, '2025-07-02T00:00:00Z')] }, [], 'x')
      ).rejects.toThrow('A pull request from a fork gets a read-only token')
    } finally {
      gh.readOnly = false
    }
    expect(gh.git.getRef(`refs/heads/${branch}`)).toBe(before)
  })

  it('refuses a branch written by a newer schema, without writing', async () => {
    const branch = freshBranch()
    gh.git.commitFiles(branch, { 'meta.json': '{"schemaVersion": 7}\n' }, 'from the future')
    const before = gh.git.getRef(`refs/heads/${branch}`)
    const requests = await requestsDuring(async () => {
      await expect(makeStore(branch).load()).rejects.toThrow(SchemaVersionError)
      await expect(
        makeStore(branch).save({ pulls: [pull(1, '2025-07-01T00:00:00Z')] }, [], 'x')
      ).rejects.toThrow(`branch ${branch} of octo/data uses schema version 7`)
    })
    expect(requests.every((r) => r.path === '/graphql')).toBe(true)
    expect(gh.git.getRef(`refs/heads/${branch}`)).toBe(before)
  })

  it('upgrades a version 0 branch on its next save', async () => {
    const branch = freshBranch()
    gh.git.commitFiles(
      branch,
      {
        'meta.json': '{"repository":"octo/data","sync":{"issues":{"cursor":"abc"}}}',
        'history/pulls/2025-07.json': JSON.stringify([pull(3, '2025-07-03T00:00:00Z')])
      },
      'v0 layout'
    )
    const store = makeStore(branch)
    const state = await store.load()
    expect(state.meta.checkpoints).toEqual({ issues: { cursor: 'abc' } })
    expect(state.history.pulls.map((p) => p.number)).toEqual([3])
    const result = await store.save({}, [], 'migrate')
    // the shard is written again in the canonical form of the activity layout
    expect(result.paths).toEqual(['history/pulls/2025-07.json', 'meta.json'])
    expect(JSON.parse(gh.git.readFile(branch, 'meta.json') as string).schemaVersion).toBe(1)
    expect(gh.git.readFile(branch, 'history/pulls/2025-07.json')).toBe(
      serializeShard('pulls', [pull(3, '2025-07-03T00:00:00Z')])
    )
  })

  it('reads truncated blobs through REST and uploads large files as blobs', async () => {
    const branch = freshBranch()
    const big = `${'x'.repeat(2000)}\n`
    const store = makeStore(branch, { inlineLimit: 1000 })
    const writes = await requestsDuring(() =>
      store.save(
        { pulls: [pull(1, '2025-07-01T00:00:00Z')] },
        [{ path: 'reports/big.svg', content: big }],
        'big'
      )
    )
    expect(describeRequests(writes)).toContain('POST /git/blobs')
    gh.git.blobTextLimit = 100
    try {
      const reads = await requestsDuring(async () => {
        const state = await makeStore(branch).load()
        expect(state.history.pulls[0].reviews).toHaveLength(1)
        expect(await makeStore(branch).readFile('reports/big.svg')).toBe(big)
      })
      expect(
        describeRequests(reads).filter((r) => r.startsWith('GET /git/blobs/')).length
      ).toBeGreaterThanOrEqual(2)
    } finally {
      gh.git.blobTextLimit = 512 * 1024
    }
  })

  it('a windowed load reads the months from since on and the open items, and a save reads an unread month it lands in first', async () => {
    const branch = freshBranch()
    await makeStore(branch).save(
      {
        pulls: [
          pull(1, '2025-05-01T00:00:00Z'),
          pull(2, '2025-06-01T00:00:00Z'),
          pull(3, '2025-07-01T00:00:00Z'),
          // created in May, still open: read by every windowed load
          pull(4, '2025-05-02T00:00:00Z', { closedAt: null, mergedAt: null })
        ],
        deployments: [deployment('a', '2025-05-01T00:00:00Z')]
      },
      [],
      'seed'
    )
    expect(gh.git.readFile(branch, 'history/pulls/open.json')).toContain('"number":4')
    const store = makeStore(branch)
    const requests = await requestsDuring(async () => {
      const state = await store.load({ since: '2025-07' })
      expect(state.history.pulls.map((p) => p.number).sort()).toEqual([3, 4])
      expect(state.history.deployments).toEqual([])
      expect(state.unread).toEqual({ pulls: ['2025-05', '2025-06'], deployments: ['2025-05'] })
    })
    // the listing with meta, then one batch of shard texts
    expect(describeRequests(requests)).toEqual(['POST /graphql', 'POST /graphql'])
    expect(
      (await store.loadMonths?.('pulls', ['2025-06']))?.map((p) => (p as { number: number }).number)
    ).toEqual([2])

    // an old record updated again lands in the unread month it belongs in: the save reads it first
    const saved = await store.save(
      { pulls: [pull(1, '2025-05-01T00:00:00Z', { title: 'renamed' }), pull(5, '2025-05-03T00:00:00Z')] },
      [],
      'backfill'
    )
    expect(saved.paths).toEqual(['history/pulls/2025-05.json'])
    const may = gh.git.readFile(branch, 'history/pulls/2025-05.json') as string
    expect(may).toContain('renamed')
    expect(may).toContain('"number":5')
    expect(may).not.toContain('"number":4')
    const whole = await makeStore(branch).load()
    expect(whole.history.pulls.map((p) => p.number).sort()).toEqual([1, 2, 3, 4, 5])
    expect(whole.unread).toEqual({})
  })

  it('a save without a load (ingest) reads only the months its records land in and later ones of their collection', async () => {
    const branch = freshBranch()
    await makeStore(branch).save(
      {
        pulls: [pull(1, '2025-05-01T00:00:00Z'), pull(2, '2025-07-01T00:00:00Z')],
        deployments: [
          deployment('a', '2025-04-01T00:00:00Z'),
          deployment('b', '2025-05-01T00:00:00Z'),
          { ...deployment('c', '2025-05-20T00:00:00Z'), finishedAt: '2025-07-02T00:00:00Z' }
        ]
      },
      [],
      'seed'
    )
    // shards a bounded save must not read: reading one would fail the save
    gh.git.commitFiles(
      branch,
      { 'history/pulls/2025-05.json': 'not json', 'history/deployments/2025-04.json': 'not json' },
      'shards no ingest needs, damaged'
    )
    const requests = await requestsDuring(async () => {
      const saved = await makeStore(branch).save(
        {
          deployments: [
            deployment('d', '2025-05-03T00:00:00Z'),
            // sent again with an earlier end: its stored copy (July) is read and replaced
            { ...deployment('c', '2025-05-20T00:00:00Z'), finishedAt: '2025-05-21T00:00:00Z' }
          ]
        },
        [{ path: 'ingest/2025-05.jsonl', append: '{"n":1}' }],
        'ingest'
      )
      expect(saved.paths).toEqual([
        'history/deployments/2025-05.json',
        'history/deployments/2025-07.json',
        'ingest/2025-05.jsonl'
      ])
    })
    // the listing with meta and the audit file, one batch of shard texts, then the commit
    expect(describeRequests(requests).slice(0, 2)).toEqual(['POST /graphql', 'POST /graphql'])
    expect(gh.git.readFile(branch, 'history/deployments/2025-07.json')).toBeNull()
    const may = gh.git.readFile(branch, 'history/deployments/2025-05.json') as string
    expect(may.match(/"id":"[bcd]"/g)).toEqual(['"id":"b"', '"id":"c"', '"id":"d"'])
    expect(may).toContain('"finishedAt":"2025-05-21T00:00:00Z"')
  })

  it('a record that closes moves from open.json to the month of its last activity', async () => {
    const branch = freshBranch()
    const open = pull(7, '2025-03-01T00:00:00Z', { closedAt: null, mergedAt: null })
    await makeStore(branch).save({ pulls: [open] }, [], 'seed')
    const store = makeStore(branch)
    await store.load({ since: '2025-08' })
    const closed = { ...open, closedAt: '2025-08-04T00:00:00Z', updatedAt: '2025-08-04T00:00:00Z' }
    const saved = await store.save({ pulls: [closed] }, [], 'closed')
    expect(saved.paths).toEqual(['history/pulls/2025-08.json', 'history/pulls/open.json'])
    expect(gh.git.readFile(branch, 'history/pulls/open.json')).toBeNull()
    const again = await makeStore(branch).load({ since: '2025-08' })
    expect(again.history.pulls).toEqual([closed])
  })

  it('reads a branch in the creation-month layout whole, and its next save lays every shard out by activity', async () => {
    const branch = freshBranch()
    // as an earlier version wrote it: an open pull request in its creation month, no layout in meta
    const open = pull(4, '2025-05-02T00:00:00Z', { closedAt: null, mergedAt: null })
    const late = pull(5, '2025-05-03T00:00:00Z', {
      closedAt: '2025-09-01T00:00:00Z',
      updatedAt: '2025-09-01T00:00:00Z'
    })
    gh.git.commitFiles(
      branch,
      {
        'meta.json': JSON.stringify({ schemaVersion: 1, repository: 'octo/data', checkpoints: {} }),
        'history/pulls/2025-05.json': serializeShard('pulls', [open, late])
      },
      'an earlier version'
    )
    const store = makeStore(branch)
    const state = await store.load({ since: '2025-09' })
    expect(state.history.pulls.map((p) => p.number)).toEqual([4, 5])
    expect(state.unread).toEqual({})
    const saved = await store.save({}, [], 'lay out')
    expect(saved.paths).toEqual([
      'history/pulls/2025-05.json',
      'history/pulls/2025-09.json',
      'history/pulls/open.json',
      'meta.json'
    ])
    expect(gh.git.readFile(branch, 'history/pulls/2025-05.json')).toBeNull()
    expect(JSON.parse(gh.git.readFile(branch, 'meta.json') as string)).toMatchObject({
      layout: 'activity',
      deploymentKinds: []
    })
    const windowed = await makeStore(branch).load({ since: '2025-09' })
    expect(windowed.history.pulls.map((p) => p.number)).toEqual([5, 4])
  })

  it('sends GraphQL to an explicit graphqlUrl (GitHub Enterprise Server layout)', async () => {
    const branch = freshBranch()
    const store = makeStore(branch, { graphqlUrl: `${gh.url}/api/graphql` })
    const requests = await requestsDuring(async () => {
      await store.load()
      await store.save({ pulls: [pull(1, '2025-07-01T00:00:00Z')] }, [], 'x')
      expect(await store.readFile('meta.json')).toContain('"schemaVersion": 1')
    })
    expect(requests.filter((r) => r.path.endsWith('graphql')).map((r) => r.path)).toEqual([
      '/api/graphql',
      '/api/graphql'
    ])
  })

  it('writes the same bytes as the folder backend for the same saves', async () => {
    const branch = freshBranch()
    const dir = mkdtempSync(join(tmpdir(), 'same-bytes-'))
    const folder = createDirectoryStore(dir, { repository: 'octo/data' })
    const saves: [HistoryUpdate, FileChange[]][] = [
      [
        {
          pulls: [pull(2, '2025-07-02T00:00:00Z'), pull(1, '2025-07-01T00:00:00Z')],
          checkpoints: { pulls: { n: 1 } }
        },
        [{ path: 'ingest/a.jsonl', append: '{"x":1}' }]
      ],
      [{ deployments: [deployment('z', '2025-08-01T00:00:00Z')], remove: { pulls: ['1'] } }, []]
    ]
    for (const [update, files] of saves) {
      await makeStore(branch).save(update, files, 'x')
      await folder.save(update, files, 'x')
    }
    const paths = await folder.list('')
    expect(await makeStore(branch).list('')).toEqual(paths)
    for (const path of paths)
      expect(gh.git.readFile(branch, path)).toBe(readFileSync(join(dir, path), 'utf8'))
  })

  it('reads and lists files, and exports the branch to a folder', async () => {
    const branch = freshBranch()
    const store = makeStore(branch)
    await store.save(
      { pulls: [pull(1, '2025-07-01T00:00:00Z')] },
      [
        { path: 'reports/2025-07/README.md', content: '# July\n' },
        { path: 'reports/2025-07/charts/deep/more/review.svg', content: '<svg/>' }
      ],
      'x'
    )
    expect(await store.readFile('reports/2025-07/README.md')).toBe('# July\n')
    expect(await store.readFile('reports/none.md')).toBeNull()
    expect(await store.list('reports')).toEqual([
      'reports/2025-07/README.md',
      'reports/2025-07/charts/deep/more/review.svg'
    ])
    const dir = mkdtempSync(join(tmpdir(), 'git-export-'))
    const written = await exportStoreToDirectory(store, dir)
    expect(written).toEqual([
      'history/pulls/2025-07.json',
      'meta.json',
      'reports/2025-07/README.md',
      'reports/2025-07/charts/deep/more/review.svg'
    ])
    expect(
      readFileSync(join(dir, 'reports', '2025-07', 'charts', 'deep', 'more', 'review.svg'), 'utf8')
    ).toBe('<svg/>')
    expect(await makeStore(freshBranch()).list('')).toEqual([])
  })
})
