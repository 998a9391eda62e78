/**
 * Stored snapshots of older schemas, read as the current one. v1 → v2 only added metrics
 * (`backlog`, `reviewLoad`, `pullRequestSize`), so a v1 snapshot is a v2 one without them; its figures
 * are kept as they are. A snapshot from a newer build is refused with what to do.
 */
import { SNAPSHOT_SCHEMA_VERSION, type Snapshot } from './types.js'

export function upgradeSnapshot(raw: unknown, where = 'the stored snapshot'): Snapshot {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new Error(`${where} is not a JSON object: delete the file and re-run to write it again.`)
  }
  const record = raw as Record<string, unknown>
  const version = record.schemaVersion ?? 1
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new Error(
      `${where} has an invalid schemaVersion ${JSON.stringify(version)}: delete the file and re-run to write it again.`
    )
  }
  if (version > SNAPSHOT_SCHEMA_VERSION) {
    throw new Error(
      `${where} has schemaVersion ${version}, newer than this version of the action understands (${SNAPSHOT_SCHEMA_VERSION}): update the action.`
    )
  }
  const upgraded: Record<string, unknown> = { ...record, schemaVersion: SNAPSHOT_SCHEMA_VERSION }
  if (!upgraded.metrics || typeof upgraded.metrics !== 'object') upgraded.metrics = {}
  if (!Array.isArray(upgraded.dataProblems)) upgraded.dataProblems = []
  return upgraded as unknown as Snapshot
}

/** Parses a stored snapshot's text and upgrades it; null when the text is not JSON. */
export function parseStoredSnapshot(text: string, where?: string): Snapshot | null {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return null
  }
  return upgradeSnapshot(raw, where)
}
