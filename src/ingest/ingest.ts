/**
 * ingest-deployments / ingest-incidents: validate the payload record by record, upsert the good
 * records (by source, provider and id) and append the audit line, in one store commit.
 */
import type { Logger } from '../log.js'
import { recordKey, type Deployment, type Incident } from '../model.js'
import type { DataStore, HistoryUpdate } from '../store/types.js'
import { auditLine, auditPath, receivedForAudit } from './audit.js'
import type { IngestKind, IngestResult } from './types.js'
import { validatePayload } from './validate.js'

export interface IngestOptions {
  store: DataStore
  kind: IngestKind
  /** The JSON text given (input, file, or a repository_dispatch payload). */
  text: string
  /** Time of the call: names the audit file and stamps its line. */
  now: Date
  /** Validate and report only: nothing is written. */
  dryRun: boolean
  log: Logger
}

export async function ingest(opts: IngestOptions): Promise<IngestResult> {
  const { store, kind, text, now, dryRun, log } = opts
  const result = validatePayload(kind, text)
  const accepted = result.accepted
  const keys = accepted.map((r) => recordKey(kind, r))
  if (result.fatal) log.info(`ingest-${kind}: payload refused: ${result.fatal}`)
  else log.info(`ingest-${kind}: ${accepted.length} accepted, ${result.rejected.length} rejected`)
  for (const rejection of result.rejected) log.info(`  rejected ${rejection.message}`)
  if (new Set(keys).size < keys.length) {
    log.warning(`ingest-${kind}: some records repeat the same source and id; the last of each is kept`)
  }
  if (result.ignoredFields.length) {
    const shown = result.ignoredFields.slice(0, 10).join(', ')
    const more = result.ignoredFields.length > 10 ? ` and ${result.ignoredFields.length - 10} more` : ''
    log.warning(
      `ingest-${kind}: ignored fields the schema does not know (check their spelling): ${shown}${more}`
    )
  }
  const outcome: IngestResult = {
    accepted: accepted.length,
    rejected: result.rejected.length,
    errors: result.rejected,
    fatal: result.fatal,
    committed: false
  }
  if (dryRun) {
    log.info(`ingest-${kind}: dry run, nothing written to ${store.description}`)
    return outcome
  }
  const update: HistoryUpdate =
    kind === 'deployments' ? { deployments: accepted as Deployment[] } : { incidents: accepted as Incident[] }
  const audit = auditLine({
    at: now.toISOString(),
    operation: 'ingest',
    kind,
    ...receivedForAudit(text),
    accepted: keys,
    rejected: result.rejected,
    fatal: result.fatal
  })
  const summary = result.fatal
    ? `refused payload`
    : `${accepted.length} accepted${result.rejected.length ? `, ${result.rejected.length} rejected` : ''}`
  const saved = await store.save(
    update,
    [{ path: auditPath(now), append: audit }],
    `Ingest ${kind}: ${summary}`
  )
  log.info(
    `ingest-${kind}: ${saved.committed ? `committed ${saved.commitSha ?? ''}`.trim() : 'nothing changed'} on ${store.description} (audit ${auditPath(now)})`
  )
  return { ...outcome, committed: saved.committed }
}
