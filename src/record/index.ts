/**
 * `record` mode: fold one event into the data branch, no report. One shard read (the stored pull
 * request or deployment, through `store.readFile`) and one `store.save`; no other API calls.
 *
 * The event is an accelerator, never the source of truth: the next report run reconciles the record
 * from history. A read-only token (a fork's pull request) makes `store.save` throw ReadOnlyStoreError,
 * which is passed on to the caller (it logs a notice and succeeds); nothing is lost, because the sync
 * reads the same facts from history later.
 */
import type { Logger } from '../log.js'
import { recordKey, recordMonth, type CollectionName, type Deployment, type PullRequest } from '../model.js'
import { parseShard, shardPath, stableStringify } from '../store/shards.js'
import type { DataStore } from '../store/types.js'
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
}

export interface RecordResult {
  /** What was recorded, for the log. */
  folded: string
  /** True when a commit landed (false when the record was already stored as is, or skipped). */
  committed: boolean
  /** Why nothing was recorded (an event or action this mode does not fold). */
  skipped?: string
}

/** The stored record with this key, read from its shard only (null when absent). */
async function readStored<T>(
  store: DataStore,
  collection: CollectionName,
  record: unknown
): Promise<T | null> {
  const path = shardPath(collection, recordMonth(collection, record))
  const text = await store.readFile(path)
  if (text === null) return null
  const key = recordKey(collection, record)
  const found = parseShard(text, path).find((r) => recordKey(collection, r) === key)
  return (found as T | undefined) ?? null
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
    const stored = await readStored<PullRequest>(store, 'pulls', ref)
    const fold: PullFold =
      eventName === 'pull_request_review'
        ? foldPullRequestReviewEvent(stored, payload)
        : foldPullRequestEvent(stored, eventName, payload)
    if ('skipped' in fold) return { folded: '', committed: false, skipped: fold.skipped }
    return save(store, log, { pulls: [fold.record] }, stored, fold.record, fold.folded)
  }

  let fold: DeploymentFold
  if (eventName === 'deployment_status') fold = deploymentFromStatusEvent(payload, opts.deploymentEnvironment)
  else if (eventName === 'workflow_run') {
    fold = deploymentFromWorkflowRun(payload, opts.deployWorkflow)
  } else fold = deploymentFromRelease(payload)
  if ('skipped' in fold) return { folded: '', committed: false, skipped: fold.skipped }
  const stored = await readStored<Deployment>(store, 'deployments', fold.deployment)
  const merged = mergeDeployment(stored, fold.deployment)
  return save(store, log, { deployments: [merged] }, stored, merged, fold.folded)
}

async function save(
  store: DataStore,
  log: Logger,
  update: { pulls?: PullRequest[]; deployments?: Deployment[] },
  stored: unknown,
  next: unknown,
  folded: string
): Promise<RecordResult> {
  if (stored !== null && same(stored, next)) {
    log.debug(`record: ${folded} is already stored in ${store.description}`)
    return { folded, committed: false }
  }
  const result = await store.save(update, [], `Record ${folded}`)
  log.debug(`record: ${folded}: ${result.committed ? `committed ${result.commitSha ?? ''}` : 'no change'}`)
  return { folded, committed: result.committed }
}
