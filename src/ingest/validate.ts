/**
 * Validation of ingested deployments and incidents: a JSON Schema per record (ajv + ajv-formats),
 * then a few cross-field rules, then the mapping to the model's normalized records.
 *
 * Decisions (documented in the action's input descriptions too):
 * - Unknown extra fields in a record are ignored, not rejected, so a CI that sends more metadata
 *   than we read keeps working; they are returned in `ignoredFields` so the caller can warn once
 *   (that catches typos such as `finished_at`).
 * - `id` may be a string or an integer (stored as a string). `sha` is 40 hex digits, stored lowercase.
 * - An optional field given as null counts as absent.
 * - Times must be RFC 3339 / ISO 8601 date-times WITH a time zone (`Z` or `+02:00`): a time without
 *   a zone is ambiguous. They are stored in UTC, to the second (`2025-07-28T10:00:00Z`).
 * - Each refused record gets exactly one Rejection; when a record has several problems, the first (in
 *   the order the fields are documented) is its `field`, and the message lists the others too.
 * - The payload is `{ "deployments": [...] }` (or `{ "incidents": [...] }`), a bare array of records, or
 *   a repository_dispatch body / event carrying that object in `client_payload`.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import * as formatsModule from 'ajv-formats'
import type { Deployment, DeploymentStatus, Incident } from '../model.js'
import { visibleEscapes } from '../text/untrusted.js'
import { valueDepth } from '../text/json.js'
import { MAX_DEPTH, MAX_PAYLOAD_BYTES } from './limits.js'
import {
  MAX_RECORDS,
  type DeploymentsValidation,
  type IncidentsValidation,
  type IngestKind,
  type Rejection,
  type ValidationResult
} from './types.js'

export const INGEST_DEPLOYMENT_STATUSES = ['success', 'failure', 'error', 'cancelled', 'in_progress'] as const
export const INGEST_INCIDENT_STATUSES = ['open', 'resolved'] as const

const idSchema = { type: ['string', 'integer'], minLength: 1, maxLength: 200 }
const textSchema = (max: number) => ({ type: 'string', minLength: 1, maxLength: max })
const timeSchema = { type: 'string', format: 'date-time' }
const urlSchema = { type: 'string', format: 'uri', maxLength: 2000 }
/** Optional fields may also be null (templated CI payloads often emit null for "none"). */
const orNull = <T>(schema: T) => ({ anyOf: [schema, { type: 'null' }] })

/** JSON Schema of one ingested deployment (exported for documentation and tests). */
export const DEPLOYMENT_RECORD_SCHEMA = {
  type: 'object',
  required: ['id', 'environment', 'sha', 'status', 'startedAt'],
  properties: {
    id: idSchema,
    environment: textSchema(200),
    sha: { type: 'string', pattern: '^[0-9a-fA-F]{40}$' },
    status: { type: 'string', enum: [...INGEST_DEPLOYMENT_STATUSES] },
    startedAt: timeSchema,
    finishedAt: orNull(timeSchema),
    source: orNull(textSchema(100)),
    url: orNull(urlSchema)
  }
} as const

/** JSON Schema of one ingested incident. */
export const INCIDENT_RECORD_SCHEMA = {
  type: 'object',
  required: ['id', 'title', 'status', 'createdAt'],
  properties: {
    id: idSchema,
    title: textSchema(1000),
    status: { type: 'string', enum: [...INGEST_INCIDENT_STATUSES] },
    createdAt: timeSchema,
    resolvedAt: orNull(timeSchema),
    deploymentId: orNull(idSchema),
    source: orNull(textSchema(100)),
    url: orNull(urlSchema)
  }
} as const

const FIELD_ORDER: Record<IngestKind, string[]> = {
  deployments: Object.keys(DEPLOYMENT_RECORD_SCHEMA.properties),
  incidents: Object.keys(INCIDENT_RECORD_SCHEMA.properties)
}

let validators: Record<IngestKind, ValidateFunction> | null = null

