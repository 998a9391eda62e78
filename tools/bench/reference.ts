/**
 * The steady scenario's reference: the snapshot an unconstrained run computes. The whole history is
 * synced into a folder (no request budget; a new hour whenever the token's hour is spent), then the
 * metrics with the action's settings over the window of the stored snapshot.
 *
 * It holds the whole history in memory, which at 300,000 pull requests is more than the 768 MB heap
 * the `bench` script gives the bench process: so it runs in a process of its own (reference-cli.ts)
 * with a heap of REFERENCE_HEAP_MB, whatever NODE_OPTIONS the bench process has.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { getHeapStatistics } from 'node:v8'
import { createGitHubClient } from '../../src/github/client.js'
import { syncHistory } from '../../src/github/sync.js'
import { memoryLogger } from '../../src/log.js'
import { computeSnapshot } from '../../src/metrics/index.js'
import type { Snapshot } from '../../src/metrics/types.js'
import { metricOptions } from '../../src/pipeline/measure.js'
import { parseSettings } from '../../src/settings.js'
import { createDirectoryStore } from '../../src/store/index.js'
import { nodeOptionsWithHeap, spawnNodeWithParent, temporaryFolder } from './child-processes.js'
import { nextHour } from './emulator-process.js'

/** The reference process's heap (the 300,000 pull request history needed about 3 GB). */
export const REFERENCE_HEAP_MB = 4096

export interface ReferenceRequest {
  url: string
  owner: string
  name: string
  /** The token it syncs with (its own hourly budget). */
  token: string
  /** The action's inputs, as the warm run had them. */
  inputs: Record<string, string>
  /** The stored snapshot's window and time: the reference is computed for the same. */
  window: { since: string; until: string; period: string }
  generatedAt: string
}

export interface ReferenceResult {
  snapshot: Snapshot
  syncRounds: number
  /** The V8 heap limit of the process that computed it. */
  heapLimitMb: number
  peakRssMb: number
}

/** The reference, computed in this process. */
export async function referenceSnapshot(request: ReferenceRequest): Promise<ReferenceResult> {
  const { url, owner, name } = request
  const folder = temporaryFolder('repo-metrics-bench-ref-')
  try {
    const log = memoryLogger()
    const store = createDirectoryStore(folder.path)
    const parsed = parseSettings((input) => request.inputs[input] ?? '', {
      GITHUB_REPOSITORY: `${owner}/${name}`,
      GITHUB_API_URL: url,
      GITHUB_GRAPHQL_URL: `${url}/graphql`,
      GITHUB_SERVER_URL: url
    })
    if (!parsed.ok) throw new Error(`reference settings: ${JSON.stringify(parsed.problems)}`)
    const settings = parsed.settings
    let rounds = 0
    for (; rounds < 200; rounds++) {
      const state = await store.load()
      const client = createGitHubClient({
        token: request.token,
        apiUrl: url,
        graphqlUrl: `${url}/graphql`,
        budget: null,
        log
      })
      const result = await syncHistory({
        client,
        owner,
        repo: name,
        checkpoints: state.meta.checkpoints,
        storedTeams: state.meta.teams,
        deploymentSource: settings.deploymentSource,
        deploymentEnvironment: settings.deploymentEnvironment,
        since: null,
        until: null,
        log
      })
      await store.save(result.update, [], 'bench reference sync')
      if (result.complete) break
      await nextHour(url)
    }
    const history = { ...(await store.load()).history, repository: `${owner}/${name}` }
    // As the action measures: its own notification issues do not count.
    const measured = {
      ...history,
      issues: history.issues.filter((i) => !i.labels.includes(settings.issueLabel))
    }
    const snapshot = computeSnapshot(measured, {
      ...metricOptions(settings, request.window, request.generatedAt),
      complete: true,
      dataProblems: []
    })
    return {
      // Through JSON, as the stored copy went (undefined fields drop out).
      snapshot: JSON.parse(JSON.stringify(snapshot)) as Snapshot,
      syncRounds: rounds + 1,
      heapLimitMb: Math.round(getHeapStatistics().heap_size_limit / 2 ** 20),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024)
    }
  } finally {
    folder.remove()
  }
}

/**
 * The reference, computed in a child process (`node --import tsx tools/bench/reference-cli.ts`) with
 * NODE_OPTIONS' heap set to `heapMb`; request and result go through files.
 */
export async function referenceSnapshotInProcess(
  request: ReferenceRequest,
  heapMb: number = REFERENCE_HEAP_MB
): Promise<ReferenceResult> {
  const folder = temporaryFolder('repo-metrics-bench-refcall-')
  try {
    const requestFile = join(folder.path, 'request.json')
    const resultFile = join(folder.path, 'result.json')
    writeFileSync(requestFile, JSON.stringify(request))
    const child = spawnNodeWithParent(
      ['--import', 'tsx', 'tools/bench/reference-cli.ts', requestFile, resultFile],
      {
        stdio: ['ignore', 'inherit', 'inherit'],
        env: { ...process.env, NODE_OPTIONS: nodeOptionsWithHeap(process.env.NODE_OPTIONS, heapMb) }
      }
    )
    const ended = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done, fail) => {
      child.once('error', fail)
      child.once('exit', (code, signal) => done({ code, signal }))
    })
    if (ended.code !== 0)
      throw new Error(`the reference process ended with ${ended.signal ?? `exit code ${ended.code}`}`)
    return JSON.parse(readFileSync(resultFile, 'utf8')) as ReferenceResult
  } finally {
    folder.remove()
  }
}
