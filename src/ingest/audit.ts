/**
 * The audit copy of every ingest and prune call: one JSON line per call in `ingest/YYYY-MM-DD.jsonl`
 * (UTC date of the call) on the data branch, appended through a FileChange `{ path, append }` so
 * concurrent calls do not overwrite each other. The report's "data problems" section reads it back.
 */
import type { DataStore } from '../store/types.js'
import { jsonTextDepth } from '../text/json.js'
import { MAX_DEPTH } from './limits.js'
import type { IngestKind, Rejection } from './types.js'

export const AUDIT_FOLDER = 'ingest/'

/** Received payloads larger than this (as text) are kept truncated in the audit line. */
export const AUDIT_PAYLOAD_LIMIT = 1_000_000

/** Levels around the records (an event, its client_payload, the records' array) a kept payload may add. */
const AUDIT_ENVELOPE_DEPTH = 4

export interface IngestAuditLine {
  at: string
  operation: 'ingest'
  kind: IngestKind
  /** The payload as parsed JSON; or, when it was not JSON or too large, its text in `receivedText`. */
  received?: unknown
  receivedText?: string
  receivedTruncated?: boolean
  /** Record keys stored (see recordKey). */
  accepted: string[]
  rejected: Rejection[]
  fatal: string | null
}

export interface PruneAuditLine {
  at: string
  operation: 'prune'
  kind: IngestKind
  selection: unknown
  removed: string[]
}

export type AuditLine = IngestAuditLine | PruneAuditLine

export function auditPath(at: Date): string {
  return `${AUDIT_FOLDER}${at.toISOString().slice(0, 10)}.jsonl`
}

/**
 * The received payload in the form the audit keeps: parsed JSON when possible, else (capped) text.
 * A payload nested deeper than MAX_DEPTH is kept as text, so writing the audit line never recurses
 * through it.
 */
export function receivedForAudit(
  text: string
): Pick<IngestAuditLine, 'received' | 'receivedText' | 'receivedTruncated'> {
  if (text.length <= AUDIT_PAYLOAD_LIMIT && jsonTextDepth(text) <= MAX_DEPTH + AUDIT_ENVELOPE_DEPTH) {
    try {
      return { received: JSON.parse(text) }
    } catch {
      return { receivedText: text }
    }
  }
  if (text.length <= AUDIT_PAYLOAD_LIMIT) return { receivedText: text }
  return { receivedText: text.slice(0, AUDIT_PAYLOAD_LIMIT), receivedTruncated: true }
}

/** One JSONL line (newline-terminated). */
export function auditLine(line: AuditLine): string {
  return `${JSON.stringify(line)}\n`
}

export interface DataProblem {
  kind: string
  message: string
}

const DAY_FILE = /(?:^|\/)ingest\/(\d{4}-\d{2}-\d{2})\.jsonl$/

/**
 * Rejected records and refused calls of the ingest calls made in [since, until) (ingestion time),
 * from the audit files of the days in that window. Identical messages are listed once with a count.
 */
export async function readDataProblems(
  store: DataStore,
  since: string,
  until: string
): Promise<DataProblem[]> {
  const from = Date.parse(since)
  const to = Date.parse(until)
  if (Number.isNaN(from) || Number.isNaN(to)) {
    throw new Error(
      `readDataProblems needs ISO times, got since ${JSON.stringify(since)}, until ${JSON.stringify(until)}`
    )
  }
  const firstDay = new Date(from).toISOString().slice(0, 10)
  const lastDay = new Date(to).toISOString().slice(0, 10)
  const files = (await store.list(AUDIT_FOLDER))
    .map((path) => ({ path, day: DAY_FILE.exec(path)?.[1] }))
    .filter(
      (f): f is { path: string; day: string } => f.day !== undefined && f.day >= firstDay && f.day <= lastDay
    )
    .sort((a, b) => a.day.localeCompare(b.day))
  const counts = new Map<string, { problem: DataProblem; count: number }>()
  const add = (problem: DataProblem) => {
    const key = `${problem.kind}\u0000${problem.message}`
    const seen = counts.get(key)
    if (seen) seen.count++
    else counts.set(key, { problem, count: 1 })
  }
  for (const file of files) {
    const path = file.path.startsWith(AUDIT_FOLDER)
      ? file.path
      : file.path.slice(file.path.indexOf(AUDIT_FOLDER))
    const text = await store.readFile(path)
    if (text === null) continue
    for (const raw of text.split('\n')) {
      if (raw.trim() === '') continue
      let line: Partial<IngestAuditLine>
      try {
        line = JSON.parse(raw) as Partial<IngestAuditLine>
      } catch {
        continue // a damaged line is not the sender's data problem
      }
      if (line.operation !== undefined && line.operation !== 'ingest') continue
      const at = typeof line.at === 'string' ? Date.parse(line.at) : NaN
      if (Number.isNaN(at) || at < from || at >= to) continue
      const kind = line.kind ?? 'deployments'
      if (line.fatal) add({ kind, message: `a call to ingest-${kind} was refused: ${line.fatal}` })
      for (const rejection of line.rejected ?? []) {
        if (typeof rejection?.message === 'string') add({ kind, message: rejection.message })
      }
    }
  }
  return [...counts.values()].map(({ problem, count }) =>
    count === 1 ? problem : { ...problem, message: `${problem.message} (received ${count} times)` }
  )
}
