/**
 * Concurrency scenario: N writers save to one data branch at the same moment (each its own store and
 * client, as separate workflow runs would), every writer with records of its own plus records every
 * writer shares. All must succeed without a forced ref update and the branch must end up holding every
 * record exactly once.
 */
import { getOctokit } from '@actions/github'
import type { Deployment, PullRequest } from '../../src/model.js'
import { createGitDataStore } from '../../src/store/index.js'
import { startTestGitHub, type TestGitHub } from '../../__tests__/emulator-git/helpers/server.js'

export interface ConcurrencyOptions {
  writers: number
  /** An emulator to write to; without it a local Git Data server is started for the run. */
  baseUrl?: string
  owner?: string
  repo?: string
  branch?: string
  /** Distinct pull requests per writer (default 5). */
  recordsPerWriter?: number
}

export interface ConcurrencyResult {
  writers: number
  succeeded: number
  recordsExpected: number
  recordsStored: number
  forcePushes: number
  retries: number
}

function pull(number: number, writer: number): PullRequest {
  const day = String(1 + (number % 28)).padStart(2, '0')
  const month = String(1 + (number % 12)).padStart(2, '0')
  const createdAt = `2025-${month}-${day}T10:00:00Z`
  return {
    number,
    title: `Change ${number} from writer ${writer}`,
    author: `writer-${writer}`,
    createdAt,
    updatedAt: createdAt,
    closedAt: null,
    mergedAt: null,
    isDraft: false,
    draftEvents: [],
    firstCommitAt: null,
    mergeCommitSha: null,
    baseRef: 'main',
    labels: [],
    additions: number,
    deletions: writer,
    reviewRequests: [],
    reviews: [],
    comments: []
  }
}

/** The same deployment every writer reports (an event seen by several runs). */
function sharedDeployment(index: number, writer: number): Deployment {
  return {
    source: 'deployment',
    id: `shared-${index}`,
    environment: 'production',
    sha: null,
    status: 'success',
    createdAt: `2025-06-0${1 + index}T12:00:00Z`,
    finishedAt: `2025-06-0${1 + index}T12:0${writer % 10}:00Z`
  }
}

/**
 * Forced ref updates the emulator saw, when its stats report them (`forcedUpdates`, at the top level
 * or under `git`); 0 otherwise (the client-side count still covers this scenario's own writers).
 */
async function emulatorForcedUpdates(baseUrl: string): Promise<number> {
  try {
    const stats = (await (await fetch(`${baseUrl}/_emulator/stats`)).json()) as {
      forcedUpdates?: unknown
      git?: { forcedUpdates?: unknown }
    }
    const value = stats.git?.forcedUpdates ?? stats.forcedUpdates
    return typeof value === 'number' ? value : 0
  } catch {
    return 0
  }
}

export async function runConcurrencyScenario(options: ConcurrencyOptions): Promise<ConcurrencyResult> {
  const writers = options.writers
  if (!Number.isInteger(writers) || writers < 1)
    throw new Error(`--writers must be a positive integer, got ${writers}`)
  const perWriter = options.recordsPerWriter ?? 5
  const sharedCount = 3
  let server: TestGitHub | undefined
  if (!options.baseUrl) server = await startTestGitHub()
  const baseUrl = options.baseUrl ?? (server as TestGitHub).url
  const owner = options.owner ?? 'bench'
  const repo = options.repo ?? 'concurrency'
  const branch = options.branch ?? (options.baseUrl ? `repo-metrics-bench-${Date.now()}` : 'repo-metrics')
  let forcedByClients = 0

  const makeStore = () => {
    const octokit = getOctokit('bench-token', { baseUrl })
    octokit.hook.before('request', (request) => {
      if ((request as { force?: unknown }).force === true) forcedByClients++
    })
    return createGitDataStore({ octokit, owner, repo, branch, backoffMs: 50, maxAttempts: 12 })
  }

  try {
    const results = await Promise.allSettled(
      Array.from({ length: writers }, async (_, w) => {
        const store = makeStore()
        await store.load()
        const pulls = Array.from({ length: perWriter }, (_, i) => pull(1000 + w * perWriter + i, w))
        const deployments = Array.from({ length: sharedCount }, (_, i) => sharedDeployment(i, w))
        return store.save(
          { pulls, deployments, checkpoints: { [`writer-${w}`]: { done: true } } },
          [{ path: 'ingest/bench.jsonl', append: JSON.stringify({ writer: w }) }],
          `bench: writer ${w}`
        )
      })
    )
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    for (const failure of failures)
      console.error(`writer failed: ${(failure.reason as Error)?.message ?? failure.reason}`)
    const retries = results.reduce((sum, r) => sum + (r.status === 'fulfilled' ? r.value.retries : 0), 0)

    const final = await makeStore().load()
    const serverForced = server ? server.git.forcedUpdates : await emulatorForcedUpdates(baseUrl)
    const recordsStored = final.history.pulls.length + final.history.deployments.length
    return {
      writers,
      succeeded: results.length - failures.length,
      recordsExpected: writers * perWriter + sharedCount,
      recordsStored,
      forcePushes: Math.max(forcedByClients, serverForced),
      retries
    }
  } finally {
    await server?.close()
  }
}
