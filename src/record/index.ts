/**
 * `record` mode: fold one event into the data branch, no report, without reading or rewriting the
 * history. The run reads the shards that may hold the record (of the open items only the part that
 * holds its key, by meta.json's openParts) and the inbox entries earlier record runs left for it
 * (src/store/inbox.ts) — on the data branch one listing and one read, however long the history; folds
 * the event into that record; and adds one small inbox file with the result (`store.addFile`, one
 * request). The next run that loads the store folds the inbox into the shards. A store without
 * addFile (a dry run) gets the record through `store.save`, as before the inbox.
 *
 * The event is an accelerator, never the source of truth: the next report run reconciles the record
 * from history. A read-only token (a fork's pull request) makes the write throw ReadOnlyStoreError,
 * which is passed on to the caller (it logs a notice and succeeds); nothing is lost, because the sync
 * reads the same facts from history later.
 */
import type { Logger } from '../log.js'
import { recordKey, type CollectionName, type Deployment, type PullRequest } from '../model.js'
import { INBOX_FOLDER, entriesFor, inboxEntry, parseInboxEntry } from '../store/inbox.js'
import { isOlderThanStored } from '../store/merge.js'
import { OPEN_SHARD, parseShard, parseShardPath, shardPath, stableStringify } from '../store/shards.js'
import type { DataStore, HistoryUpdate } from '../store/types.js'
import {
  deploymentFromRelease,
  deploymentFromStatusEvent,
  deploymentFromWorkflowRun,
  mergeDeployment,
  type DeploymentFold
} from './deployments.js'
import {
  foldPullRequestEvent,
  foldPullRequestReviewEvent,
  payloadPull,
  unrecordedAction,
  type PullFold
} from './pulls.js'

export const RECORD_EVENTS = [
  'pull_request',
  'pull_request_target',
  'pull_request_review',
  'workflow_run',
  'deployment_status',
  'release'
] as const

export interface RecordOptions {
  store: DataStore
  eventName: string
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  payload: any
  /** Name or path of the deploy workflow (deployment-source `workflow:NAME`), else null. */
  deployWorkflow: string | null
  deploymentEnvironment: string
  log: Logger
  /** The clock naming the inbox entry (default: now). */
  now?: () => Date
}

export interface RecordResult {
  /** What was recorded, for the log. */
  folded: string
  /** True when a commit landed (false when the record was already stored as is, or skipped). */
  committed: boolean
  /** Why nothing was recorded (an event or action this mode does not fold). */
  skipped?: string
}

/**
 * Parts of a shard asked for in one read (more are read only when the last of these exists): the
 * open items' shard is read whole in one request up to 40 parts, a month's up to 8.
 */
function partsPerRead(month: string): number {
  return month === OPEN_SHARD ? 40 : 8
}

/**
 * The record with this key as the data branch holds it: the newest copy in the parts of the shards
 * it may be in (`months`, oldest first: a later shard wins a tie), then with the inbox entries earlier
 * record runs left for it folded in, in the order they were written, by the store's merge rule (null
 * when neither has it). A store with readRecordShards (the git store) reads them with one listing and
 * one read, of the open items only the part that holds the key; others with a listing and batches.
 */
async function readStored<T>(
  store: DataStore,
  collection: CollectionName,
  record: unknown,
  months: string[],
  log: Logger
): Promise<T | null> {
  const key = recordKey(collection, record)
  const { texts, entries } = store.readRecordShards
    ? await indexedRead(store, collection, record, months)
    : await scanRead(store, collection, record, months)
  let found: unknown = null
  const consider = (candidate: unknown) => {
    if (recordKey(collection, candidate) === key && !isOlderThanStored(candidate, found)) found = candidate
  }
  const order = new Map(months.map((month, i) => [month, i]))
  const shardPaths = [...texts.keys()]
    .map((path) => ({ path, at: parseShardPath(path) }))
    .filter((p) => p.at !== null && p.at.collection === collection && order.has(p.at.month))
    .sort(
      (a, b) =>
        (order.get(a.at!.month) as number) - (order.get(b.at!.month) as number) || a.at!.part - b.at!.part
    )
  for (const { path } of shardPaths) {
    const text = texts.get(path) ?? null
    if (text !== null) for (const candidate of parseShard(text, path)) consider(candidate)
  }
  for (const path of entries) {
    const text = texts.get(path) ?? null
    if (text === null) continue // folded by a run that saved meanwhile: its record is in the shard
    const parsed = parseInboxEntry(path, text)
    if ('problem' in parsed) {
      log.debug(`record: ignoring the inbox entry ${path}, which ${parsed.problem}`)
      continue
    }
    for (const candidate of (parsed.update[collection] ?? []) as unknown[]) consider(candidate)
  }
  return (found as T | null) ?? null
}

