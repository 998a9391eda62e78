/**
 * DORA metrics: deployments (frequency and class), leadTimeForChanges, changeFailureRate, timeToRestore.
 */
import type { Commit, Incident } from '../model.js'
import type { MetricContext } from './context.js'
import { timeOrNaN } from './context.js'
import {
  deploymentsFailedByIncidents,
  lastAtOrBefore,
  type ProductionDeployment
} from './deployment-facts.js'
import { CountCollector, DistCollector, bucketIndex, makeBuckets, quantileSorted, round3 } from './stats.js'
import type { ChangeFailureRate, Deployments, Dist, DoraClass, TimeToRestore } from './types.js'

// Which records are production deployments, the `auto` choice and incident links: deployment-facts.ts.
export { collectIncidents, selectDeployments, type ProductionDeployment } from './deployment-facts.js'

function median(values: number[]): number {
  if (values.length === 0) return 0
  return quantileSorted(
    [...values].sort((a, b) => a - b),
    0.5
  )
}

/**
 * Deployment frequency in the window and its DORA class (Four Keys rules). `firstEver`: the first
 * deployment of the source ever (by default the earliest in `list`; an organization's pooled list,
 * src/org/pool.ts, holds only the window's deployments and passes it).
 */
export function deploymentFrequency(
  ctx: MetricContext,
  list: ReadonlyArray<Pick<ProductionDeployment, 'at' | 'failed'>>,
  source: string,
  firstEver = list.reduce((earliest, d) => Math.min(earliest, d.at), Infinity)
): Deployments {
  const counts = new CountCollector(ctx.buckets, ['count', 'failed'] as const)
  const weeks = makeBuckets(ctx.since, ctx.until, 'week', ctx.timezone)
  const months = makeBuckets(ctx.since, ctx.until, 'month', ctx.timezone)
  const days = makeBuckets(ctx.since, ctx.until, 'day', ctx.timezone)
  const daysPerWeek: Array<Set<number>> = weeks.starts.map(() => new Set())
  const perMonth: number[] = months.starts.map(() => 0)
  for (const deployment of list) {
    if (deployment.failed) {
      counts.add('failed', deployment.at)
      continue
    }
    if (!counts.add('count', deployment.at)) continue
    daysPerWeek[bucketIndex(weeks, deployment.at)].add(bucketIndex(days, deployment.at))
    perMonth[bucketIndex(months, deployment.at)]++
  }
  // Weeks and months that ended before the source's first deployment ever are not quiet periods but
  // time before it existed (a young repository, a source newly used): they do not count.
  const counted = (b: { starts: number[] }, i: number): boolean =>
    (i + 1 < b.starts.length ? b.starts[i + 1] : ctx.until) > firstEver
  const weekDays = daysPerWeek.map((set) => set.size).filter((_, i) => counted(weeks, i))
  const monthCounts = perMonth.filter((_, i) => counted(months, i))
  const medianWeek = median(weekDays)
  const medianMonth = median(monthCounts)
  const doraClass: DoraClass =
    weekDays.length > 0 && medianWeek >= 3
      ? 'daily'
      : weekDays.length > 0 && medianWeek >= 1
        ? 'weekly'
        : monthCounts.length > 0 && medianMonth >= 1
          ? 'monthly'
          : 'yearly'
  const windowWeeks = (ctx.until - ctx.since) / (7 * 24 * 3600 * 1000)
  const buckets = counts.bucketList()
  return {
    count: counts.totals.count,
    failed: counts.totals.failed,
    perWeek: windowWeeks > 0 ? round3(counts.totals.count / windowWeeks) : 0,
    doraClass,
    buckets,
    source
  }
}

/**
 * The walk lead time makes: from each successful production deployment's sha before `until`, in
 * deployment order, through parents, visiting every commit at most once overall. `reach` hears of
 * every commit first reached by a deployment (the first deployment whose sha is in the graph is the
 * baseline: it only marks what was already live); `gap`, of a parent that is not in `commits`.
 */
