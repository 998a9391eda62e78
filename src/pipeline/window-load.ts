/**
 * A report's read of the store: only what its spans need, not the whole history.
 *
 * The store keeps each record in the shard of the month of its last activity and open pull requests
 * and issues in open.json (src/store/shards.ts), so everything that happened in the report's spans —
 * the window, the period before it and the trend's earlier periods — is in the months from the oldest
 * span's start on, or open. Two metrics look further back, and get what they need, newest months
 * first, one month, then two, then four…:
 * - the DORA metrics need the last successful production deployment before the oldest span (the
 *   baseline of lead time, the deployment an incident is laid to, the "first deployment ever" rule),
 *   and under `deployment-source: auto` every source that ever had production deployments (known
 *   from meta.json's deploymentKinds without reading them);
 * - lead time walks the commit graph from each deployment: it reads older months while a walk from a
 *   deployment in the spans reaches a parent that is not read yet.
 * Records that ended before the oldest span changed nothing in it, so every figure is the one a read
 * of the whole history gives.
 */
import type { Logger } from '../log.js'
import { deploymentSourceOf } from '../metrics/index.js'
import { chooseAutoSource, isProductionDeployment, selectDeployments } from '../metrics/deployment-facts.js'
import { walkDeployedCommits } from '../metrics/deployments.js'
import { type CollectionName, type History, recordKey } from '../model.js'
import type { Settings } from '../settings-types.js'
import type { DataStore, LoadedState } from '../store/types.js'

export interface WindowLoad {
  state: LoadedState
  /**
   * The start of the oldest unread month of pull requests or issues (epoch ms), or Infinity when all
   * were read: the history starts before it, which is all the report needs to know of its start.
   */
  unreadStart: number
}

const DORA = ['deployments', 'leadTimeForChanges', 'changeFailureRate', 'timeToRestore'] as const

/** The UTC month (`YYYY-MM`) of a time. */
function monthOf(time: number): string {
  return new Date(time).toISOString().slice(0, 7)
}

export async function loadForSpans(
  store: DataStore,
  settings: Settings,
  spans: ReadonlyArray<{ since: string; until: string }>,
  log: Logger
): Promise<WindowLoad> {
  const horizon = Math.min(...spans.map((span) => Date.parse(span.since)))
  const since = monthOf(horizon)
  const state = await store.load({ since })
  const unread = { ...(state.unread ?? {}) }
  const readMonths = async (collection: CollectionName, months: string[]): Promise<void> => {
    if (!store.loadMonths || months.length === 0) return
    const older = await store.loadMonths(collection, months)
    const list = state.history[collection] as unknown[]
    const have = new Set(list.map((record) => recordKey(collection, record)))
    // the months read are older than every month already read: a key already read is its newer copy
    const added = older.filter((record) => !have.has(recordKey(collection, record)))
    ;(state.history as unknown as Record<string, unknown[]>)[collection] = [...added, ...list]
    unread[collection] = (unread[collection] ?? []).filter((month) => !months.includes(month))
  }
  // each step back reads twice as many months as the one before (1, 2, 4, …): few requests either way
  const steps = new Map<CollectionName, number>()
  const latestUnread = (collection: CollectionName): string[] => {
    const step = steps.get(collection) ?? 1
    steps.set(collection, step * 2)
    return (unread[collection] ?? []).slice(-step)
  }

  const wanted = new Set<string>(settings.metrics)
  if (DORA.some((name) => wanted.has(name)) && store.loadMonths) {
    const production = settings.deploymentEnvironment
    const source = deploymentSourceOf(settings.deploymentSource)
    if (source === 'auto' && (unread.deployments ?? []).length > 0) {
      // the source a read of everything would choose: from every kind ever stored
      const kinds = state.meta.deploymentKinds
      const full =
        kinds === undefined
          ? null
          : chooseAutoSource((name) =>
              kinds.some(
                ([s, environment]) =>
                  s === name && isProductionDeployment({ source: s, environment } as never, production)
              )
            )
      if (full === null || full !== selectDeployments(state.history.deployments, production, 'auto').source) {
        await readMonths('deployments', unread.deployments ?? [])
      }
    }
    // back to the last successful production deployment before the oldest span
    while ((unread.deployments ?? []).length > 0) {
      const { list } = selectDeployments(state.history.deployments, production, source)
      // lead time's baseline needs a commit to start from
      const needSha = wanted.has('leadTimeForChanges')
      if (list.some((d) => !d.failed && d.at < horizon && (!needSha || d.record.sha))) break
      await readMonths('deployments', latestUnread('deployments'))
    }
    if (wanted.has('leadTimeForChanges')) {
      while (
        (unread.commits ?? []).length > 0 &&
        leadTimeReachesUnread(state.history, production, source, horizon, spans)
      ) {
        await readMonths('commits', latestUnread('commits'))
      }
    }
  }

  const oldest = [...(unread.pulls ?? []), ...(unread.issues ?? [])].sort()[0]
  const read = Object.values(unread).reduce((n, months) => n + (months?.length ?? 0), 0)
  log.info(
    read === 0
      ? `Read the whole stored history (${countOf(state.history)} records)`
      : `Read ${countOf(state.history)} records: the months from ${since} on, open items and what the DORA metrics need before (${read} older months left unread)`
  )
  return { state, unreadStart: oldest === undefined ? Infinity : Date.parse(`${oldest}-01T00:00:00Z`) }
}

function countOf(history: History): number {
  return (
    history.pulls.length +
    history.issues.length +
    history.commits.length +
    history.deployments.length +
    history.incidents.length
  )
}

/**
 * True when lead time could differ from a read of everything: the baseline deployment's commit is not
 * read, or a walk from a deployment in the spans reaches a parent that is not read.
 */
function leadTimeReachesUnread(
  history: History,
  production: string,
  source: ReturnType<typeof deploymentSourceOf>,
  horizon: number,
  spans: ReadonlyArray<{ since: string; until: string }>
): boolean {
  const { list } = selectDeployments(history.deployments, production, source)
  const until = Math.max(...spans.map((span) => Date.parse(span.until)))
  const baseline = list.filter((d) => !d.failed && d.at < horizon).pop()
  const oids = new Set(history.commits.map((c) => c.oid))
  if (baseline?.record.sha && !oids.has(baseline.record.sha.toLowerCase())) return true
  let gap = false
  walkDeployedCommits(
    history.commits,
    list,
    until,
    () => {},
    (deployment, _parent, first) => {
      if (!first && deployment.at >= horizon) gap = true
    }
  )
  return gap
}
