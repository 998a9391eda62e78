/**
 * The organization demo is exact (issue 16). Three real repositories (../shared/datasets) are loaded
 * side by side as one organization's repositories and run through the real org modes, each job a
 * process of its own as the runner starts it (tools/demo/org.ts: plan, shards at once, roll-up):
 *
 * (a) each repository's snapshot on the central branch equals the snapshot the single-repository
 *     pipeline commits for that repository over the same window (the same emulator, the repository's
 *     own Actions token, another data branch), apart from `generatedAt`, the time the run wrote it;
 * (b) the org snapshot's figures equal the metrics engine's over the union of the three histories
 *     read straight from the dataset files (pull request and issue numbers moved apart: numbers are
 *     per repository).
 *
 * The jobs run the sources (src/index.ts through tsx) rather than dist/, so the test never depends on
 * a bundle built from other sources; the bundle runs the same code. In the `slow` project (about a
 * minute: seven processes).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { computeSnapshot } from '../../src/metrics/index.js'
import type { MetricName, Snapshot } from '../../src/metrics/types.js'
import type { History } from '../../src/model.js'
import { runAction } from '../../tools/demo/action-runner.js'
import { fetchJson } from '../../tools/demo/export-branch.js'
import {
  collectOrgResult,
  defaultOrgOptions,
  demoWindow,
  loadOrgSeeds,
  runOrgJobs,
  startOrgEmulator,
  type OrgDemoResult,
  type OrgJobs,
  type OrgRunContext
} from '../../tools/demo/org.js'
import type { RunningEmulator } from '../../tools/github-emulator/server.js'
import { DATASETS_DIR, datasetAvailable, loadDataset } from '../metrics/dataset.js'

const NAMES = ['ietf-tls-esni', 'cfrg-vdaf', 'bitcoin-core-gui']
const present = NAMES.every(datasetAvailable)
if (!present) console.warn(`${DATASETS_DIR} lacks a dataset: the org demo exactness test is skipped`)

/**
 * The metrics the dataset files determine on their own (as in __tests__/e2e/dataset-fidelity.test.ts:
 * the files have no first commits, so no cycle time; the backlog and review load need what the sync
 * reads of open items, which the files' loader does not rebuild).
 */
const FROM_FILES: MetricName[] = [
  'reviewTurnaround',
  'timeToFirstReview',
  'timeToMerge',
  'pullRequests',
  'issueFirstResponse',
  'issueTimeToClose',
  'issues',
  'deployments',
  'leadTimeForChanges',
  'changeFailureRate',
  'timeToRestore'
]
const SINGLE_BRANCH = 'single-metrics'
const singleToken = (i: number) => `ghs_actions_single_${i}`

/** A snapshot without its run stamp: `generatedAt` is when the run wrote it, the only field two runs may differ in. */
function figuresOf(snapshot: Snapshot): Omit<Snapshot, 'generatedAt'> {
  const { generatedAt: _generatedAt, ...rest } = snapshot
  return rest
}

function renumbered(h: History, offset: number): History {
  return {
    ...h,
    pulls: h.pulls.map((p) => ({ ...p, number: p.number + offset })),
    issues: h.issues.map((i) => ({ ...i, number: i.number + offset }))
  }
}

async function branchFile(url: string, repository: string, path: string, token: string): Promise<string> {
  const file = (await fetchJson(
    `${url}/repos/${repository}/contents/${path}?ref=${SINGLE_BRANCH}`,
    token
  )) as { content: string }
  return Buffer.from(file.content, 'base64').toString('utf8')
}

