/**
 * Organization notifications on the emulator (github profile): the central issue is created, then
 * updated on a re-run (never duplicated); per-repository issues are capped per run and continued
 * from the stored state; issue-repository routes every issue to one repository; a dry run sends
 * nothing; one repository's failure is recorded and the others go on.
 */
import { getOctokit } from '@actions/github'
import { findMarker, type IssueApi } from '../../src/notify/index.js'
import { centralMarker, notifyOrganization, type OrgNotifyOptions } from '../../src/org/notify.js'
import { startEmulator, type RunningEmulator } from '../../tools/github-emulator/server.js'
import { tinySeed } from '../emulator/helpers.js'

const LABEL = 'org-metrics'
let emu: RunningEmulator
beforeAll(async () => {
  emu = await startEmulator({
    seed: { ...tinySeed(), name: 'metrics' },
    seeds: ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => ({ ...tinySeed(), name })),
    port: 0,
    profile: 'github'
  })
})
afterAll(async () => {
  await emu.stop()
})

/** The workflow's token writes the metrics repository; the PAT writes the organization's repositories. */
const actions = () => getOctokit('test-token', { baseUrl: emu.url }) as unknown as IssueApi
const pat = () => getOctokit('ghp_org_writer', { baseUrl: emu.url }) as unknown as IssueApi

const silent = { info: () => {}, debug: () => {}, warning: () => {} }

async function labelled(
  repository: string,
  label = LABEL
): Promise<Array<{ number: number; title: string; body: string; state: string }>> {
  const [owner, repo] = repository.split('/')
  const res = await pat().request('GET /repos/{owner}/{repo}/issues', {
    owner,
    repo,
    labels: label,
    state: 'all',
    per_page: 100
  })
  return res.data as never
}

function options(fields: Partial<OrgNotifyOptions>): OrgNotifyOptions {
  return {
    mode: 'central',
    organization: 'acme',
    period: '2026-W45',
    metricsRepository: 'acme/metrics',
    octokit: actions(),
    repositoryOctokit: pat(),
    centralBody: 'The organization report.',
    repositories: [],
    label: LABEL,
    title: 'Metrics report {period} for {repository}',
    closePrevious: true,
    issueRepository: null,
    budget: 20,
    state: null,
    delayMs: 0,
    log: silent,
    ...fields
  }
}

const bodies = (...names: string[]) =>
  names.map((n) => ({ repository: `acme/${n}`, body: `Figures of ${n}.` }))

it('creates the central issue once, then updates it on a re-run', async () => {
  const first = await notifyOrganization(options({}))
  expect(first.central).toMatchObject({ about: 'acme', repository: 'acme/metrics', created: true })
  expect(first.errors).toEqual([])
  // the label created, then the issue (the label lookup and the issue list only read)
  expect(first.writes).toBe(2)
  const again = await notifyOrganization(options({}))
  expect(again.central).toMatchObject({ number: first.central!.number, created: false, unchanged: true })
  expect(again.writes).toBe(0)
  const changed = await notifyOrganization(options({ centralBody: 'The organization report, re-run.' }))
  expect(changed.central).toMatchObject({ number: first.central!.number, created: false, unchanged: false })
  expect(changed.writes).toBe(1)
  const issues = await labelled('acme/metrics')
  expect(issues).toHaveLength(1)
  expect(issues[0].title).toBe('Metrics report 2026-W45 for acme')
  expect(issues[0].body).toContain('The organization report, re-run.')
  expect(findMarker(issues[0].body)).toBe(centralMarker('acme', '2026-W45'))
  // The next period's issue closes this one.
  const next = await notifyOrganization(options({ period: '2026-W46' }))
  expect(next.central?.created).toBe(true)
  const after = await labelled('acme/metrics')
  expect(after.find((i) => i.number === first.central!.number)?.state).toBe('closed')
})