export function walkDeployedCommits(
  commits: readonly Commit[],
  list: readonly ProductionDeployment[],
  until: number,
  reach: (deployment: ProductionDeployment, commit: number, baseline: boolean) => void,
  gap?: (deployment: ProductionDeployment, parent: string, baseline: boolean) => void
): void {
  const index = new Map<string, number>()
  for (let i = 0; i < commits.length; i++) index.set(commits[i].oid, i)
  const visited = new Uint8Array(commits.length)
  const stack: number[] = []
  let baseline = true
  for (const deployment of list) {
    if (deployment.failed || deployment.at >= until) continue
    const start = deployment.record.sha ? index.get(deployment.record.sha.toLowerCase()) : undefined
    if (start === undefined) continue
    if (!visited[start]) {
      visited[start] = 1
      stack.push(start)
    }
    while (stack.length > 0) {
      const i = stack.pop()!
      reach(deployment, i, baseline)
      for (const parent of commits[i].parents) {
        const p = index.get(parent)
        if (p === undefined) gap?.(deployment, parent, baseline)
        else if (!visited[p]) {
          visited[p] = 1
          stack.push(p)
        }
      }
    }
    baseline = false
  }
}

/**
 * Lead time for changes (walkDeployedCommits): commits first reached by a deployment were made live
 * by it: value = deployment time − committedAt (values ≤ 0 dropped), placed by the deployment time.
 */
export function leadTimeForChanges(
  ctx: MetricContext,
  commits: readonly Commit[],
  list: readonly ProductionDeployment[]
): Dist {
  return leadTimeCollector(ctx, commits, list).result()
}

/** The values of leadTimeForChanges, collected (the snapshot's figures and the values file come from it). */
export function leadTimeCollector(
  ctx: MetricContext,
  commits: readonly Commit[],
  list: readonly ProductionDeployment[]
): DistCollector {
  const collector = new DistCollector(ctx.buckets)
  const committed = new Float64Array(commits.length).fill(NaN)
  let current: ProductionDeployment | null = null
  let bucket = -1
  walkDeployedCommits(commits, list, ctx.until, (deployment, i, baseline) => {
    if (deployment !== current) {
      current = deployment
      bucket = baseline ? -1 : bucketIndex(ctx.buckets, deployment.at)
    }
    if (bucket < 0) return
    let at = committed[i]
    if (Number.isNaN(at)) at = committed[i] = Date.parse(commits[i].committedAt)
    const seconds = (deployment.at - at) / 1000
    if (seconds > 0) collector.addAt(bucket, seconds)
  })
  return collector
}

/**
 * Failed production deployments in the window: by final status, and — when incidents are linked
 * (`linkIncidents`) — successful deployments followed by an incident: the incident's `deploymentId`, else
 * the last successful production deployment at or before the incident was opened.
 */
export function changeFailureRate(
  ctx: MetricContext,
  list: readonly ProductionDeployment[],
  incidents: readonly Incident[],
  linkIncidents: boolean
): ChangeFailureRate {
  const linked =
    linkIncidents && incidents.length > 0
      ? deploymentsFailedByIncidents(list, incidents)
      : new Set<ProductionDeployment>()
  let failed = 0
  let total = 0
  for (const deployment of list) {
    if (deployment.at < ctx.since || deployment.at >= ctx.until) continue
    total++
    if (deployment.failed || linked.has(deployment)) failed++
  }
  return { ratio: failureRatio(failed, total), failed, total }
}

/** failed ÷ total, rounded as every figure (null when there were no deployments). */
export function failureRatio(failed: number, total: number): number | null {
  return total > 0 ? round3(failed / total) : null
}

/**
 * Time to restore: per failed production deployment, the time to the next successful one (placed by that
 * success); per resolved incident, createdAt → resolvedAt (placed by resolvedAt).
 */
export function timeToRestore(
  ctx: MetricContext,
  list: readonly ProductionDeployment[],
  incidents: readonly Incident[]
): TimeToRestore {
  const { collector, sources } = restoreCollector(ctx, list, incidents)
  return { ...collector.result(), sources }
}

/** The values of timeToRestore, collected, and how many came from each source. */
export function restoreCollector(
  ctx: MetricContext,
  list: readonly ProductionDeployment[],
  incidents: readonly Incident[]
): { collector: DistCollector; sources: TimeToRestore['sources'] } {
  const collector = new DistCollector(ctx.buckets)
  const sources = { deployments: 0, incidents: 0 }
  const successTimes = list.filter((d) => !d.failed).map((d) => d.at)
  for (const deployment of list) {
    if (!deployment.failed) continue
    const next = lastAtOrBefore(successTimes, deployment.at) + 1
    if (next >= successTimes.length) continue
    if (collector.add(successTimes[next], (successTimes[next] - deployment.at) / 1000)) sources.deployments++
  }
  for (const incident of incidents) {
    const resolved = timeOrNaN(incident.resolvedAt)
    if (Number.isNaN(resolved)) continue
    const opened = Date.parse(incident.createdAt)
    if (collector.add(resolved, (resolved - opened) / 1000)) sources.incidents++
  }
  return { collector, sources }
}
