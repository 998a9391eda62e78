/** The dataset loader (../shared/datasets layout → SeedRepository) and the emulator CLI's arguments. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseCliArgs } from '../../tools/github-emulator/cli.js'
import {
  actorFromLogin,
  databaseIdFromNodeId,
  legacyNodeId,
  loadDataset
} from '../../tools/github-emulator/dataset.js'
import { datasetArchive, datasetSeed, hasDataset } from './helpers.js'

const describeDataset = hasDataset ? describe : describe.skip

describe('node ids and actors', () => {
  test('database ids come out of legacy and new-style node ids', () => {
    expect(databaseIdFromNodeId('MDExOlB1bGxSZXF1ZXN0MTg3NTg2MDE3')).toBe(187586017)
    expect(databaseIdFromNodeId(legacyNodeId('PullRequestReview', 119605085))).toBe(119605085)
    // msgpack [0, repoId, dbId] in base64url after the type prefix
    const packed = Buffer.from([
      0x93, 0x00, 0xce, 0x07, 0xec, 0xb1, 0x35, 0xce, 0x30, 0x87, 0x0b, 0x70
    ]).toString('base64url')
    expect(databaseIdFromNodeId(`PR_${packed}`)).toBe(0x30870b70)
    expect(databaseIdFromNodeId('not an id')).toBeNull()
  })

  test('logins ending in [bot] become Bot actors without the suffix', () => {
    expect(actorFromLogin('dependabot[bot]')).toEqual({ login: 'dependabot', type: 'Bot' })
    expect(actorFromLogin('ekr')).toEqual({ login: 'ekr', type: 'User' })
    expect(actorFromLogin(null)).toBeNull()
  })
})

describeDataset('loadDataset(ietf-tls-esni)', () => {
  test('maps pulls, issues, reviews, commits, deployments and tags', () => {
    const seed = datasetSeed()
    const archive = datasetArchive()
    expect(`${seed.owner}/${seed.name}`).toBe(archive.repo)
    expect(seed.ownerIsOrganization).toBe(true)
    expect(seed.defaultBranch).toBe('master')
    expect(seed.pulls).toHaveLength(392)
    expect(seed.issues).toHaveLength(250)
    expect(seed.pulls.reduce((n, p) => n + p.reviews.length, 0)).toBe(1457)
    expect(seed.commits).toHaveLength(1065)
    expect(seed.deployments).toHaveLength(39)
    expect(
      seed.deployments.every((d) => d.statuses[0].state === 'SUCCESS' && /^[0-9a-f]{40}$/.test(d.sha))
    ).toBe(true)
    expect(seed.releases).toHaveLength(22)
    expect(seed.until).toBe('2025-07-29T02:08:04Z')
    const merged = seed.pulls.find((p) => p.mergedAt)!
    expect(merged.events.map((e) => e.type)).toEqual(['MergedEvent', 'ClosedEvent'])
    expect(merged.reviews.every((r) => r.submittedAt === r.createdAt)).toBe(true)
  })

  test('pull requests merged with a merge commit get the commits of the merged branch from git.json', () => {
    const seed = datasetSeed()
    expect(seed.pulls.filter((p) => p.commits.length > 0)).toHaveLength(281)
    const pr655 = seed.pulls.find((p) => p.number === 655)!
    expect(pr655.commits.map((c) => c.oid)).toEqual(['434be3046da7e0157c8bf6bb7dfca001a9a3d976'])
    for (const p of seed.pulls) {
      const times = p.commits.map((c) => c.committedDate)
      expect(times.every((t) => !p.mergedAt || t <= p.mergedAt)).toBe(true)
    }
  })
})

describe('loadDataset errors and sha resolution', () => {
  const dir = mkdtempSync(join(tmpdir(), 'emu-dataset-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  test('names the missing file and the fix', () => {
    expect(() => loadDataset(join(dir, 'nothing'))).toThrow(/does not exist; pass --dataset DIR/)
    expect(() => loadDataset(dir)).toThrow(/archive.json is missing/)
    writeFileSync(join(dir, 'archive.json'), '{ not json')
    expect(() => loadDataset(dir)).toThrow(/archive.json is not valid JSON/)
  })

  test('a deployment without sha is resolved by unique short-sha prefix, else skipped', () => {
    writeFileSync(
      join(dir, 'archive.json'),
      JSON.stringify({ repo: 'o/r', timestamp: '2026-01-01T00:00:00Z', labels: [], issues: [], pulls: [] })
    )
    const commit = (oid: string) => ({
      oid,
      parents: [],
      authoredAt: '2025-01-01T00:00:00Z',
      committedAt: '2025-01-01T00:00:00Z',
      authorName: 'A',
      message: 'm'
    })
    writeFileSync(
      join(dir, 'git.json'),
      JSON.stringify({
        defaultBranch: 'main',
        commits: [
          commit('abc1' + '0'.repeat(36)),
          commit('abd2' + '0'.repeat(36)),
          commit('abd3' + '0'.repeat(36))
        ]
      })
    )
    const row = (shortSha: string, createdAt: string) => ({
      id: shortSha,
      sha: null,
      shortSha,
      createdAt,
      environment: 'production',
      state: 'success'
    })
    writeFileSync(
      join(dir, 'deployments.json'),
      JSON.stringify([row('abc', '2025-02-01T00:00:00Z'), row('abd', '2025-03-01T00:00:00Z')])
    )
    const seed = loadDataset(dir)
    expect(seed.deployments.map((d) => d.sha)).toEqual(['abc1' + '0'.repeat(36)])
    expect(seed.releases).toEqual([])
  })
})

describe('emulator CLI arguments', () => {
  test('dataset, port and faults', () => {
    expect(
      parseCliArgs(['--dataset', 'd', '--port', '0', '--faults', 'secondary-rate-limit,server-error'])
    ).toEqual({
      dataset: 'd',
      port: 0,
      faults: ['secondary-rate-limit', 'server-error']
    })
    expect(parseCliArgs(['--generate', 'prs=500,seed=7', '--port=4000'])).toEqual({
      generate: { prs: 500, seed: 7 },
      port: 4000,
      faults: []
    })
  })

  test('bad arguments name the problem and the usage', () => {
    expect(() => parseCliArgs([])).toThrow(/exactly one of --dataset DIR or --generate/)
    expect(() => parseCliArgs(['--dataset', 'd', '--faults', 'meteor'])).toThrow(/unknown fault "meteor"/)
    expect(() => parseCliArgs(['--generate', 'prs=x'])).toThrow(/prs=N,seed=S/)
    expect(() => parseCliArgs(['--dataset', 'd', '--port', '99999'])).toThrow(/--port must be/)
    expect(() => parseCliArgs(['--dataset'])).toThrow(/--dataset needs a value/)
  })
})