it('caps the per-repository issues at the budget, paced, and continues from the state', async () => {
  const delays: number[] = []
  const sleep = async (ms: number) => void delays.push(ms)
  const list = bodies('a', 'b', 'c')
  const first = await notifyOrganization(
    options({ mode: 'repositories', repositories: list, budget: 2, delayMs: 50, sleep, label: 'per-repo' })
  )
  expect(first.central).toBeNull()
  expect(first.repositories.map((r) => [r.repository, r.created])).toEqual([
    ['acme/a', true],
    ['acme/b', true]
  ])
  expect(first.state).toEqual({ period: '2026-W45', done: ['acme/a', 'acme/b'], failed: [] })
  expect(first.pending).toEqual(['acme/c'])
  // 2 × (label + issue); a pause before the second one
  expect(first.writes).toBe(4)
  expect(delays).toEqual([50])
  expect(await labelled('acme/c', 'per-repo')).toEqual([])

  const second = await notifyOrganization(
    options({
      mode: 'repositories',
      repositories: list,
      budget: 2,
      state: first.state,
      sleep,
      label: 'per-repo'
    })
  )
  expect(second.repositories.map((r) => r.repository)).toEqual(['acme/c'])
  expect(second.state.done).toEqual(['acme/a', 'acme/b', 'acme/c'])
  expect(second.pending).toEqual([])
  const third = await notifyOrganization(
    options({
      mode: 'repositories',
      repositories: list,
      budget: 2,
      state: second.state,
      sleep,
      label: 'per-repo'
    })
  )
  expect(third.repositories).toEqual([])
  expect(third.writes).toBe(0)
  for (const name of ['a', 'b', 'c']) {
    const issues = await labelled(`acme/${name}`, 'per-repo')
    expect(issues.map((i) => [i.title, i.body.split('\n')[0]])).toEqual([
      [`Metrics report 2026-W45 for acme/${name}`, `Figures of ${name}.`]
    ])
  }
  // A new period starts over.
  const next = await notifyOrganization(
    options({
      mode: 'repositories',
      period: '2026-W46',
      repositories: list,
      budget: 1,
      state: third.state,
      sleep,
      label: 'per-repo'
    })
  )
  expect(next.state).toEqual({ period: '2026-W46', done: ['acme/a'], failed: [] })
})

it('routes every issue to issue-repository, the titles naming each repository', async () => {
  const result = await notifyOrganization(
    options({
      mode: 'both',
      repositories: bodies('d', 'e'),
      issueRepository: 'acme/metrics',
      title: 'Metrics {period}',
      label: 'routed'
    })
  )
  expect(result.errors).toEqual([])
  expect([result.central, ...result.repositories].map((r) => r?.repository)).toEqual([
    'acme/metrics',
    'acme/metrics',
    'acme/metrics'
  ])
  const titles = (await labelled('acme/metrics', 'routed')).map((i) => i.title).sort()
  expect(titles).toEqual([
    'Metrics 2026-W45 (acme)',
    'Metrics 2026-W45 (acme/d)',
    'Metrics 2026-W45 (acme/e)'
  ])
  expect(await labelled('acme/d', 'routed')).toEqual([])
  expect(await labelled('acme/e', 'routed')).toEqual([])
})

it('sends nothing on a dry run and says what it would send', async () => {
  const refuse: IssueApi = {
    request: async (route) => {
      throw new Error(`a dry run sent ${route}`)
    }
  }
  const before = await labelled('acme/f', 'dry')
  const result = await notifyOrganization(
    options({
      mode: 'both',
      repositories: bodies('f', 'a'),
      budget: 1,
      octokit: refuse,
      repositoryOctokit: refuse,
      dryRun: true,
      label: 'dry'
    })
  )
  expect(result.errors).toEqual([])
  expect(result.writes).toBe(0)
  expect(result.planned.map((p) => [p.repository, p.title, p.marker])).toEqual([
    ['acme/metrics', 'Metrics report 2026-W45 for acme', centralMarker('acme', '2026-W45')],
    ['acme/f', 'Metrics report 2026-W45 for acme/f', 'repo-metrics-report:acme/f:2026-W45']
  ])
  expect(result.state).toEqual({ period: '2026-W45', done: [], failed: [] })
  expect(await labelled('acme/f', 'dry')).toEqual(before)
  expect(await labelled('acme/metrics', 'dry')).toEqual([])
})

it('records one repository’s failure and goes on with the others', async () => {
  emu.setFaults(['read-only-token@acme/b'])
  try {
    const result = await notifyOrganization(
      options({ mode: 'both', repositories: bodies('a', 'missing', 'b', 'c'), label: 'isolated' })
    )
    expect(result.central?.created).toBe(true)
    expect(result.repositories.map((r) => r.repository)).toEqual(['acme/a', 'acme/c'])
    expect(result.errors.map((e) => [e.about, /HTTP (\d+)/.exec(e.message)?.[1]])).toEqual([
      ['acme/missing', '404'],
      ['acme/b', '403']
    ])
    expect(result.state.done).toEqual(['acme/a', 'acme/c'])
    expect(result.state.failed.map((f) => f.repository)).toEqual(['acme/missing', 'acme/b'])
    expect(result.pending).toEqual([])
    // Not tried again this period.
    const again = await notifyOrganization(
      options({
        mode: 'repositories',
        repositories: bodies('a', 'missing', 'b', 'c'),
        state: result.state,
        label: 'isolated'
      })
    )
    expect(again.errors).toEqual([])
    expect(again.writes).toBe(0)
  } finally {
    emu.setFaults([])
  }
  expect((await labelled('acme/c', 'isolated')).length).toBe(1)
})

it('does nothing with org-notify: none', async () => {
  const result = await notifyOrganization(
    options({
      mode: 'none',
      repositories: bodies('a'),
      octokit: undefined as never,
      repositoryOctokit: undefined
    })
  )
  expect(result).toMatchObject({ central: null, repositories: [], writes: 0, planned: [], pending: [] })
})
