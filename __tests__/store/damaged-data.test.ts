/**
 * Class: unhelpful failures on damaged data (issue 15). A stored shard holding `null`, a value that is
 * not a record, or a record without its key or time must fail with an error that names the file and
 * the record and says how to repair it, and nothing may be written over it. Generated over kinds of
 * damage, collections and positions; then through the folder store and the git store; and a shard
 * over 8 MB read by the git store on Node 20.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getOctokit } from '@actions/github'
import { ingest } from '../../src/ingest/index.js'
import { memoryLogger } from '../../src/log.js'
import type { CollectionName } from '../../src/model.js'
import { createDirectoryStore } from '../../src/store/index.js'
import { createGitDataStore } from '../../src/store/git.js'
import { historyFromShards, serializeShard } from '../../src/store/shards.js'
import { startTestGitHub, type TestGitHub } from '../emulator-git/helpers/server.js'
import { seededRandom } from '../text/generate.js'
import { deployment, pull } from './fixtures.js'

const base = { repository: 'o/r', defaultBranch: 'main', teams: null }

/** A good record of each collection. */
const GOOD: Record<CollectionName, (i: number) => Record<string, unknown>> = {
  pulls: (i) => ({ ...pull(i + 1, '2025-07-02T10:00:00Z') }),
  issues: (i) => ({
    number: i + 1,
    title: 't',
    author: 'a',
    createdAt: '2025-07-02T10:00:00Z',
    updatedAt: '2025-07-02T10:00:00Z',
    closedAt: null,
    labels: [],
    comments: [],
    transfers: []
  }),
  commits: (i) => ({ oid: `${i}`.padStart(40, 'c'), parents: [], committedAt: '2025-07-02T10:00:00Z' }),
  deployments: (i) => ({ ...deployment(`d${i}`, '2025-07-02T10:00:00Z') }),
  incidents: (i) => ({
    source: 'ingest',
    provider: 'pager',
    id: `i${i}`,
    title: 'x',
    status: 'open',
    createdAt: '2025-07-02T10:00:00Z',
    resolvedAt: null
  })
}
const KEY_FIELDS: Record<CollectionName, string[]> = {
  pulls: ['number'],
  issues: ['number'],
  commits: ['oid'],
  deployments: ['source', 'id'],
  incidents: ['source', 'id']
}
const TIME_FIELD: Record<CollectionName, string> = {
  pulls: 'createdAt',
  issues: 'createdAt',
  commits: 'committedAt',
  deployments: 'createdAt',
  incidents: 'createdAt'
}

/** Kinds of damage: each makes one record unusable. */
const DAMAGES: Array<{ name: string; make: (c: CollectionName, good: Record<string, unknown>) => unknown }> =
  [
    { name: 'null', make: () => null },
    { name: 'a number', make: () => 42 },
    { name: 'a string', make: () => 'record' },
    { name: 'an array', make: (_, good) => [good] },
    { name: 'a missing key field', make: (c, good) => omit(good, KEY_FIELDS[c][KEY_FIELDS[c].length - 1]) },
    {
      name: 'a key field of the wrong type',
      make: (c, good) => ({ ...good, [KEY_FIELDS[c][0]]: c === 'pulls' || c === 'issues' ? '7' : 7 })
    },
    {
      name: 'an empty key',
      make: (c, good) => ({ ...good, [KEY_FIELDS[c][0]]: c === 'pulls' || c === 'issues' ? 0 : '' })
    },
    { name: 'a missing time', make: (c, good) => omit(good, TIME_FIELD[c]) },
    { name: 'a key of null', make: (c, good) => ({ ...good, [KEY_FIELDS[c][0]]: null }) }
  ]

function omit(record: Record<string, unknown>, field: string): Record<string, unknown> {
  const copy = { ...record }
  delete copy[field]
  return copy
}

const COLLECTIONS: CollectionName[] = ['pulls', 'issues', 'commits', 'deployments', 'incidents']

/** Shard text with `count` good records and one damaged one at `at`. */
function damagedShard(collection: CollectionName, count: number, at: number, damaged: unknown): string {
  const records: unknown[] = Array.from({ length: count }, (_, i) => GOOD[collection](i))
  records.splice(at, 0, damaged)
  return `[\n${records.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`
}