interface StoredTexts {
  /** Shard and inbox paths → texts (null: absent). */
  texts: Map<string, string | null>
  /** The inbox entries for the record, oldest first. */
  entries: string[]
}

/**
 * Through readRecordShards. When meta.json's part index disagrees with the part it chose (the branch
 * was edited by hand), every part of the open items is read instead.
 */
async function indexedRead(
  store: DataStore,
  collection: CollectionName,
  record: unknown,
  months: string[]
): Promise<StoredTexts> {
  const read = await (store.readRecordShards as NonNullable<DataStore['readRecordShards']>)(
    collection,
    months,
    recordKey(collection, record)
  )
  const texts = new Map<string, string | null>([...read.shards, ...read.inbox])
  const entries = entriesFor([...read.inbox.keys()], collection, record)
  if (read.openPart !== null && read.openPart > 1 && months.includes(OPEN_SHARD)) {
    const path = shardPath(collection, OPEN_SHARD, read.openPart)
    const text = read.shards.get(path)
    const first = text === undefined ? [] : parseShard(text, path).slice(0, 1)
    if (first.length === 0 || recordKey(collection, first[0]) !== read.openPartFirstKey) {
      const all = await scanRead(store, collection, record, [OPEN_SHARD], false)
      for (const [p, t] of all.texts) texts.set(p, t)
    }
  }
  return { texts, entries }
}

/** Without readRecordShards: the inbox listing, then the parts of each month, batched. */
async function scanRead(
  store: DataStore,
  collection: CollectionName,
  record: unknown,
  months: string[],
  withInbox = true
): Promise<StoredTexts> {
  const entries = withInbox ? entriesFor(await store.list(INBOX_FOLDER), collection, record) : []
  const next = new Map(months.map((month) => [month, 1]))
  const texts = await store.readFiles([...shardBatch(collection, next), ...entries])
  for (;;) {
    // another round only for a shard whose last part asked for exists
    for (const [month, first] of [...next]) {
      const last = shardPath(collection, month, first + partsPerRead(month) - 1)
      if ((texts.get(last) ?? null) === null) next.delete(month)
      else next.set(month, first + partsPerRead(month))
    }
    if (next.size === 0) break
    for (const [path, text] of await store.readFiles(shardBatch(collection, next))) texts.set(path, text)
  }
  return { texts, entries }
}

/** The paths of the next parts to read of each shard (month → first part still to read). */
function shardBatch(collection: CollectionName, next: Map<string, number>): string[] {
  return [...next].flatMap(([month, first]) =>
    Array.from({ length: partsPerRead(month) }, (_, i) => shardPath(collection, month, first + i))
  )
}

/** The distinct UTC months (`YYYY-MM`) of some times, oldest first. */
export function monthsOf(...times: string[]): string[] {
  return [...new Set(times.map((time) => time.slice(0, 7)))].sort()
}

/**
 * Where the stored copy of the event's pull request may be (src/store/shards.ts shardMonth): open.json
 * while it was open — which covers the events that close it — else the month of its last activity:
 * that of its closing, of this event, or (for an event that arrives after newer ones were stored) this
 * month. (One whose last activity was in another month is not found: its record starts from the
 * payload, and the next report's sync reads it whole.)
 */
