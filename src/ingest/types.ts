/** Types shared by the ingestion modes (ingest-deployments / ingest-incidents / prune-*). */
import type { Deployment, Incident } from '../model.js'

export type IngestKind = 'deployments' | 'incidents'

/** One refused record: where it was in the payload, its id when it had one, and why. */
export interface Rejection {
  /** Position in the payload's array (0-based). */
  index: number
  /** The record's `id` as given (stringified), null when missing or not a string/number. */
  id: string | null
  /** The first field found wrong (`sha`, `startedAt`, ...); `(record)` when the record itself is not an object. */
  field: string
  /** A full sentence naming the index, the id and the field, e.g. `deployments[4] (id "ci-105"): ...`. */
  message: string
}

export interface ValidationResult<T> {
  accepted: T[]
  rejected: Rejection[]
  /** The whole payload was refused (not JSON, wrong shape, too many records): nothing is stored. */
  fatal: string | null
  /** Fields the schema does not know, ignored (not a rejection), as `deployments[2].finished_at`. */
  ignoredFields: string[]
}

export type DeploymentsValidation = ValidationResult<Deployment>
export type IncidentsValidation = ValidationResult<Incident>

export interface IngestResult {
  accepted: number
  rejected: number
  errors: Rejection[]
  fatal: string | null
  /** True when a commit landed on the data branch (false in a dry run or when nothing changed). */
  committed: boolean
}

/** The most records one call may carry. */
export const MAX_RECORDS = 500
