/**
 * The default branch and what is shipped from it: a linear chain of squash-merge and direct commits,
 * a `deploy` workflow whose runs create GitHub Deployments (production, some staging first) with
 * failures and restores, and releases tagged on deployed commits.
 */
import type {
  SeedActor,
  SeedCommit,
  SeedDeployment,
  SeedDeploymentStatus,
  SeedPull,
  SeedRelease,
  SeedWorkflow,
  SeedWorkflowRun
} from '../types.js'
import {
  DAY,
  HOUR,
  MINUTE,
  flat,
  humanize,
  isWeekend,
  iso,
  rhythmicTimes,
  startOfDay,
  timeOfDay
} from './clock.js'
import { choreMessage, maintainer, type Cast } from './people.js'
import { nodeId } from './pulls.js'
import type { OidSource, Random } from './random.js'

export interface DefaultBranch {
  /** Newest first, as the seed wants them. */
  commits: SeedCommit[]
  /** Oldest first: commit times and oids, for "what was the head at time t". */
  times: Float64Array
  oids: string[]
}

/**
 * Builds the default branch from the merged pull requests (one squash commit each, at its merge
 * time) plus `directCount` direct pushes, on top of an initial commit at `createdAt`.
 */
export function buildDefaultBranch(
  random: Random,
  cast: Cast,
  oids: OidSource,
  pulls: readonly SeedPull[],
  merged: readonly number[],
  mergeTimes: readonly number[],
  directCount: number,
  createdAt: number,
  start: number,
  until: number
): DefaultBranch {
  const order = merged.map((_, k) => k).sort((a, b) => mergeTimes[a] - mergeTimes[b])
  const direct = rhythmicTimes(random, directCount, start, until)
  const nameOf = new Map<string, string>()
  cast.users.forEach((u, i) => nameOf.set(u.login, cast.names[i]))

  const total = 1 + order.length + direct.length
  const ascending: SeedCommit[] = new Array(total)
  const times = new Float64Array(total)
  const ids: string[] = new Array(total)
  let parent = oids.next()
  ascending[0] = {
    oid: parent,
    parents: [],
    authoredDate: iso(createdAt),
    committedDate: iso(createdAt),
    authorName: cast.names[0],
    message: 'Initial commit'
  }
  times[0] = createdAt
  ids[0] = parent

  let m = 0
  let d = 0
  for (let k = 1; k < total; k++) {
    const takeMerge = d >= direct.length || (m < order.length && mergeTimes[order[m]] <= direct[d])
    let commit: SeedCommit
    if (takeMerge) {
      const pull = pulls[merged[order[m]]]
      const t = mergeTimes[order[m++]]
      const login = pull.author?.login
      const authorName =
        pull.author === null
          ? 'ghost'
          : pull.author.type === 'Bot'
            ? `${login}[bot]`
            : (nameOf.get(login!) ?? login!)
      commit = {
        oid: pull.mergeCommitOid!,
        parents: [parent],
        authoredDate: iso(t),
        committedDate: iso(t),
        authorName,
        message: flat(`${pull.title} (#${pull.number})`)
      }
      times[k] = t
    } else {
      const t = direct[d++]
      commit = {
        oid: oids.next(),
        parents: [parent],
        authoredDate: iso(t - random.int(2 * HOUR)),
        committedDate: iso(t),
        authorName: cast.names[maintainer(random, -1)],
        message: choreMessage(random)
      }
      times[k] = t
    }
    ascending[k] = commit
    ids[k] = commit.oid
    parent = commit.oid
  }
  return { commits: ascending.reverse(), times, oids: ids }
}

/** Index of the newest commit at or before t (-1 when none). */
function headAt(branch: DefaultBranch, t: number): number {
  let lo = 0
  let hi = branch.times.length - 1
  let found = -1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (branch.times[mid] <= t) {
      found = mid
      lo = mid + 1
    } else hi = mid - 1
  }
  return found
}

export interface Delivery {
  deployments: SeedDeployment[]
  releases: SeedRelease[]
  workflows: SeedWorkflow[]
  workflowRuns: SeedWorkflowRun[]
}