;(present ? describe : describe.skip)(
  'the org demo on three datasets (real modes, one process per job)',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'org-demo-exact-'))
    let emulator: RunningEmulator
    let repositories: string[]
    let jobs: OrgJobs
    let result: OrgDemoResult
    /** Each repository's single-repository run: its snapshot and values file. */
    const singles = new Map<string, { snapshot: Snapshot; values: string; exitCode: number }>()

    beforeAll(async () => {
      const options = {
        ...defaultOrgOptions(),
        datasets: NAMES.map((name) => join(DATASETS_DIR, name)),
        shards: 2,
        entry: 'src' as const,
        quiet: true,
        out: dir
      }
      const seeds = await loadOrgSeeds(options)
      const { until, window } = demoWindow(seeds, options)
      repositories = seeds.map((s) => `${s.owner}/${s.name}`)
      emulator = await startOrgEmulator(
        seeds,
        'github',
        Object.fromEntries(repositories.map((r, i) => [singleToken(i), { kind: 'actions', repository: r }]))
      )
      const context: OrgRunContext = {
        emulator,
        central: repositories[0],
        organization: seeds[0].owner,
        until,
        window,
        entry: 'src/index.ts',
        workDir: join(dir, 'runner'),
        log: () => {}
      }
      jobs = await runOrgJobs(context, options)
      result = await collectOrgResult(context, jobs, join(dir, 'data-branch'))

      // The single-repository pipeline over the same window, for each repository, with its own token.
      for (const [i, repository] of repositories.entries()) {
        const run = await runAction({
          entry: 'src/index.ts',
          apiUrl: emulator.url,
          serverUrl: emulator.url,
          repository,
          eventName: 'schedule',
          payload: { schedule: '0 6 * * 1' },
          inputs: {
            mode: 'report',
            until,
            ...(window ? { window } : {}),
            'data-branch': SINGLE_BRANCH,
            notify: 'false'
          },
          token: singleToken(i),
          workDir: join(dir, `single-${i}`)
        })
        const path = run.outputs['snapshot-path']
        if (run.exitCode !== 0 || !path) {
          singles.set(repository, {
            snapshot: null as unknown as Snapshot,
            values: '',
            exitCode: run.exitCode
          })
          continue
        }
        singles.set(repository, {
          exitCode: run.exitCode,
          snapshot: JSON.parse(await branchFile(emulator.url, repository, path, singleToken(i))) as Snapshot,
          values: await branchFile(
            emulator.url,
            repository,
            path.replace(/\.json$/, '.values.json'),
            singleToken(i)
          )
        })
      }
    }, 600_000)

    afterAll(async () => {
      await emulator?.stop()
      rmSync(dir, { recursive: true, force: true })
    })

    it('runs the plan, every shard of its matrix and the roll-up, and covers every repository', () => {
      expect(jobs.runs.map((r) => [r.job, r.mode, r.exitCode])).toEqual([
        ['plan', 'org-plan', 0],
        ['shard 1', 'org-sync', 0],
        ['shard 2', 'org-sync', 0],
        ['report', 'org-report', 0]
      ])
      expect(JSON.parse(jobs.runs[0].outputs.matrix)).toEqual({ shard: [1, 2] })
      // the shards ran at the same time, each in its own process
      const [one, two] = jobs.runs.slice(1, 3)
      expect(one.startedAt < two.endedAt && two.startedAt < one.endedAt).toBe(true)
      expect(result.org.repos.map((r) => [r.repository, r.status, r.pooled]).sort()).toEqual(
        repositories.map((r) => [r, 'current', true]).sort()
      )
      for (const r of result.org.repos) {
        expect(r.snapshot).toMatch(new RegExp(`repos/${r.repository}/snapshots/${result.period}\\.json$`))
        expect(r.values).toMatch(
          new RegExp(`repos/${r.repository}/snapshots/${result.period}\\.values\\.json$`)
        )
      }
      expect(result.snapshot).toMatch(new RegExp(`org/snapshots/${result.period}\\.json$`))
      expect(result.coverage.counts).toEqual({ current: 3, partial: 0, failed: 0, waiting: 0 })
      const coverage = JSON.parse(readFileSync(result.coverage.file as string, 'utf8')) as { period: string }
      expect(coverage.period).toBe(result.period)
    })

    it('(a) gives each repository the snapshot and values file the single-repository pipeline gives it', () => {
      for (const entry of result.org.repos) {
        const single = singles.get(entry.repository)
        expect([entry.repository, single?.exitCode]).toEqual([entry.repository, 0])
        const fromOrg = JSON.parse(readFileSync(entry.snapshot as string, 'utf8')) as Snapshot
        expect(figuresOf(fromOrg)).toEqual(figuresOf(single!.snapshot))
        expect(fromOrg.complete).toBe(true)
        expect(JSON.parse(readFileSync(entry.values as string, 'utf8'))).toEqual(JSON.parse(single!.values))
      }
    })

    it('(b) has the figures of the union of the three histories', () => {
      const org = JSON.parse(readFileSync(result.snapshot as string, 'utf8')) as Snapshot
      const histories = NAMES.map((name, i) => renumbered(loadDataset(name).history, i * 100_000))
      const union = computeSnapshot(
        {
          ...histories[0],
          repository: result.organization,
          pulls: histories.flatMap((h) => h.pulls),
          issues: histories.flatMap((h) => h.issues),
          commits: histories.flatMap((h) => h.commits),
          deployments: histories.flatMap((h) => h.deployments)
        },
        {
          since: org.window.since,
          until: org.window.until,
          period: org.period,
          bucket: 'week',
          timezone: 'UTC',
          metrics: FROM_FILES,
          ignoreUsers: [],
          includeBots: false,
          deploymentEnvironment: 'production',
          deploymentSource: 'auto',
          incidentLabel: null,
          workingHours: null,
          generatedAt: org.generatedAt,
          complete: true,
          dataProblems: []
        }
      )
      for (const metric of FROM_FILES)
        expect([metric, org.metrics[metric]]).toEqual([metric, union.metrics[metric]])
      // Every repository is in it: the pooled counts are the sums of the repositories' own.
      const own = [...singles.values()].map((s) => s.snapshot.metrics)
      for (const metric of ['timeToMerge', 'issueTimeToClose'] as const) {
        expect(own.every((m) => m[metric]!.count > 0)).toBe(true)
        expect(org.metrics[metric]!.count).toBe(own.reduce((n, m) => n + m[metric]!.count, 0))
      }
    })
  }
)
