/**
 * Organization mode's roll-up: after the shards, the org snapshot of the period pooled from each
 * repository's values file (./pool.ts), and the coverage — which repositories are current, partial,
 * failed or waiting, with why — written together to the central data branch's `org/` folder. A
 * repository without a values file for the period (failed, never reached) is named in the coverage
 * and left out of the pooled figures, never guessed.
 */
import type { Snapshot } from '../metrics/types.js'
import type { DataStore } from '../store/types.js'
import { poolValues } from './pool.js'
import type { RepositoryRun } from './sync.js'
import { parseValues, valuesPath, type SnapshotValues } from './values.js'

export interface OrgCoverage {
  period: string
  repositories: Array<RepositoryRun & { pooled: boolean }>
}

export interface RollUp {
  snapshot: Snapshot | null
  coverage: OrgCoverage
  /** The org store's paths written (empty on a dry run or when nothing changed). */
  paths: string[]
}

export const orgSnapshotPath = (period: string) => `snapshots/${period}.json`
export const coveragePath = (period: string) => `coverage/${period}.json`

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
  const values: SnapshotValues[] = []
  const repositories: OrgCoverage['repositories'] = []
  for (const run of options.runs) {
    const text = run.state === 'failed' ? null : await options.storeFor(run.repository).readFile(path)
    if (text !== null) values.push(parseValues(text, `${run.repository}: ${path}`))
    repositories.push({ ...run, pooled: text !== null })
  }
  const snapshot =
    values.length > 0
      ? poolValues(values, { name: options.organization, generatedAt: options.now.toISOString() }).snapshot
      : null
  const coverage: OrgCoverage = { period: options.period, repositories }
  if (options.dryRun) return { snapshot, coverage, paths: [] }
  const files = [{ path: coveragePath(options.period), content: `${JSON.stringify(coverage, null, 2)}\n` }]
  if (snapshot)
    files.push({ path: orgSnapshotPath(options.period), content: `${JSON.stringify(snapshot, null, 2)}\n` })
  const saved = await options.orgStore.save({}, files, `Organization report ${options.period}`)
  return { snapshot, coverage, paths: saved.paths }
}
