/**
 * npm run bench -- --prs N [--json FILE] [--seed S] [--run-budget N]
 * npm run bench -- --scenario concurrency --writers N [--json FILE]
 * npm run bench -- --scenario steady --prs N [--seed S] [--profile github|lenient] [--entry dist|src]
 *   [--max-runs N] [--json FILE]   (see steady.ts: backfill, warm, record and identical, run by run)
 * npm run bench -- --scenario org --repos N --prs M [--shards K] [--seed S] [--profile github|lenient]
 *   [--entry dist|src] [--max-runs W] [--json FILE]   (see org.ts: the org workflow, cold windows then warm)
 *
 * The pipeline at scale on generated history. The emulator runs in its own process (so its memory is
 * not counted; it ends with this process, see child-processes.ts); this process syncs into a local store folder, then measures the parse floor
 * (JSON.parse of the stored history alone), the metrics and the rendering, and its own peak RSS.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createGitHubClient } from '../../src/github/client.js'
import { syncHistory } from '../../src/github/sync.js'
import { memoryLogger } from '../../src/log.js'
import { computeSnapshot } from '../../src/metrics/index.js'
import { METRIC_NAMES } from '../../src/metrics/types.js'
import { resolveWindow } from '../../src/period.js'
import { renderReport } from '../../src/report/index.js'
import { createDirectoryStore } from '../../src/store/index.js'
import type { Checkpoint } from '../../src/store/types.js'
import { parseBenchArgs, type BenchArgs } from './args.js'
import { temporaryFolder } from './child-processes.js'
import { startEmulatorProcess } from './emulator-process.js'

function parseArgs(argv: string[]): BenchArgs {
  const { args, problems } = parseBenchArgs(argv)
  if (problems.length) {
    for (const p of problems) console.error(`bench: ${p}`)
    process.exit(2)
  }
  return args
}

function filesUnder(dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...filesUnder(path))
    else out.push(path)
  }
  return out
}

/** Logs the process's memory after a phase (stderr), so the peak can be placed. */
function phase(name: string): void {
  console.error(`bench: ${name} (rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MB)`)
}

const seconds = (start: bigint): number =>
  Math.round((Number(process.hrtime.bigint() - start) / 1e9) * 1000) / 1000

