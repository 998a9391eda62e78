/**
 * The data-branch store contract (../shared/DESIGN.md "Data branch"). The pipeline (src/main.ts,
 * src/record, src/ingest, the CLI) only uses these types; backends live beside this file.
 */
import type { CollectionName, Commit, Deployment, History, Incident, Issue, PullRequest } from '../model.js'

export const SCHEMA_VERSION = 1

/** Opaque per-collection sync state, owned by src/github (cursor, newest updatedAt seen, ...). */
export type Checkpoint = Record<string, unknown>

export interface Meta {
  schemaVersion: number
  repository: string
  defaultBranch: string | null
  checkpoints: Record<string, Checkpoint>
  /** Team slug → members, null when unreadable. */
  teams: Record<string, string[]> | null
  lastRun: { at: string; mode: string; complete: boolean } | null
  /**
   * `activity`: shards are keyed by the month of each record's last activity, open items in open.json
   * (src/store/shards.ts shardMonth). Absent on branches written by earlier versions (creation month):
   * those are read whole, and the next save lays every shard out again.
   */
  layout?: 'activity'
  /**
   * Every [source, environment] pair of the stored deployments, old copies included, so a windowed
   * read knows which deployment sources exist before its first month (deployment-source: auto).
   * Kept with the `activity` layout.
   */
  deploymentKinds?: Array<[source: string, environment: string | null]>
  /**
   * Per collection whose open items fill several parts (open.json, open.2.json, …): the first record
   * key of parts 2, 3, …, in order (no entry for one part). Parts are consecutive key ranges, so
   * a record run reads only the part that holds its record (src/store/layout.ts openPartOf). Written
   * by every save; absent (read every part) on branches of earlier versions.
   */
  openParts?: Partial<Record<CollectionName, string[]>>
}

/** What a windowed load reads: the months from `since` on and every open item. */
export interface LoadOptions {
  /** First month (`YYYY-MM`, UTC) whose shards are read; absent: everything. */
  since?: string
}

/** What readRecordShards read. */
export interface RecordShards {
  /** Shard path → text. */
  shards: Map<string, string>
  /** Inbox path → text: every entry at the head. */
  inbox: Map<string, string>
  /** The open part chosen by meta.json's openParts, or null when every open part was read. */
  openPart: number | null
  /** openParts' first key of that part (part 2 on), to check the part against. */
  openPartFirstKey: string | null
}

/** Upserts (by record key) and removals to fold into the stored history. */
export interface HistoryUpdate {
  pulls?: PullRequest[]
  issues?: Issue[]
  commits?: Commit[]
  deployments?: Deployment[]
  incidents?: Incident[]
  /** Keys (see recordKey) to delete. */
  remove?: Partial<Record<CollectionName, string[]>>
  /** Merged into meta.checkpoints (a key set to null is deleted). */
  checkpoints?: Record<string, Checkpoint | null>
  teams?: Record<string, string[]> | null
  defaultBranch?: string | null
  lastRun?: Meta['lastRun']
}

/** A file written beside the history: reports, snapshots, audit logs. */
export type FileChange =
  | { path: string; content: string }
  /** Appended to the file as it is at the head the commit lands on (for ingest/*.jsonl audit logs). */
  | { path: string; append: string }
  | { path: string; delete: true }

export interface SaveResult {
  /** False when nothing differed, so no commit was made. */
  committed: boolean
  commitSha: string | null
  /** Ref-update conflicts retried. */
  retries: number
  /** Paths written. */
  paths: string[]
}

export interface LoadedState {
  meta: Meta
  history: History
  /** Head commit the state was read at (null for an empty or missing branch / folder). */
  head: string | null
  /**
   * Data problems found while loading, for the report's data problems: inbox entries that are not
   * valid updates (set by withInbox, ./inbox.ts; they are left on the branch).
   */
  problems?: Array<{ kind: string; message: string }>
  /**
   * Months (`YYYY-MM`, ascending) with stored shards that this load did not read, per collection; an
   * empty object (or absent) when the whole history was read. loadMonths reads them on demand.
   */
  unread?: Partial<Record<CollectionName, string[]>>
  /** The files under `inbox/` and their texts, when the backend read them with the load (git). */
  inbox?: Map<string, string>
}

/**
 * A data branch (or a folder with its layout). The action's stores are wrapped in withInbox
 * (./inbox.ts): load() then also folds the record runs' `inbox/` entries into the history, and the
 * next save() stores them in the shards and deletes them; record runs write through addFile only.
 */
export interface DataStore {
  /** Human-readable location, for logs ("branch repo-metrics of owner/name", "folder ./data"). */
  readonly description: string
  /**
   * Reads meta and the stored history (refuses a newer schemaVersion; migrates older ones): all of it,
   * or with `since` only the shards from that month on and the open items (a branch in the layout of
   * earlier versions is always read whole).
   */
  load(options?: LoadOptions): Promise<LoadedState>
  /**
   * The records of months a windowed load left unread (LoadedState.unread), at the head that load
   * read; a store that always reads everything has none to give. Later shards win as in load.
   */
  loadMonths?(collection: CollectionName, months: string[]): Promise<unknown[]>
  /**
   * The shards a record run needs, with the inbox entries, at the head: every part of `months` of one
   * collection, and of its open items (when `months` names them) only the part meta.json's openParts
   * says holds `key` — every part without it. The git store reads them with one listing and one read.
   */
  readRecordShards?(collection: CollectionName, months: string[], key: string): Promise<RecordShards>
  /** Reads one file at the head (null when absent). */
  readFile(path: string): Promise<string | null>
  /**
   * Reads several files at the head, batched where the backend can (the git store: 100 per request).
   * The map has an entry for every path asked: its text, or null when absent.
   */
  readFiles(paths: string[]): Promise<Map<string, string | null>>
  /** Lists paths under a folder at the head (recursive, relative to the store root). */
  list(prefix: string): Promise<string[]>
  /**
   * Folds the update and the files into the latest head with non-forced ref updates (one commit, or
   * for a large save several, each leaving the branch consistent); on a concurrent writer re-reads and
   * re-applies (bounded, jittered backoff). Reads the shards an upsert lands in that the load did not
   * read. Writes only shards whose content changed; makes no commit when nothing changed.
   */
  save(update: HistoryUpdate, files: FileChange[], message: string): Promise<SaveResult>
  /**
   * Commits one new file without reading or rewriting the history (a record run's inbox entry,
   * ./inbox.ts). The git store sends one request (GitHub's contents API: a commit on the branch head,
   * never forced; retried when the branch moved meanwhile) and creates a missing branch through
   * save(); the folder store writes the file under its lock. A file already there with this content
   * is no commit (`committed: false`); one with other content is never replaced (an error). Paths
   * the store manages (meta.json, history/) are refused. Stores without it (a dry run) get the
   * record through save().
   */
  addFile?(path: string, content: string, message: string): Promise<SaveResult>
}

/** Thrown when the token cannot write (a fork's pull request): the caller logs a notice and succeeds. */
export class ReadOnlyStoreError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ReadOnlyStoreError'
  }
}

/** Thrown when the stored schemaVersion is newer than this build understands. */
export class SchemaVersionError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SchemaVersionError'
  }
}