describe('reading a damaged shard', () => {
  it('names the file, the record and the repair, for every kind of damage', () => {
    const random = seededRandom(8)
    for (const collection of COLLECTIONS) {
      for (const damage of DAMAGES) {
        const count = 1 + Math.floor(random() * 5)
        const at = Math.floor(random() * (count + 1))
        const path = `history/${collection}/2025-07.json`
        const shards = new Map([
          [`history/${collection}/2025-06.json`, serializeShard(collection, [GOOD[collection](90)])],
          [path, damagedShard(collection, count, at, damage.make(collection, GOOD[collection](count + 10)))]
        ])
        let message = ''
        try {
          historyFromShards(shards, base)
        } catch (error) {
          message = (error as Error).message
        }
        const context = `${collection}, ${damage.name} at ${at}`
        expect({ context, message }).toEqual({ context, message: expect.stringContaining(path) })
        expect(message).toContain(`index ${at}`)
        expect(message).toMatch(/Fix that record or delete it from .* on the data branch/)
        expect(message).not.toMatch(/Cannot read properties/)
      }
    }
  })

  it('names a record nested too deep without overflowing the stack', () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`
    const record = JSON.stringify(GOOD.deployments(1)).replace(/}$/, `,"x":${deep}}`)
    const shards = new Map([
      ['history/deployments/2025-07.json', `[${JSON.stringify(GOOD.deployments(0))},${record}]`]
    ])
    expect(() => historyFromShards(shards, base)).toThrow(
      /history\/deployments\/2025-07\.json .*index 1.*more than 32 levels deep/
    )
  })
})

describe('the folder store with a damaged shard', () => {
  it('fails load and save with the file named, and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'damaged-'))
    try {
      const path = 'history/deployments/2025-07.json'
      mkdirSync(join(dir, 'history/deployments'), { recursive: true })
      const text = damagedShard('deployments', 2, 1, null)
      writeFileSync(join(dir, path), text)
      const store = createDirectoryStore(dir, { repository: 'o/r' })
      await expect(store.load()).rejects.toThrow(
        /history\/deployments\/2025-07\.json holds a damaged deployments record at index 1 \(null\)/
      )
      const payload = JSON.stringify([
        {
          id: 'new',
          environment: 'production',
          sha: 'a'.repeat(40),
          status: 'success',
          startedAt: '2025-07-09T10:00:00Z'
        }
      ])
      await expect(
        ingest({
          store,
          kind: 'deployments',
          text: payload,
          now: new Date(),
          dryRun: false,
          log: memoryLogger()
        })
      ).rejects.toThrow(/2025-07\.json .*index 1/)
      expect(readFileSync(join(dir, path), 'utf8')).toBe(text)
      expect(readdirSync(dir).sort()).toEqual(['history'])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('the git store', () => {
  let gh: TestGitHub
  beforeAll(async () => {
    gh = await startTestGitHub()
  })
  afterAll(async () => {
    await gh.close()
  })
  const store = (branch: string, extra: { requestBodyLimit?: number } = {}) =>
    createGitDataStore({
      octokit: getOctokit('t', { baseUrl: gh.url }),
      owner: 'octo',
      repo: 'data',
      branch,
      backoffMs: 5,
      ...extra
    })
  const head = async (branch: string) =>
    (
      await getOctokit('t', { baseUrl: gh.url }).request('GET /repos/{owner}/{repo}/git/ref/{ref}', {
        owner: 'octo',
        repo: 'data',
        ref: `heads/${branch}`
      })
    ).data.object.sha

  /** Commits one file onto a branch through the Git Data API, as a person editing it would. */
  async function commitFile(branch: string, path: string, content: string): Promise<void> {
    const octokit = getOctokit('t', { baseUrl: gh.url })
    const repo = { owner: 'octo', repo: 'data' }
    const parent = await head(branch)
    const { data: commit } = await octokit.request('GET /repos/{owner}/{repo}/git/commits/{commit_sha}', {
      ...repo,
      commit_sha: parent
    })
    const { data: tree } = await octokit.request('POST /repos/{owner}/{repo}/git/trees', {
      ...repo,
      base_tree: commit.tree.sha,
      tree: [{ path, mode: '100644', type: 'blob', content }]
    })
    const { data: next } = await octokit.request('POST /repos/{owner}/{repo}/git/commits', {
      ...repo,
      message: 'hand edit',
      tree: tree.sha,
      parents: [parent]
    })
    await octokit.request('PATCH /repos/{owner}/{repo}/git/refs/{ref}', {
      ...repo,
      ref: `heads/${branch}`,
      sha: next.sha
    })
  }

  it('refuses a damaged shard on the branch by name and leaves the branch as it was', async () => {
    const writer = store('damaged')
    await writer.save({ deployments: [deployment('d1', '2025-07-02T10:00:00Z')] }, [], 'seed')
    // damage the shard the way a hand edit would: a null record in the middle, committed over REST
    await commitFile('damaged', 'history/deployments/2025-07.json', damagedShard('deployments', 2, 1, null))
    const before = await head('damaged')
    await expect(store('damaged').load()).rejects.toThrow(
      /history\/deployments\/2025-07\.json holds a damaged deployments record at index 1/
    )
    await expect(
      store('damaged').save({ deployments: [deployment('d9', '2025-07-05T10:00:00Z')] }, [], 'more')
    ).rejects.toThrow(/index 1/)
    expect(await head('damaged')).toBe(before)
  })

  it('reads a shard over 8 MB', async () => {
    // one file over the 1 MiB request limit is refused by default; this test is about reading it
    const writer = store('large', { requestBodyLimit: 16 * 1024 * 1024 })
    const pulls = Array.from({ length: 3400 }, (_, i) =>
      pull(i + 1, '2025-01-05T00:00:00Z', { title: 'x'.repeat(2400) })
    )
    await writer.save({ pulls }, [], 'large')
    const { history } = await store('large').load()
    expect(history.pulls).toHaveLength(3400)
    expect(serializeShard('pulls', history.pulls).length).toBeGreaterThan(8_000_000)
  }, 120_000)
})
