/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON walked freely in tests */
/**
 * Loading an organization: `--generate-org repos=N,prs=M,seed=S` (a Zipf-like split over
 * repositories made by the single-repository generator, deterministic for a seed) and several
 * `--dataset` folders side by side, in the CLI and in startEmulator.
 */
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { loadSeeds, parseCliArgs, readCredentials } from '../../tools/github-emulator/cli.js'
import { generateRepository } from '../../tools/github-emulator/generate.js'
import {
  generateOrganization,
  intoOrganization,
  parseGenerateOrgSpec,
  repositoryName,
  zipfSplit
} from '../../tools/github-emulator/generate-org.js'
import { startEmulator } from '../../tools/github-emulator/server.js'
import { DATASET_DIR, hasDataset, rest } from './helpers.js'

const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex')

describe('zipfSplit', () => {
  test('sums to the total, at least one each, a few big and many small', () => {
    const sizes = zipfSplit(40, 10_000)
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(10_000)
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(1)
    expect([...sizes].sort((a, b) => b - a)).toEqual(sizes)
    // The three biggest hold more than the smallest half together.
    const top3 = sizes.slice(0, 3).reduce((a, b) => a + b, 0)
    const bottomHalf = sizes.slice(20).reduce((a, b) => a + b, 0)
    expect(top3).toBeGreaterThan(bottomHalf)
    expect(sizes[0]).toBeGreaterThan(20 * sizes[39])
    expect(zipfSplit(3, 3)).toEqual([1, 1, 1])
    expect(zipfSplit(1, 17)).toEqual([17])
    expect(() => zipfSplit(5, 4)).toThrow(/prs must be a whole number ≥ repos/)
  })
})

describe('generateOrganization', () => {
  test('deterministic for a seed, different for another; sizes follow the split', () => {
    const one = generateOrganization({ repos: 5, prs: 60, seed: 3 })
    expect(digest(generateOrganization({ repos: 5, prs: 60, seed: 3 }))).toBe(digest(one))
    expect(digest(generateOrganization({ repos: 5, prs: 60, seed: 4 }))).not.toBe(digest(one))
    expect(one.map((r) => r.pulls.length)).toEqual(zipfSplit(5, 60))
    expect(one.map((r) => r.name)).toEqual(['platform', 'web', 'api', 'mobile', 'infra'])
    expect(new Set(one.map((r) => r.owner))).toEqual(new Set(['acme-labs']))
    // Each repository has its own history (other commits), and the first is public and active.
    expect(new Set(one.map((r) => r.commits[0].oid)).size).toBe(5)
    expect(one[0]).toMatchObject({ visibility: 'public', archived: false, fork: false })
    const ids = one.flatMap((r) => [...r.pulls.map((p) => p.id), ...r.issues.map((i) => i.id)])
    expect(new Set(ids).size).toBe(ids.length)
  })

  test('the first repository is exactly what generateRepository makes with the same options', () => {
    const [first] = generateOrganization({ repos: 3, prs: 30, seed: 2, owner: 'octo-org' })
    const alone = generateRepository({
      prs: first.pulls.length,
      seed: 2000,
      owner: 'octo-org',
      name: 'platform'
    })
    const { visibility, archived, fork, topics, description, ...rest } = first
    expect(digest(rest)).toBe(digest(alone))
    expect([visibility, archived, fork]).toEqual(['public', false, false])
    expect(topics!.length).toBeGreaterThan(0)
    expect(description).toContain('platform')
  })

  test('a large organization has a mix of private, internal, archived and forked repositories', () => {
    const org = generateOrganization({ repos: 60, prs: 600, seed: 1 })
    const count = (pred: (r: (typeof org)[number]) => boolean) => org.filter(pred).length
    expect(count((r) => r.visibility === 'private')).toBeGreaterThan(10)
    expect(count((r) => r.visibility === 'internal')).toBeGreaterThan(2)
    expect(count((r) => r.visibility === 'public')).toBeGreaterThan(5)
    expect(count((r) => r.archived === true)).toBeGreaterThan(1)
    expect(count((r) => r.fork === true)).toBeGreaterThan(0)
    expect(new Set(org.map((r) => r.name)).size).toBe(60)
    expect(repositoryName(20)).toBe('platform-2')
  })
})

