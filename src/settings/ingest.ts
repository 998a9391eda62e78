/**
 * Ingestion and pruning: the records to ingest (inline JSON or a file; the JSON itself is validated record
 * by record by the ingestion step, not here) and the selection the prune modes remove.
 */
import type { Mode, PruneSelection, Settings } from '../settings-types.js'
import { isBefore, selectsNothing } from './checks.js'
import type { InputReader } from './context.js'

export type IngestSettings = Pick<
  Settings,
  'deploymentsJson' | 'deploymentsFile' | 'incidentsJson' | 'incidentsFile' | 'failOnInvalid' | 'prune'
>

const PRUNE_INPUTS = ['prune-source', 'prune-ids', 'prune-since', 'prune-until'] as const

function readRecords(ctx: InputReader, kind: 'deployments' | 'incidents'): [string | null, string | null] {
  const json = ctx.optional(kind)
  const file = ctx.optional(`${kind}-file` as const)
  if (json && file) {
    ctx.problem(
      `${kind}-file`,
      file,
      `is given together with '${kind}'`,
      `Give the records either inline in '${kind}' or in a file, not both.`
    )
  }
  return [json, file]
}

/** The prune selection; in a prune mode it must select something. Dates are read in `timezone`. */
function readPrune(ctx: InputReader, mode: Mode, timezone: string): PruneSelection {
  const since = ctx.instant('prune-since', timezone)
  const until = ctx.instant('prune-until', timezone)
  if (since && until && !isBefore(since, until)) {
    ctx.problem(
      'prune-since',
      ctx.raw('prune-since'),
      `is not before prune-until ('${ctx.raw('prune-until')}')`,
      "Give a 'prune-since' earlier than 'prune-until'."
    )
  }
  const selection = { source: ctx.optional('prune-source'), ids: ctx.list('prune-ids'), since, until }
  // Judged on the text given, so an unreadable date is reported as such, not as an empty selection.
  const given = { ...selection, since: ctx.raw('prune-since'), until: ctx.raw('prune-until') }
  if (mode.startsWith('prune-') && selectsNothing(given)) {
    ctx.note({
      input: 'mode',
      value: mode,
      message: `Input 'mode' is '${mode}' but no records are selected. Set at least one of ${PRUNE_INPUTS.join(', ')} so that pruning never removes every record by accident.`
    })
  }
  return selection
}

export function readIngest(ctx: InputReader, mode: Mode, timezone: string): IngestSettings {
  const [deploymentsJson, deploymentsFile] = readRecords(ctx, 'deployments')
  const [incidentsJson, incidentsFile] = readRecords(ctx, 'incidents')
  return {
    deploymentsJson,
    deploymentsFile,
    incidentsJson,
    incidentsFile,
    failOnInvalid: ctx.bool('fail-on-invalid'),
    prune: readPrune(ctx, mode, timezone)
  }
}