function getValidators(): Record<IngestKind, ValidateFunction> {
  if (validators) return validators
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true })
  // ajv-formats is CommonJS: depending on the loader its plugin is the namespace's default or the default's default.
  const mod = formatsModule as unknown as { default: unknown }
  const plugin = (
    typeof mod.default === 'function' ? mod.default : (mod.default as { default: unknown }).default
  ) as (a: Ajv, formats: string[]) => void
  plugin(ajv, ['date-time', 'uri'])
  validators = {
    deployments: ajv.compile(DEPLOYMENT_RECORD_SCHEMA),
    incidents: ajv.compile(INCIDENT_RECORD_SCHEMA)
  }
  return validators
}

/** Parses `{ "<kind>": [...] }` (possibly inside a repository_dispatch `client_payload`). */
export function extractRecords(text: string, kind: IngestKind): { records: unknown[] } | { fatal: string } {
  const other: IngestKind = kind === 'deployments' ? 'incidents' : 'deployments'
  const example =
    kind === 'deployments'
      ? '{ "deployments": [ { "id": "...", "environment": "production", "sha": "<40 hex>", "status": "success", "startedAt": "2025-07-28T10:00:00Z" } ] }'
      : '{ "incidents": [ { "id": "...", "title": "...", "status": "open", "createdAt": "2025-07-28T10:00:00Z" } ] }'
  if (text.trim() === '') return { fatal: `The ${kind} payload is empty. Expected JSON like ${example}.` }
  const bytes = Buffer.byteLength(text, 'utf8')
  if (bytes > MAX_PAYLOAD_BYTES) {
    return {
      fatal: `The ${kind} payload is ${bytes} bytes; at most ${MAX_PAYLOAD_BYTES} (${MAX_PAYLOAD_BYTES / 1024 / 1024} MiB) are accepted per call. Split it into several calls; nothing was stored.`
    }
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    if (error instanceof RangeError) {
      return {
        fatal: `The ${kind} payload nests too deep to read (records may nest at most ${MAX_DEPTH} levels); nothing was stored.`
      }
    }
    return {
      fatal: `The ${kind} payload is not valid JSON (${visibleEscapes((error as Error).message)}). Expected JSON like ${example}.`
    }
  }
  // A bare array of records is accepted as shorthand for `{ "<kind>": [...] }`.
  if (Array.isArray(parsed)) parsed = { [kind]: parsed }
  if (parsed === null || typeof parsed !== 'object') {
    return { fatal: `The ${kind} payload must be a JSON object like ${example}, not ${describe(parsed)}.` }
  }
  let body = parsed as Record<string, unknown>
  // repository_dispatch: the API body `{ event_type, client_payload }` or the event `{ action, client_payload, ... }`.
  if (!(kind in body) && body.client_payload !== null && typeof body.client_payload === 'object') {
    body = body.client_payload as Record<string, unknown>
  }
  if (!(kind in body)) {
    if (other in body) {
      return {
        fatal: `The payload carries "${other}", not "${kind}": use mode ingest-${other} (or the ${other} input) for it.`
      }
    }
    const keys = Object.keys(body)
    const listed = keys.slice(0, 10).map(fieldName).join(', ')
    const more = keys.length > 10 ? ` and ${keys.length - 10} more` : ''
    return {
      fatal: `The ${kind} payload has no "${kind}" array (top-level keys: ${keys.length ? `${listed}${more}` : 'none'}). Expected JSON like ${example}.`
    }
  }
  const records = body[kind]
  if (!Array.isArray(records)) {
    return { fatal: `"${kind}" must be an array of records, not ${describe(records)}.` }
  }
  if (records.length > MAX_RECORDS) {
    return {
      fatal: `The payload has ${records.length} ${kind}; at most ${MAX_RECORDS} are accepted per call. Split it into several calls; nothing was stored.`
    }
  }
  return { records }
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') return `the string ${show(value)}`
  return `a ${typeof value}`
}