describe('CLI arguments for organizations', () => {
  test('--generate-org and --org; several --dataset', () => {
    expect(parseCliArgs(['--generate-org', 'repos=12,prs=3000,seed=7', '--org', 'octo-org'])).toEqual({
      generateOrg: { repos: 12, prs: 3000, seed: 7 },
      org: 'octo-org',
      port: 0,
      faults: []
    })
    expect(
      parseCliArgs(['--dataset', 'x', '--dataset=y', '--org', 'o', '--faults', 'server-error@o/y'])
    ).toEqual({
      dataset: 'x',
      datasets: ['x', 'y'],
      org: 'o',
      port: 0,
      faults: ['server-error@o/y']
    })
    expect(parseGenerateOrgSpec('repos=3,prs=9,perDay=4')).toEqual({ repos: 3, prs: 9, seed: 1, perDay: 4 })
  })

  test('bad organization arguments name the problem', () => {
    expect(() => parseCliArgs(['--generate-org', 'repos=5,prs=3'])).toThrow(/prs must be from repos/)
    expect(() => parseCliArgs(['--generate-org', 'repos=5'])).toThrow(/repos=N,prs=M/)
    expect(() => parseCliArgs(['--generate-org', 'repos=2,prs=9', '--dataset', 'd'])).toThrow(
      /exactly one of/
    )
    expect(() => parseCliArgs(['--generate', 'prs=9', '--org', 'o'])).toThrow(/--org goes with/)
    expect(() => parseCliArgs(['--dataset', 'd', '--org', 'bad/org'])).toThrow(/--org takes/)
    expect(() => parseCliArgs(['--dataset', 'd', '--faults', 'timeout@nowhere'])).toThrow(/OWNER\/NAME/)
  })

  test('--credentials FILE: tokens and their specs from JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'emu-cred-'))
    const file = join(dir, 'credentials.json')
    writeFileSync(file, JSON.stringify({ ghs_one: { kind: 'app', installation: 3, repositories: ['o/a'] } }))
    expect(parseCliArgs(['--generate-org', 'repos=2,prs=4', '--credentials', file]).credentials).toBe(file)
    expect(readCredentials(file)).toEqual({
      ghs_one: { kind: 'app', installation: 3, repositories: ['o/a'] }
    })
    writeFileSync(file, JSON.stringify({ ghs_one: { installation: 3 } }))
    expect(() => readCredentials(file)).toThrow(/has no kind/)
    rmSync(dir, { recursive: true, force: true })
  })

  test('loadSeeds with --generate-org makes the organization', async () => {
    const seeds = await loadSeeds(parseCliArgs(['--generate-org', 'repos=3,prs=20,seed=4', '--org', 'o-x']))
    expect(seeds.map((s) => `${s.owner}/${s.name}`)).toEqual(['o-x/platform', 'o-x/web', 'o-x/api'])
    expect(digest(seeds)).toBe(digest(generateOrganization({ repos: 3, prs: 20, seed: 4, owner: 'o-x' })))
  })
})

const datasets = [DATASET_DIR, resolve(DATASET_DIR, '..', 'cfrg-vdaf')]
const maybe = hasDataset ? describe : describe.skip

maybe('several datasets side by side', () => {
  test('each keeps its owner without --org; --org makes them one organization', async () => {
    const own = await loadSeeds(parseCliArgs(datasets.flatMap((d) => ['--dataset', d])))
    expect(own.map((s) => `${s.owner}/${s.name}`)).toEqual([
      'tlswg/draft-ietf-tls-esni',
      'cfrg/draft-irtf-cfrg-vdaf'
    ])
    const org = intoOrganization(own, 'ietf-drafts')
    expect(org.map((s) => `${s.owner}/${s.name}`)).toEqual([
      'ietf-drafts/draft-ietf-tls-esni',
      'ietf-drafts/draft-irtf-cfrg-vdaf'
    ])
    expect(org.map((s) => s.pulls.length)).toEqual(own.map((s) => s.pulls.length))
    expect(() => intoOrganization([own[0], own[0]], 'x')).toThrow(/both named/)
  })

  test('startEmulator({ datasets, organization }) serves each with its own history', async () => {
    const emu = await startEmulator({ datasets, organization: 'ietf-drafts', port: 0 })
    try {
      const listing = await rest(emu, 'GET', '/orgs/ietf-drafts/repos?sort=full_name')
      expect(listing.body.map((r: any) => r.name)).toEqual(['draft-ietf-tls-esni', 'draft-irtf-cfrg-vdaf'])
      for (const state of emu.states) {
        const res = await rest(emu, 'GET', `/repos/ietf-drafts/${state.name}/pulls?state=all&per_page=1`)
        const last = /page=(\d+)>; rel="last"/.exec(res.headers.get('link') ?? '')
        expect(Number(last?.[1])).toBe(state.pulls.length)
      }
      const seed = (await (await fetch(`${emu.url}/_emulator/seed`)).json()) as any
      expect(seed.repositories.map((r: any) => r.name)).toEqual([
        'draft-ietf-tls-esni',
        'draft-irtf-cfrg-vdaf'
      ])
      const other = (await (
        await fetch(`${emu.url}/_emulator/seed?repository=ietf-drafts/draft-irtf-cfrg-vdaf`)
      ).json()) as any
      expect(other.counts.pulls).toBe(emu.states[1].pulls.length)
    } finally {
      await emu.stop()
    }
  })
})
