/**
 * meta.json: the data branch's schema version, sync checkpoints, teams and last run. Older layouts are
 * migrated on read (and written back by the next save); a newer schema version is refused, so an old
 * build never misreads or overwrites data it does not understand.
 */
import { type Meta, type HistoryUpdate, SCHEMA_VERSION, SchemaVersionError } from './types.js'
import { stableStringify } from './shards.js'
import { deploymentKinds } from './layout.js'
import { COLLECTIONS, repositoryFields } from './merge.js'

export const META_PATH = 'meta.json'

export function emptyMeta(repository: string): Meta {
  return {
    schemaVersion: SCHEMA_VERSION,
    repository,
    defaultBranch: null,
    checkpoints: {},
    teams: null,
    lastRun: null,
    layout: 'activity',
    deploymentKinds: []
  }
}

type RawMeta = Record<string, unknown>

/**
 * Migrations, by the version they upgrade from. Version 0 is the first layout, written before meta.json
 * had a schemaVersion: `{ repository, checkpoints?, lastRun? }` with checkpoints possibly under the
 * older name `sync`.
 */
const MIGRATIONS: Record<number, (raw: RawMeta, repository: string) => RawMeta> = {
  0: (raw, repository) => ({
    schemaVersion: 1,
    repository: typeof raw.repository === 'string' && raw.repository !== '' ? raw.repository : repository,
    defaultBranch: typeof raw.defaultBranch === 'string' ? raw.defaultBranch : null,
    checkpoints: isObject(raw.checkpoints) ? raw.checkpoints : isObject(raw.sync) ? raw.sync : {},
    teams: isObject(raw.teams) ? raw.teams : null,
    lastRun: isObject(raw.lastRun) ? raw.lastRun : null
  })
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

export interface ParsedMeta {
  meta: Meta
  /** The stored version before migration (0 when it had none; null when there was no meta.json). */
  storedVersion: number | null
}

/**
 * Reads meta.json text (null when the file is missing). `where` names the branch or folder for
 * messages, `repository` fills a missing repository name.
 */
export function parseMeta(text: string | null, where: string, repository: string): ParsedMeta {
  if (text === null) return { meta: emptyMeta(repository), storedVersion: null }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (e) {
    throw new Error(
      `${META_PATH} on ${where} is not valid JSON (${(e as Error).message}). Fix the file, or delete it to rebuild the metadata on the next run.`
    )
  }
  if (!isObject(raw)) {
    throw new Error(
      `${META_PATH} on ${where} must be a JSON object. Fix the file, or delete it to rebuild the metadata on the next run.`
    )
  }
  const found = raw.schemaVersion === undefined ? 0 : raw.schemaVersion
  if (typeof found !== 'number' || !Number.isInteger(found) || found < 0) {
    throw new SchemaVersionError(
      `${META_PATH} on ${where} has an invalid schemaVersion ${JSON.stringify(found)} (expected an integer, at most ${SCHEMA_VERSION}). Fix the file or use a new data branch.`
    )
  }
  if (found > SCHEMA_VERSION) {
    throw new SchemaVersionError(
      `The data on ${where} uses schema version ${found}, but this version of repo-metrics-report supports up to ${SCHEMA_VERSION}. ` +
        `Upgrade the action to a release that supports schema version ${found}, or set the data-branch input to a different branch. Nothing was read or written.`
    )
  }
  let current: RawMeta = raw
  for (let version = found; version < SCHEMA_VERSION; version++) {
    const migrate = MIGRATIONS[version]
    if (!migrate)
      throw new SchemaVersionError(
        `No migration from schema version ${version} of ${where}; use a new data branch.`
      )
    current = migrate(current, repository)
  }
  return { meta: normalizeMeta(current, repository), storedVersion: found }
}

function normalizeMeta(raw: RawMeta, repository: string): Meta {
  const lastRun = isObject(raw.lastRun) ? (raw.lastRun as Meta['lastRun']) : null
  return {
    schemaVersion: SCHEMA_VERSION,
    repository: typeof raw.repository === 'string' && raw.repository !== '' ? raw.repository : repository,
    defaultBranch: typeof raw.defaultBranch === 'string' ? raw.defaultBranch : null,
    checkpoints: isObject(raw.checkpoints) ? (raw.checkpoints as Meta['checkpoints']) : {},
    teams: isObject(raw.teams) ? (raw.teams as Meta['teams']) : null,
    lastRun,
    // the activity layout counts only with its deployment kinds (both written by the same save)
    ...(raw.layout === 'activity' && validKinds(raw.deploymentKinds)
      ? { layout: 'activity' as const, deploymentKinds: raw.deploymentKinds }
      : {}),
    ...(raw.layout === 'activity' && validOpenParts(raw.openParts) ? { openParts: raw.openParts } : {})
  }
}

/** meta.json's openParts: collection → its open parts' first keys (strings); anything else is dropped. */
function validOpenParts(value: unknown): value is NonNullable<Meta['openParts']> {
  return (
    isObject(value) &&
    Object.entries(value).every(
      ([name, keys]) =>
        (COLLECTIONS as readonly string[]).includes(name) &&
        Array.isArray(keys) &&
        keys.every((k) => typeof k === 'string')
    )
  )
}

function validKinds(value: unknown): value is NonNullable<Meta['deploymentKinds']> {
  return (
    Array.isArray(value) &&
    value.every(
      (k) =>
        Array.isArray(k) &&
        k.length === 2 &&
        typeof k[0] === 'string' &&
        (k[1] === null || typeof k[1] === 'string')
    )
  )
}

/** Deterministic meta.json text (sorted keys, 2-space indented: it is small and read by people). */
export function serializeMeta(meta: Meta): string {
  return `${stableStringify(meta, 2)}\n`
}

/** The meta after an update (the input is not modified). */
export function applyMetaUpdate(meta: Meta, update: HistoryUpdate): Meta {
  const next: Meta = { ...meta, ...repositoryFields(update), checkpoints: { ...meta.checkpoints } }
  for (const [name, checkpoint] of Object.entries(update.checkpoints ?? {})) {
    if (checkpoint === null) delete next.checkpoints[name]
    else next.checkpoints[name] = checkpoint
  }
  if (update.lastRun !== undefined) next.lastRun = update.lastRun
  if (next.layout === 'activity' && update.deployments?.length) {
    next.deploymentKinds = deploymentKinds(update.deployments, next.deploymentKinds)
  }
  return next
}

/**
 * True when meta changed in a way worth a commit. `lastRun` alone does not count: it rides along with
 * a commit that is made anyway, so a re-run that changes nothing else makes no commit.
 */
export function metaChangedBeyondLastRun(beforeText: string | null, after: Meta): boolean {
  if (beforeText === null) return true
  const withoutRun = (m: Meta) => serializeMeta({ ...m, lastRun: null })
  let before: Meta
  try {
    before = JSON.parse(beforeText) as Meta
  } catch {
    return true
  }
  // a migrated or reformatted file is rewritten
  if (serializeMeta(before as Meta) !== beforeText) return true
  return withoutRun(before) !== withoutRun(after)
}
