/**
 * prune-deployments / prune-incidents: remove ingested records (source `ingest`) chosen by the
 * sending system (provider), by ids and/or by a createdAt range. All given criteria must match.
 * An empty selection is refused: it would remove every ingested record.
 */
import type { Logger } from '../log.js'
import { recordKey, type Deployment, type Incident } from '../model.js'
import type { PruneSelection } from '../settings-types.js'
import { isBefore, readInstant, selectsNothing } from '../settings/checks.js'
import type { DataStore } from '../store/types.js'
import { auditLine, auditPath } from './audit.js'
import type { IngestKind } from './types.js'

export interface PruneOptions {
  store: DataStore
  kind: IngestKind
  selection: PruneSelection
  /** List what would be removed; write nothing. */
  dryRun: boolean
  log: Logger
  /** Time of the call, for the audit line (default: now). */
  now?: Date
}

export class PruneSelectionError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PruneSelectionError'
  }
}

/** A bound as given by the settings (a UTC ISO time); a date alone is midnight UTC. */
function parseBound(name: string, value: string | null): number | null {
  if (value === null || value.trim() === '') return null
  const time = readInstant(value.trim(), 'UTC')
  if (!time.ok) {
    throw new PruneSelectionError(
      `prune-${name} ${JSON.stringify(value)} is not a date; use YYYY-MM-DD or an ISO 8601 time like 2025-07-28T10:00:00Z`
    )
  }
  return time.value.toMillis()
}

/** The stored records a selection picks (only ingested ones). Exported for tests and the CLI. */
export function selectForPrune<T extends Deployment | Incident>(
  records: T[],
  kind: IngestKind,
  selection: PruneSelection
): T[] {
  const source = selection.source?.trim() || null
  const ids = selection.ids.map((id) => id.trim()).filter((id) => id !== '')
  const since = parseBound('since', selection.since)
  const until = parseBound('until', selection.until)
  if (selectsNothing(selection)) {
    throw new PruneSelectionError(
      `prune-${kind} needs a selection: set prune-source, prune-ids, prune-since and/or prune-until. ` +
        `An empty selection would remove every ingested record, so nothing was removed.`
    )
  }
  if (since !== null && until !== null && !isBefore(since, until)) {
    throw new PruneSelectionError(
      `prune-until must be after prune-since (got ${selection.since} .. ${selection.until})`
    )
  }
  const idSet = new Set(ids)
  return records.filter((r) => {
    if (r.source !== 'ingest') return false
    if (source !== null && (r.provider ?? 'ingest') !== source) return false
    if (idSet.size && !idSet.has(r.id)) return false
    const created = Date.parse(r.createdAt)
    if (since !== null && !(created >= since)) return false
    if (until !== null && !(created < until)) return false
    return true
  })
}

export async function prune(opts: PruneOptions): Promise<{ removed: string[] }> {
  const { store, kind, selection, dryRun, log } = opts
  const { history } = await store.load()
  const stored = (kind === 'deployments' ? history.deployments : history.incidents) as Array<
    Deployment | Incident
  >
  const chosen = selectForPrune(stored, kind, selection)
  const removed = chosen.map((r) => recordKey(kind, r))
  const verb = dryRun ? 'would remove' : 'removing'
  log.info(`prune-${kind}: ${verb} ${removed.length} ingested record(s) from ${store.description}`)
  for (const r of chosen) {
    log.info(
      `  ${r.provider ?? 'ingest'} ${r.id} (${r.createdAt}${'environment' in r ? `, ${r.environment}` : ''})`
    )
  }
  if (dryRun || removed.length === 0) return { removed }
  const now = opts.now ?? new Date()
  const audit = auditLine({ at: now.toISOString(), operation: 'prune', kind, selection, removed })
  await store.save(
    { remove: { [kind]: removed } },
    [{ path: auditPath(now), append: audit }],
    `Prune ${removed.length} ingested ${kind}`
  )
  return { removed }
}