export const DEPLOY_WORKFLOW: SeedWorkflow = {
  id: 48_213_907,
  name: 'deploy',
  path: '.github/workflows/deploy.yml',
  state: 'active'
}

interface Ids {
  deployment: number
  status: number
  run: number
  runNumber: number
  release: number
}

/** Moments planned deploys start: a few per working day, rarely on weekends. */
function plannedDeploys(random: Random, start: number, until: number, perWorkingDay: number): number[] {
  const out: number[] = []
  for (let day = startOfDay(start) + DAY; day < until; day += DAY) {
    const n = isWeekend(day)
      ? +random.chance(0.04)
      : Math.floor(perWorkingDay * (0.4 + 1.2 * random.next()) + random.next())
    const first = out.length
    for (let k = 0; k < n; k++) out.push(day + timeOfDay(random))
    const todays = out.splice(first).sort((a, b) => a - b)
    for (const t of todays) out.push(t)
  }
  return out
}

export function buildDelivery(
  random: Random,
  cast: Cast,
  branch: DefaultBranch,
  start: number,
  until: number,
  perWorkingDay: number
): Delivery {
  const deployments: SeedDeployment[] = []
  const releases: SeedRelease[] = []
  const workflowRuns: SeedWorkflowRun[] = []
  const ids: Ids = {
    deployment: 1_900_000_000,
    status: 3_400_000_000,
    run: 9_100_000_000,
    runNumber: 0,
    release: 150_000_000
  }
  const planned = plannedDeploys(random, start, until, perWorkingDay)

  const lastGood: Record<string, SeedDeployment | undefined> = {}
  let liveSha = ''
  let restoreAt = Number.NaN
  let busyUntil = 0
  let failures = 0
  let nextReleaseAt = start + (7 + random.int(10)) * DAY
  let version = [1, 0, 0]
  let candidate = 0
  let p = 0
  for (;;) {
    const restoring = !Number.isNaN(restoreAt) && (p >= planned.length || restoreAt <= planned[p])
    const t = restoring ? restoreAt : p < planned.length ? planned[p++] : Number.NaN
    if (Number.isNaN(t) || t > until) break
    if (restoring) restoreAt = Number.NaN
    const head = headAt(branch, t)
    if (head < 0) continue
    const sha = branch.oids[head]
    if (!restoring && sha === liveSha) continue

    const actor = cast.users[maintainer(random, -1)]
    // The workflow's concurrency group queues a run until the previous one has finished.
    const runStart = Math.max(t + random.between(3, 40), busyUntil + random.between(3, 20))
    if (runStart > until) break
    let clock = runStart + random.between(20, 90)
    let failed = false
    let runEnd = clock

    if (!restoring && random.chance(0.35) && clock <= until) {
      const stagingOk = random.chance(0.96)
      const staging = deployment(ids, 'staging', sha, clock, cast.actionsBot)
      const end = clock + Math.round(random.logNormal(2 * MINUTE, 0.5, 30, 20 * MINUTE))
      finish(staging, ids, clock, end, stagingOk ? 'SUCCESS' : 'FAILURE', until, lastGood)
      deployments.push(staging)
      clock = end + random.between(10, 60)
      runEnd = end
      failed = !stagingOk
    }
    let production: SeedDeployment | null = null
    if (!failed && clock <= until) {
      production = deployment(ids, 'production', sha, clock, cast.actionsBot)
      const end = clock + Math.round(random.logNormal(4 * MINUTE, 0.5, MINUTE, 40 * MINUTE))
      failed = random.chance(restoring ? 0.25 : 0.12)
      // Every third failure is an error of the deployment system rather than a failed deploy.
      const state = failed ? (failures++ % 3 === 1 ? 'ERROR' : 'FAILURE') : 'SUCCESS'
      finish(production, ids, clock, end, state, until, lastGood)
      deployments.push(production)
      runEnd = end
      if (end <= until) {
        if (failed) restoreAt = end + Math.round(random.logNormal(90 * MINUTE, 1.1, 10 * MINUTE, 3 * DAY))
        else liveSha = sha
      }
    }
    busyUntil = runEnd + 10
    const done = runEnd + 10 <= until
    workflowRuns.push({
      id: (ids.run += 1 + random.int(4000)),
      workflowId: DEPLOY_WORKFLOW.id,
      name: DEPLOY_WORKFLOW.name,
      headSha: sha,
      headBranch: 'main',
      event: restoring ? 'workflow_dispatch' : 'push',
      status: done ? 'completed' : 'in_progress',
      conclusion: done ? (failed ? 'failure' : 'success') : null,
      runNumber: ++ids.runNumber,
      runAttempt: 1,
      createdAt: iso(t),
      updatedAt: iso(done ? runEnd + 10 : runStart),
      runStartedAt: iso(runStart),
      actor
    })

    // Releases: every week or two, tagged on what production just got; a patch after a restore.
    const shipped = production !== null && !failed && runEnd <= until
    if (shipped && (runEnd >= nextReleaseAt || (restoring && random.chance(0.3)))) {
      const patch = restoring && runEnd < nextReleaseAt
      const prerelease = !patch && random.chance(0.08)
      if (patch) version = [version[0], version[1], version[2] + 1]
      else if (!prerelease)
        version = version[1] >= 11 ? [version[0] + 1, 0, 0] : [version[0], version[1] + 1, 0]
      if (prerelease) candidate++
      else if (!patch) candidate = 0
      const name = prerelease ? `${version[0]}.${version[1] + 1}.0-rc.${candidate}` : version.join('.')
      const createdAt = humanize(random, runEnd + random.between(2 * MINUTE, 40 * MINUTE))
      if (createdAt <= until) {
        const draft = random.chance(0.03)
        const publishedAt = createdAt + random.int(15 * MINUTE)
        releases.push({
          databaseId: (ids.release += 1 + random.int(5000)),
          id: nodeId('RE_kwDOAx', ids.release),
          tagName: `v${name}`,
          name: prerelease ? `v${name} (release candidate)` : `v${name}`,
          tagCommitOid: sha,
          createdAt: iso(createdAt),
          publishedAt: draft || publishedAt > until ? null : iso(publishedAt),
          isDraft: draft,
          isPrerelease: prerelease,
          author: cast.users[maintainer(random, -1)]
        })
      }
      if (!patch) nextReleaseAt = runEnd + (7 + random.int(10)) * DAY
    }
  }
  return { deployments, releases, workflows: [{ ...DEPLOY_WORKFLOW }], workflowRuns }
}

