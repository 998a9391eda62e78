/**
 * A git store rooted at a folder of the branch (organization mode's central layout: one metrics
 * repository, `repos/OWNER/NAME/` per repository): everything it reads and writes is under its
 * folder, paths it takes and returns are relative to it, and stores of different folders share the
 * branch, concurrent saves included, without seeing each other's data.
 */
import { getOctokit } from '@actions/github'
import { createGitDataStore } from '../../src/store/git.js'
import { withInbox } from '../../src/store/inbox.js'
import { useStrictEmulator } from '../emulator/helpers.js'
import { pull } from './fixtures.js'

const env = useStrictEmulator()

const store = (root: string | undefined, branch = 'metrics') =>
  createGitDataStore({
    octokit: getOctokit('test-token', { baseUrl: env.emu.url }),
    owner: 'acme',
    repo: 'widgets',
    branch,
    root,
    backoffMs: 5
  })

it('keeps each folder’s meta, history and files apart on one branch, saves at once included', async () => {
  const a = store('repos/acme/api')
  const b = store('repos/acme/web')
  const saved = await Promise.all([
    a.save(
      { pulls: [pull(1, '2026-11-02T00:00:00Z')] },
      [{ path: 'reports/README.md', content: 'api\n' }],
      'api'
    ),
    b.save(
      { pulls: [pull(2, '2026-11-03T00:00:00Z')] },
      [{ path: 'reports/README.md', content: 'web\n' }],
      'web'
    )
  ])
  expect(saved.map((s) => s.committed)).toEqual([true, true])
  expect(saved[0].paths).toEqual(['history/pulls/2026-11.json', 'meta.json', 'reports/README.md'])
  const files = env.git.listFiles('metrics').sort()
  expect(files).toEqual([
    'repos/acme/api/history/pulls/2026-11.json',
    'repos/acme/api/meta.json',
    'repos/acme/api/reports/README.md',
    'repos/acme/web/history/pulls/2026-11.json',
    'repos/acme/web/meta.json',
    'repos/acme/web/reports/README.md'
  ])
  expect((await store('repos/acme/api').load()).history.pulls.map((p) => p.number)).toEqual([1])
  expect(
    (await store('repos/acme/web').load({ since: '2026-10' })).history.pulls.map((p) => p.number)
  ).toEqual([2])
  expect(await a.readFile('reports/README.md')).toBe('api\n')
  expect(await b.list('reports')).toEqual(['reports/README.md'])
  // the branch's root holds no store of its own
  const root = await store(undefined).load()
  expect(root.head).not.toBeNull()
  expect(root.history.pulls).toEqual([])
  expect(store('repos/acme/api').description).toBe('repos/acme/api on branch metrics of acme/widgets')
})

it('adds inbox files under the folder, and the folder’s next load folds them in', async () => {
  const branch = 'metrics-inbox'
  const s = store('repos/acme/api', branch)
  await s.save({ pulls: [pull(5, '2026-11-02T00:00:00Z', { closedAt: null, mergedAt: null })] }, [], 'seed')
  const entry = 'inbox/20261130T000000000Z-pulls-5-0123456789ab.json'
  const recorded = {
    ...pull(5, '2026-11-02T00:00:00Z', { closedAt: null, mergedAt: null }),
    title: 'renamed',
    updatedAt: '2026-11-30T00:00:00Z'
  }
  await s.addFile!(entry, `${JSON.stringify({ pulls: [recorded] })}\n`, 'record')
  expect(env.git.readFile(branch, `repos/acme/api/${entry}`)).not.toBeNull()
  const loaded = await withInbox(store('repos/acme/api', branch)).load()
  expect(loaded.history.pulls.map((p) => p.title)).toEqual(['renamed'])
})

it('refuses a root that is not a plain relative folder', () => {
  for (const root of ['/abs', 'a/../b', 'a//b', 'trailing/']) {
    expect(() => store(root)).toThrow(/must be a relative folder like repos\/owner\/name/)
  }
})