/** A value for a message: JSON, cut to a readable length, hidden characters shown as escapes. */
function show(value: unknown): string {
  const text = quoted(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

/** JSON of a scalar with the characters that hide or reorder text written as `\uXXXX`. */
function quoted(value: unknown): string {
  return visibleEscapes(JSON.stringify(value) ?? String(value))
}

/** A payload key for a message: as it is when it is a plain name, else quoted. */
function fieldName(key: string): string {
  return /^[A-Za-z0-9_$-]{1,60}$/.test(key) ? key : show(key)
}

/** UTC, second precision: `2025-07-28T10:00:00Z`. */
export function toUtc(time: string): string {
  return new Date(Date.parse(time)).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

interface Problem {
  field: string
  text: string
}

function problemFromAjv(error: ErrorObject, record: Record<string, unknown>, kind: IngestKind): Problem {
  const field =
    error.keyword === 'required'
      ? String((error.params as { missingProperty: string }).missingProperty)
      : error.instancePath.split('/')[1] || '(record)'
  const value = record[field]
  switch (error.keyword) {
    case 'required':
      return { field, text: `${field} is missing (required${hint(field, kind)})` }
    case 'type':
      if (field === '(record)')
        return { field, text: `the record must be an object, not ${describe(record)}` }
      return {
        field,
        text: `${field} must be ${typeName(String(error.params.type))}, not ${describe(value)}`
      }
    case 'enum':
      return {
        field,
        text: `${field} ${show(value)} is not one of ${(error.params as { allowedValues: string[] }).allowedValues.join(', ')}`
      }
    case 'pattern':
      return { field, text: `${field} ${show(value)} is not a 40-character hexadecimal commit sha` }
    case 'format':
      if (error.params.format === 'uri')
        return { field, text: `${field} ${show(value)} is not an absolute URL` }
      return {
        field,
        text: `${field} ${show(value)} is not a valid ISO 8601 date-time with a time zone (like 2025-07-28T10:00:00Z)`
      }
    case 'minLength':
      return { field, text: `${field} must not be empty` }
    case 'maxLength':
      return { field, text: `${field} is longer than ${String(error.params.limit)} characters` }
    default:
      return { field, text: `${field} ${error.message ?? 'is invalid'}` }
  }
}

function hint(field: string, kind: IngestKind): string {
  if (field === 'sha') return ': the 40-hex commit sha that was deployed'
  if (field === 'status' && kind === 'deployments') return `: one of ${INGEST_DEPLOYMENT_STATUSES.join(', ')}`
  if (field === 'status') return `: one of ${INGEST_INCIDENT_STATUSES.join(', ')}`
  if (field === 'startedAt' || field === 'createdAt')
    return ': an ISO 8601 date-time like 2025-07-28T10:00:00Z'
  return ''
}

function typeName(type: string): string {
  if (type === 'string,integer') return 'a string or an integer'
  if (type === 'null') return 'null'
  return `a ${type}`
}

/** Rules a JSON Schema does not express well (order of times, consistency of status and times). */
function crossFieldProblems(kind: IngestKind, record: Record<string, unknown>): Problem[] {
  const problems: Problem[] = []
  const ms = (v: unknown) => (typeof v === 'string' ? Date.parse(v) : NaN)
  const [startField, endField] =
    kind === 'deployments' ? ['startedAt', 'finishedAt'] : ['createdAt', 'resolvedAt']
  for (const field of [startField, endField]) {
    // The date-time format accepts a leap second (23:59:60) that Date cannot represent.
    if (typeof record[field] === 'string' && Number.isNaN(ms(record[field]))) {
      problems.push({ field, text: `${field} ${show(record[field])} is not a representable date-time` })
    }
  }
  const start = ms(record[startField])
  const end = ms(record[endField])
  if (!Number.isNaN(start) && !Number.isNaN(end) && end < start) {
    problems.push({
      field: endField,
      text: `${endField} ${show(record[endField])} is before ${startField} ${show(record[startField])}`
    })
  }
  if (kind === 'incidents') {
    const resolvedAt = record.resolvedAt
    if (record.status === 'resolved' && (resolvedAt === undefined || resolvedAt === null)) {
      problems.push({
        field: 'resolvedAt',
        text: 'resolvedAt is missing (required when status is "resolved")'
      })
    }
    if (record.status === 'open' && typeof resolvedAt === 'string') {
      problems.push({
        field: 'resolvedAt',
        text: 'resolvedAt is set but status is "open" (send status "resolved" or drop resolvedAt)'
      })
    }
  }
  return problems
}

function recordId(record: unknown): string | null {
  if (record === null || typeof record !== 'object') return null
  const id = (record as Record<string, unknown>).id
  if (typeof id === 'string' && id !== '') return id
  if (typeof id === 'number' && Number.isInteger(id)) return String(id)
  return null
}

function validateRecords<T>(
  kind: IngestKind,
  text: string,
  toModel: (record: Record<string, unknown>) => T
): ValidationResult<T> {
  const extracted = extractRecords(text, kind)
  if ('fatal' in extracted) return { accepted: [], rejected: [], fatal: extracted.fatal, ignoredFields: [] }
  const validate = getValidators()[kind]
  const order = FIELD_ORDER[kind]
  const accepted: T[] = []
  const rejected: Rejection[] = []
  const ignoredFields: string[] = []
  extracted.records.forEach((raw, index) => {
    const id = recordId(raw)
    const where = `${kind}[${index}] (${id === null ? 'no id' : `id ${quoted(id)}`})`
    let problems: Problem[]
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      problems = [{ field: '(record)', text: `the record must be an object, not ${describe(raw)}` }]
    } else if (valueDepth(raw, MAX_DEPTH) > MAX_DEPTH) {
      // checked before anything else walks the record: its fields may nest thousands of levels
      const text = `the record nests arrays and objects more than ${MAX_DEPTH} levels deep (at most ${MAX_DEPTH} are read)`
      problems = [{ field: '(record)', text }]
    } else {
      const record = raw as Record<string, unknown>
      problems = validate(record)
        ? []
        : (validate.errors ?? [])
            // anyOf wraps the branch errors; the branch's own message is the useful one.
            .filter((e) => e.keyword !== 'anyOf' && !(e.keyword === 'type' && e.params.type === 'null'))
            .map((e) => problemFromAjv(e, record, kind))
      if (problems.length === 0) problems = crossFieldProblems(kind, record)
      for (const key of Object.keys(record))
        if (!order.includes(key)) ignoredFields.push(`${kind}[${index}].${fieldName(key)}`)
    }
    if (problems.length === 0) {
      accepted.push(toModel(raw as Record<string, unknown>))
      return
    }
    const unique = problems.filter((p, i) => problems.findIndex((q) => q.text === p.text) === i)
    unique.sort((a, b) => rank(order, a.field) - rank(order, b.field))
    const [first, ...rest] = unique
    const also = rest.length ? `; also ${rest.map((p) => p.text).join('; ')}` : ''
    rejected.push({ index, id, field: first.field, message: `${where}: ${first.text}${also}` })
  })
  return { accepted, rejected, fatal: null, ignoredFields }
}

function rank(order: string[], field: string): number {
  const i = order.indexOf(field)
  return i === -1 ? -1 : i
}

function idOf(value: unknown): string {
  return typeof value === 'number' ? String(value) : (value as string)
}

/** Validates an ingest-deployments payload and maps the good records to model Deployments. */
export function validateDeploymentsPayload(text: string): DeploymentsValidation {
  return validateRecords('deployments', text, (r): Deployment => {
    const deployment: Deployment = {
      source: 'ingest',
      id: idOf(r.id),
      provider: typeof r.source === 'string' ? r.source : 'ingest',
      environment: r.environment as string,
      sha: (r.sha as string).toLowerCase(),
      status: r.status as DeploymentStatus,
      createdAt: toUtc(r.startedAt as string),
      finishedAt: typeof r.finishedAt === 'string' ? toUtc(r.finishedAt) : null
    }
    if (typeof r.url === 'string') deployment.url = r.url
    return deployment
  })
}

/** Validates an ingest-incidents payload and maps the good records to model Incidents. */
export function validateIncidentsPayload(text: string): IncidentsValidation {
  return validateRecords('incidents', text, (r): Incident => {
    const incident: Incident = {
      source: 'ingest',
      id: idOf(r.id),
      provider: typeof r.source === 'string' ? r.source : 'ingest',
      title: r.title as string,
      status: r.status as Incident['status'],
      createdAt: toUtc(r.createdAt as string),
      resolvedAt: typeof r.resolvedAt === 'string' ? toUtc(r.resolvedAt) : null
    }
    if (r.deploymentId !== undefined && r.deploymentId !== null) incident.deploymentId = idOf(r.deploymentId)
    if (typeof r.url === 'string') incident.url = r.url
    return incident
  })
}

export function validatePayload(kind: IngestKind, text: string): ValidationResult<Deployment | Incident> {
  return kind === 'deployments' ? validateDeploymentsPayload(text) : validateIncidentsPayload(text)
}