function storedPullMonths(payload: Record<string, unknown>, now: Date): string[] {
  const pr = (payload.pull_request ?? {}) as { closed_at?: unknown; updated_at?: unknown }
  const updated = typeof pr.updated_at === 'string' ? pr.updated_at : now.toISOString()
  const from = typeof pr.closed_at === 'string' && pr.closed_at < updated ? pr.closed_at : updated
  return [...monthsOf(from, updated, now.toISOString()), OPEN_SHARD]
}

const same = (a: unknown, b: unknown) => stableStringify(a) === stableStringify(b)

export async function recordEvent(opts: RecordOptions): Promise<RecordResult> {
  const { store, eventName, log } = opts
  const payload = opts.payload as Record<string, unknown> | null
  if (!(RECORD_EVENTS as readonly string[]).includes(eventName)) {
    return {
      folded: '',
      committed: false,
      skipped: `the ${eventName} event is not recorded (recorded: ${RECORD_EVENTS.join(', ')})`
    }
  }
  if (payload === null || typeof payload !== 'object') {
    throw new Error(
      `The ${eventName} event has no payload; record mode needs the event's JSON (GITHUB_EVENT_PATH).`
    )
  }

  if (
    eventName === 'pull_request' ||
    eventName === 'pull_request_target' ||
    eventName === 'pull_request_review'
  ) {
    const skipped = unrecordedAction(eventName, payload.action)
    if (skipped) return { folded: '', committed: false, skipped }
    const ref = payloadPull(eventName, payload)
    const stored = await readStored<PullRequest>(
      store,
      'pulls',
      ref,
      storedPullMonths(payload, opts.now?.() ?? new Date()),
      log
    )
    const fold: PullFold =
      eventName === 'pull_request_review'
        ? foldPullRequestReviewEvent(stored, payload)
        : foldPullRequestEvent(stored, eventName, payload)
    if ('skipped' in fold) return { folded: '', committed: false, skipped: fold.skipped }
    return write(opts, { pulls: [fold.record] }, stored, fold.record, fold.folded)
  }

  let fold: DeploymentFold
  if (eventName === 'deployment_status') fold = deploymentFromStatusEvent(payload, opts.deploymentEnvironment)
  else if (eventName === 'workflow_run') {
    fold = deploymentFromWorkflowRun(payload, opts.deployWorkflow)
  } else fold = deploymentFromRelease(payload)
  if ('skipped' in fold) return { folded: '', committed: false, skipped: fold.skipped }
  const stored = await readStored<Deployment>(
    store,
    'deployments',
    fold.deployment,
    // its last activity: its end, or for a status that arrives late, a later one's (up to now)
    monthsOf(
      fold.deployment.createdAt,
      fold.deployment.finishedAt ?? fold.deployment.createdAt,
      (opts.now?.() ?? new Date()).toISOString()
    ),
    log
  )
  const merged = mergeDeployment(stored, fold.deployment)
  return write(opts, { deployments: [merged] }, stored, merged, fold.folded)
}

/** Adds the record as one inbox entry (or, for a store without addFile, saves it), unless stored as is. */
async function write(
  opts: RecordOptions,
  update: { pulls?: PullRequest[]; deployments?: Deployment[] },
  stored: unknown,
  next: unknown,
  folded: string
): Promise<RecordResult> {
  const { store, log } = opts
  if (stored !== null && same(stored, next)) {
    log.debug(`record: ${folded} is already stored in ${store.description}`)
    return { folded, committed: false }
  }
  const message = `Record ${folded}`
  let result
  if (store.addFile) {
    const collection = update.pulls ? 'pulls' : 'deployments'
    const records = (update as HistoryUpdate)[collection] as unknown[]
    const entry = inboxEntry(collection, records, (opts.now?.() ?? new Date()).toISOString())
    result = await store.addFile(entry.path, entry.content, message)
  } else {
    result = await store.save(update, [], message)
  }
  log.debug(`record: ${folded}: ${result.committed ? `committed ${result.commitSha ?? ''}` : 'no change'}`)
  return { folded, committed: result.committed }
}