function deployment(
  ids: Ids,
  environment: string,
  sha: string,
  at: number,
  creator: SeedActor
): SeedDeployment {
  const databaseId = (ids.deployment += 1 + (ids.deployment % 7))
  const createdAt = iso(at)
  return {
    databaseId,
    id: nodeId('DE_kwDOAx', databaseId),
    environment,
    sha,
    ref: 'main',
    task: 'deploy',
    createdAt,
    updatedAt: createdAt,
    creator,
    statuses: []
  }
}

/**
 * Status history of one deployment: in progress, then its outcome. Outside production a success marks
 * the environment's previous successful deployment inactive, as GitHub's `auto_inactive` default does
 * (it leaves production environments alone). Statuses after `until` are left out.
 */
function finish(
  d: SeedDeployment,
  ids: Ids,
  start: number,
  end: number,
  state: 'SUCCESS' | 'FAILURE' | 'ERROR',
  until: number,
  lastGood: Record<string, SeedDeployment | undefined>
): void {
  addStatus(d, ids, 'IN_PROGRESS', Math.min(end, start + 5), until)
  addStatus(d, ids, state, end, until)
  if (state !== 'SUCCESS' || end > until || d.environment === 'production') return
  const previous = lastGood[d.environment]
  if (previous) addStatus(previous, ids, 'INACTIVE', end, until)
  lastGood[d.environment] = d
}

function addStatus(
  d: SeedDeployment,
  ids: Ids,
  state: SeedDeploymentStatus['state'],
  at: number,
  until: number
): void {
  if (at > until) return
  const createdAt = iso(at)
  d.statuses.push({ id: (ids.status += 1 + (ids.status % 5)), state, createdAt })
  d.updatedAt = createdAt
}
