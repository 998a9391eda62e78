/**
 * Organization mode's roll-up: after the shards, the org snapshot of the period pooled from each
 * repository's values file (./pool.ts), and the coverage — which repositories are current, partial,
 * failed or waiting, with why — written together to the central data branch's `org/` folder. A
 * repository without a values file for the period and window (failed, never reached, measured by an
 * older run to another `until`) is named in the coverage and left out of the pooled figures, never
 * guessed.
 */
import type { Snapshot } from '../metrics/types.js'
import type { DataStore } from '../store/types.js'
import { poolValues } from './pool.js'
import type { RepositoryRun } from './sync.js'
import { parseValues, valuesPath, type SnapshotValues } from './values.js'

export interface OrgCoverage {
  period: string
  repositories: Array<RepositoryRun & { pooled: boolean }>
  /** Left out by the selection, with why (archived, fork, excluded, …). */
  skipped?: Array<{ repository: string; reason: string }>
}

export interface RollUp {
  snapshot: Snapshot | null
  coverage: OrgCoverage
  /** The values pooled, by repository. */
  values: Map<string, SnapshotValues>
  /** The org store's paths written (empty on a dry run or when nothing changed). */
  paths: string[]
}

export const orgSnapshotPath = (period: string) => `snapshots/${period}.json`
export const coveragePath = (period: string) => `coverage/${period}.json`

/**
 * The pooled snapshot and the coverage from the values files' texts (null: none). `until`, when
 * given, is the window every repository must have been measured to: a file of the same period from
 * an earlier run is not pooled, and its repository is named as not measured this run.
 */
export function poolRuns(options: {
  organization: string
  period: string
  until?: string
  runs: readonly RepositoryRun[]
  texts: ReadonlyMap<string, string | null>
  now: Date
}): Omit<RollUp, 'paths'> {
  const values = new Map<string, SnapshotValues>()
  const repositories: OrgCoverage['repositories'] = []
  for (const run of options.runs) {
    const text = run.state === 'failed' ? null : (options.texts.get(run.repository) ?? null)
    const parsed =
      text === null ? null : parseValues(text, `${run.repository}: ${valuesPath(options.period)}`)
    const current =
      parsed !== null &&
      (options.until === undefined || Date.parse(parsed.window.until) === Date.parse(options.until))
    if (parsed && current) values.set(run.repository, parsed)
    repositories.push({ ...run, pooled: current })
  }
  const snapshot =
    values.size > 0
      ? poolValues([...values.values()], {
          name: options.organization,
          generatedAt: options.now.toISOString()
        }).snapshot
      : null
  return { snapshot, coverage: { period: options.period, repositories }, values }
}

export async function rollUp(options: {
  organization: string
  period: string
  runs: readonly RepositoryRun[]
  storeFor: (repository: string) => DataStore
  /** The central branch's `org/` folder. */
  orgStore: DataStore
  now: Date
  dryRun?: boolean
}): Promise<RollUp> {
  const path = valuesPath(options.period)
  const texts = new Map<string, string | null>()
  for (const run of options.runs) {
    if (run.state !== 'failed')
      texts.set(run.repository, await options.storeFor(run.repository).readFile(path))
  }
  const { snapshot, coverage, values } = poolRuns({ ...options, texts })
  if (options.dryRun) return { snapshot, coverage, values, paths: [] }
  const files = [{ path: coveragePath(options.period), content: `${JSON.stringify(coverage, null, 2)}\n` }]
  if (snapshot)
    files.push({ path: orgSnapshotPath(options.period), content: `${JSON.stringify(snapshot, null, 2)}\n` })
  const saved = await options.orgStore.save({}, files, `Organization report ${options.period}`)
  return { snapshot, coverage, values, paths: saved.paths }
}