async function pipelineScenario(args: BenchArgs): Promise<Record<string, unknown>> {
  console.error(`bench: generating ${args.prs} pull requests in the emulator process`)
  const { url, child } = await startEmulatorProcess([
    '--generate',
    `prs=${args.prs},seed=${args.seed}`,
    '--port',
    '0',
    // The bench measures the pipeline, not GitHub's hourly limit: the sync runs below stand for hours.
    '--rate-limit',
    '100000000'
  ])
  const folder = temporaryFolder('repo-metrics-bench-')
  const dir = folder.path
  try {
    const seedInfo = (await (await fetch(`${url}/_emulator/seed`)).json().catch(() => null)) as {
      owner: string
      name: string
      until: string
    } | null
    const owner = seedInfo?.owner ?? 'octo-org'
    const name = seedInfo?.name ?? 'octo-repo'
    const log = memoryLogger()
    const store = createDirectoryStore(dir)
    await fetch(`${url}/_emulator/stats/reset`, { method: 'POST' })

    // A backfill this size spans several runs of the action (the Actions token has 1,000 requests an
    // hour): each round is one run with its own client and budget, saving before the next starts.
    console.error(`bench: syncing in runs of at most ${args.runBudget} requests`)
    const syncStart = process.hrtime.bigint()
    let runs = 0
    for (; runs < 200; runs++) {
      const meta = JSON.parse((await store.readFile('meta.json')) ?? '{}') as {
        checkpoints?: Record<string, Checkpoint>
      }
      const client = createGitHubClient({
        token: 'bench',
        apiUrl: url,
        graphqlUrl: `${url}/graphql`,
        budget: args.runBudget,
        log
      })
      const result = await syncHistory({
        client,
        owner,
        repo: name,
        checkpoints: meta.checkpoints ?? {},
        deploymentSource: { kind: 'auto' },
        deploymentEnvironment: 'production',
        since: null,
        until: null,
        keepRequests: 0,
        log
      })
      await store.save(result.update, [], 'bench sync')
      phase(`sync run ${runs + 1}: ${client.requests().total} requests${result.complete ? ', complete' : ''}`)
      if (result.complete) break
    }
    const syncSeconds = seconds(syncStart)
    const stats = (await (await fetch(`${url}/_emulator/stats`)).json()) as {
      requests: { total: number }
      graphqlCost: number
    }

    // The floor: JSON.parse of the stored history alone (files read first, not timed).
    let texts: string[] | null = filesUnder(join(dir, 'history')).map((f) => readFileSync(f, 'utf8'))
    const parseStart = process.hrtime.bigint()
    let parsed = 0
    for (const text of texts) parsed += (JSON.parse(text) as unknown[]).length
    const parseSeconds = seconds(parseStart)
    texts = null
    phase('parse floor measured')

    const history = (await store.load()).history
    phase('history loaded')
    const until = seedInfo?.until ?? new Date().toISOString()
    const window = resolveWindow({
      window: { kind: 'length', days: 90, text: '90d' },
      since: null,
      until,
      timezone: 'UTC',
      now: new Date(until)
    })
    const metricsStart = process.hrtime.bigint()
    const snapshot = computeSnapshot(history, {
      since: window.since,
      until: window.until,
      period: window.period,
      bucket: 'week',
      timezone: 'UTC',
      metrics: [...METRIC_NAMES],
      ignoreUsers: [],
      includeBots: false,
      deploymentEnvironment: 'production',
      deploymentSource: 'auto',
      incidentLabel: null,
      workingHours: null,
      generatedAt: new Date().toISOString(),
      complete: true,
      dataProblems: []
    } as Parameters<typeof computeSnapshot>[1])
    const metricsSeconds = seconds(metricsStart)
    phase('metrics computed')

    const renderStart = process.hrtime.bigint()
    await renderReport({
      snapshot,
      previous: null,
      repository: `${owner}/${name}`,
      serverUrl: url,
      reportsBranch: 'repo-metrics',
      reportsPath: 'reports',
      mentionReviewers: false,
      template: null,
      issueTemplate: null,
      existingIndex: null
    })
    const renderSeconds = seconds(renderStart)
    phase('report rendered')

    const dataBranchBytes = filesUnder(dir).reduce((sum, f) => sum + statSync(f).size, 0)
    return {
      prs: history.pulls.length,
      issues: history.issues.length,
      commits: history.commits.length,
      deployments: history.deployments.length,
      sync: {
        requests: stats.requests.total,
        graphqlCost: stats.graphqlCost,
        seconds: syncSeconds,
        runs: runs + 1,
        requestsPer1000Prs:
          Math.round((stats.requests.total / Math.max(1, history.pulls.length)) * 1000 * 10) / 10
      },
      floor: { parseSeconds, records: parsed },
      metrics: {
        seconds: metricsSeconds,
        ratioToFloor: Math.round((metricsSeconds / Math.max(parseSeconds, 1e-6)) * 100) / 100
      },
      render: { seconds: renderSeconds },
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      dataBranchBytes,
      bytesPerPullRequest: Math.round(
        filesUnder(join(dir, 'history', 'pulls')).reduce((sum, f) => sum + statSync(f).size, 0) /
          Math.max(1, history.pulls.length)
      )
    }
  } finally {
    child.kill()
    folder.remove()
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  let result: Record<string, unknown>
  if (args.scenario === 'concurrency') {
    // The writers race on a branch of the real emulator, over loopback.
    const { runConcurrencyScenario } = await import('./concurrency.js')
    const { startEmulator } = await import('../github-emulator/server.js')
    const { generateRepository } = await import('../github-emulator/generate.js')
    const seed = generateRepository({ prs: 20, seed: args.seed })
    const emulator = await startEmulator({ seed, port: 0 })
    try {
      result = (await runConcurrencyScenario({
        writers: args.writers,
        baseUrl: emulator.url,
        owner: seed.owner,
        repo: seed.name
      })) as unknown as Record<string, unknown>
    } finally {
      await emulator.stop()
    }
  } else if (args.scenario === 'steady') {
    const { steadyScenario } = await import('./steady.js')
    result = await steadyScenario(args)
  } else if (args.scenario === 'org') {
    const { orgScenario } = await import('./org.js')
    result = await orgScenario(args)
  } else {
    result = await pipelineScenario(args)
  }
  const text = JSON.stringify(result, null, 2)
  if (args.json) writeFileSync(args.json, text + '\n')
  console.log(text)
}

main().catch((error) => {
  console.error(`bench: ${error instanceof Error ? error.stack : String(error)}`)
  process.exit(1)
})
