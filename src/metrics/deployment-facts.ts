/**
 * Deployment facts: the one place that says which stored deployment records are production deployments
 * that count, which source `deployment-source: auto` uses, and which deployments an incident marks as
 * failed. Pure; used by the metrics, by the sync (its `auto` choice) and by record mode.
 *
 * The stored records keep what GitHub (or the CI) says: a GitHub Deployment's environment as GitHub
 * names it, an ingested deployment's as the CI sent it. Releases, merges and workflow runs have no
 * environment on GitHub, so their records carry none (null; records stored before this rule may carry
 * the configured environment of the day, which is ignored). The `deployment-environment` setting is
 * applied here, when the numbers are made, so changing it needs no new sync.
 */
import type { Deployment, DeploymentSource, DeploymentStatus, History, Incident } from '../model.js'

/** The sources whose records name an environment: GitHub Deployments and ingested deployments. */
const ENVIRONMENT_SOURCES: ReadonlySet<DeploymentSource> = new Set<DeploymentSource>(['deployment', 'ingest'])

/** Whether records of this source name an environment (the others are production by nature). */
export function namesEnvironment(source: DeploymentSource): boolean {
  return ENVIRONMENT_SOURCES.has(source)
}

/**
 * Whether an environment is the production one (`deployment-environment`, compared without regard to
 * case). A deployment that names no environment (null) counts as production, as it always has.
 */
export function isProductionEnvironment(environment: string | null, production: string): boolean {
  return environment === null || environment.toLowerCase() === production.toLowerCase()
}

/**
 * Whether a record is a deployment to production: GitHub Deployments and ingested deployments by their
 * environment; releases, merges and workflow runs always, whatever environment an old record carries.
 */
export function isProductionDeployment(
  record: Pick<Deployment, 'source' | 'environment'>,
  production: string
): boolean {
  return !namesEnvironment(record.source) || isProductionEnvironment(record.environment, production)
}

/**
 * How a deployment ended, for the metrics: `success` and `inactive` (a success GitHub later superseded)
 * succeeded, `failure` and `error` failed; pending, in-progress and cancelled ones did not end in a
 * deployment (null) and do not count.
 */
export function deploymentOutcome(status: DeploymentStatus): 'succeeded' | 'failed' | null {
  if (status === 'success' || status === 'inactive') return 'succeeded'
  if (status === 'failure' || status === 'error') return 'failed'
  return null
}

/**
 * The order `auto` tries the sources in: ingested deployments first (a team that sends its deployments
 * means them to be the record, and mixing them with GitHub's would count one release twice), then GitHub
 * Deployments, the deploy workflow's runs, releases, merges.
 */
export const AUTO_SOURCE_ORDER: readonly DeploymentSource[] = [
  'ingest',
  'deployment',
  'workflow_run',
  'release',
  'merge'
]

/** `auto`: the first source in AUTO_SOURCE_ORDER that has production deployments; null when none has. */
export function chooseAutoSource(
  hasProductionDeployments: (source: DeploymentSource) => boolean
): DeploymentSource | null {
  return AUTO_SOURCE_ORDER.find((source) => hasProductionDeployments(source)) ?? null
}

/** What the sync knows of the GitHub sources it reads under `auto` (kept in its checkpoints). */
export interface SyncedSourceFacts {
  /** The environments, as GitHub names them, that have a finished GitHub Deployment (null: none named). */
  deploymentEnvironments: Iterable<string | null>
  /** Published releases (not drafts, not prereleases) were seen. */
  hasReleases: boolean
}

/**
 * The GitHub source the sync keeps up to date under `auto`: the choice the metrics make from the stored
 * records (chooseAutoSource), made from what the sync saw of the same records. Merges when nothing else
 * has production deployments, since the sync derives merges itself. Ingested deployments, which the
 * metrics prefer, are not the sync's to read.
 */
export function chooseSyncedSource(facts: SyncedSourceFacts, production: string): DeploymentSource {
  const environments = [...facts.deploymentEnvironments]
  const has = (source: DeploymentSource): boolean => {
    if (source === 'deployment') return environments.some((e) => isProductionEnvironment(e, production))
    if (source === 'release') return facts.hasReleases
    return source === 'merge'
  }
  return chooseAutoSource(has) ?? 'merge'
}

export interface ProductionDeployment {
  record: Deployment
  /** When it went live (finishedAt, else createdAt), epoch ms. */
  at: number
  failed: boolean
}

/**
 * The production deployments the metrics use, in time order, and the source they came from: the
 * records isProductionDeployment accepts that ended (deploymentOutcome), of the configured source or,
 * under `auto`, of chooseAutoSource's ('none' when no source has any).
 */
export function selectDeployments(
  deployments: readonly Deployment[],
  environment: string,
  source: 'auto' | DeploymentSource
): { source: string; list: ProductionDeployment[] } {
  const bySource = new Map<string, ProductionDeployment[]>()
  for (const record of deployments) {
    if (!isProductionDeployment(record, environment)) continue
    const outcome = deploymentOutcome(record.status)
    if (outcome === null) continue
    const at = Date.parse(record.finishedAt ?? record.createdAt)
    if (Number.isNaN(at)) continue
    let list = bySource.get(record.source)
    if (!list) bySource.set(record.source, (list = []))
    list.push({ record, at, failed: outcome === 'failed' })
  }
  const chosen = source === 'auto' ? (chooseAutoSource((name) => bySource.has(name)) ?? 'none') : source
  const list = bySource.get(chosen) ?? []
  list.sort((a, b) => a.at - b.at)
  return { source: chosen, list }
}

/**
 * Incidents: the recorded ones plus, when `incidentLabel` is set, one per issue carrying that label
 * (createdAt → closedAt), unless the history already holds an issue incident with that number.
 */
export function collectIncidents(history: History, incidentLabel: string | null | undefined): Incident[] {
  const incidents = [...history.incidents]
  if (!incidentLabel) return incidents
  const label = incidentLabel.toLowerCase()
  const known = new Set(incidents.filter((i) => i.source === 'issue').map((i) => i.id))
  for (const issue of history.issues) {
    if (known.has(String(issue.number))) continue
    if (!issue.labels.some((name) => name.toLowerCase() === label)) continue
    incidents.push({
      source: 'issue',
      id: String(issue.number),
      title: issue.title,
      status: issue.closedAt ? 'resolved' : 'open',
      createdAt: issue.createdAt,
      resolvedAt: issue.closedAt
    })
  }
  return incidents
}

/**
 * The successful production deployments incidents mark as failed: the one an incident names
 * (`deploymentId`), else the last successful one at or before the incident was opened.
 */
export function deploymentsFailedByIncidents(
  list: readonly ProductionDeployment[],
  incidents: readonly Incident[]
): Set<ProductionDeployment> {
  const linked = new Set<ProductionDeployment>()
  const successes = list.filter((d) => !d.failed)
  const byId = new Map(successes.map((d) => [d.record.id, d]))
  const times = successes.map((d) => d.at)
  for (const incident of incidents) {
    let target = incident.deploymentId ? byId.get(incident.deploymentId) : undefined
    if (!target) {
      const i = lastAtOrBefore(times, Date.parse(incident.createdAt))
      if (i >= 0) target = successes[i]
    }
    if (target) linked.add(target)
  }
  return linked
}

/** Index of the last time ≤ `time` in ascending `times`, or -1. */
export function lastAtOrBefore(times: readonly number[], time: number): number {
  let lo = 0
  let hi = times.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (times[mid] <= time) lo = mid + 1
    else hi = mid
  }
  return lo - 1
}
