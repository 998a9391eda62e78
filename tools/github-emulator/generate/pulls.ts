/**
 * One generated pull request: a small simulation of its life (commits, draft phase, review requests,
 * review rounds, re-requests, merge or close), cut at `until` so the record shows the state GitHub
 * would show at that moment.
 */
import type {
  SeedActor,
  SeedComment,
  SeedCommitRef,
  SeedPull,
  SeedRequestedReviewer,
  SeedReview,
  SeedReviewState,
  SeedTimelineItem
} from '../types.js'
import { DAY, HOUR, MINUTE, flat, humanize, iso } from './clock.js'
import { branchSlug, dependencyUpdate, maintainer, otherUser, pullTitle, type Cast } from './people.js'
import { type OidSource, Random } from './random.js'

/** `manyReviews`: more than 100 reviews; `manyItems`: more than 100 timeline items (for follow-up paging). */
export type PullShape = 'normal' | 'manyReviews' | 'manyItems'

export interface PullContext {
  cast: Cast
  until: number
  oids: OidSource
  /** Shared requested-reviewer objects, one per user and per team. */
  userReviewers: SeedRequestedReviewer[]
  teamReviewers: SeedRequestedReviewer[]
  /** Next database ids (increasing, unique across the repository). */
  ids: { review: number; comment: number }
}

export function pullContext(cast: Cast, until: number, oids: OidSource): PullContext {
  return {
    cast,
    until,
    oids,
    userReviewers: cast.users.map((u) => ({ type: 'User' as const, login: u.login })),
    teamReviewers: cast.teams.map((t) => ({ type: 'Team' as const, slug: t.slug })),
    ids: { review: 1_400_000_000, comment: 2_100_000_000 }
  }
}

interface TmpEvent {
  t: number
  type: SeedTimelineItem['type']
  actor: SeedActor | null
  reviewer: SeedRequestedReviewer | null
}

interface TmpReview {
  t: number
  created: number
  author: SeedActor | null
  state: SeedReviewState
  /** When a later push dismissed this review (NaN: never). */
  dismissAt: number
}

interface TmpCommit {
  authored: number
  committed: number
}

/** An open review request: a user (index) or a team (index). */
interface Request {
  user: number
  team: number
  t: number
}

const GHOST_SHARE = 0.02

function event(
  t: number,
  type: SeedTimelineItem['type'],
  actor: SeedActor | null,
  reviewer: SeedRequestedReviewer | null = null
): TmpEvent {
  return { t, type, actor, reviewer }
}

function byTime(a: { t: number }, b: { t: number }): number {
  return a.t - b.t
}

function reviewState(random: Random, round: number, shape: PullShape, finalRound: boolean): SeedReviewState {
  if (shape === 'manyReviews')
    return finalRound ? 'APPROVED' : random.chance(0.7) ? 'COMMENTED' : 'CHANGES_REQUESTED'
  const x = random.next()
  const approve = round === 0 ? 0.55 : 0.8
  if (x < approve) return 'APPROVED'
  if (x < approve + (round === 0 ? 0.2 : 0.08)) return 'CHANGES_REQUESTED'
  return 'COMMENTED'
}

/** Mostly the author, sometimes a maintainer (always a maintainer for a bot's pull request). */
function authorOrMaintainer(random: Random, cast: Cast, author: SeedActor, authorIdx: number): SeedActor {
  return authorIdx < 0 || random.chance(0.3) ? cast.users[maintainer(random, authorIdx)] : author
}

type Fate = 'merge' | 'close' | 'open'

/** [merge, close] shares (the rest stays open) for bot, approved and unapproved pull requests. */
const FATES = { bot: [0.85, 0.12], approved: [0.92, 0.04], unapproved: [0.45, 0.3] } as const

/**
 * Of the pull requests no one merges or closes soon, this share is closed in the end — by the author
 * or a maintainer, or a stale bot's rule — months after the last activity; the rest stay open for
 * good. Calibrated on ../shared/datasets: of bitcoin-core-gui's pull requests older than a year, 5 of
 * 488 (1%) are still open, of cfrg-vdaf's and ietf-tls-esni's none. With this share about 1.4% of
 * the pull requests older than two years are still open, where without it 12% were (36,000 open at
 * 300,000 pull requests, a backlog no real repository carries). Issues keep their own rates.
 */
const ABANDONED_CLOSED = 0.9
/** The Random stream of abandonment, apart from the pull request's own (the rest is unchanged by it). */
const ABANDON_STREAM = 7

/** Whether a pull request left open is closed in the end, and when: `delay` after its last activity. */
function abandonment(number: number, t0: number): { random: Random; delay: number } | null {
  const random = new Random(number * 100_003 + t0, ABANDON_STREAM)
  if (!random.chance(ABANDONED_CLOSED)) return null
  return { random, delay: Math.round(random.logNormal(120 * DAY, 0.7, 30 * DAY, 730 * DAY)) }
}

function pickFate(random: Random, shape: PullShape, isBot: boolean, approved: boolean): Fate {
  const x = random.next()
  if (shape !== 'normal') return 'merge'
  const [merge, close] = FATES[isBot ? 'bot' : approved ? 'approved' : 'unapproved']
  return x < merge ? 'merge' : x < merge + close ? 'close' : 'open'
}

/** A member of the team other than the author (anyone else when the team has nobody else). */
function teamReviewer(random: Random, cast: Cast, team: number, author: number): number {
  const members = cast.teamMembers[team]
  for (let tries = 0; tries < 8; tries++) {
    const m = members[random.int(members.length)]
    if (m !== author) return m
  }
  return otherUser(random, cast, author)
}

export function generatePull(
  ctx: PullContext,
  random: Random,
  number: number,
  databaseId: number,
  t0: number,
  shape: PullShape
): SeedPull {
  const { cast, until } = ctx
  const events: TmpEvent[] = []
  const reviews: TmpReview[] = []
  const commentTimes: number[] = []
  const commits: TmpCommit[] = []
  const normal = shape === 'normal'

  // Who opens it, and what it is.
  const botRoll = normal ? random.next() : 1
  let authorIdx = -1
  let author: SeedActor
  let title: string
  let headRefName: string
  let labels: string[]
  if (botRoll < 0.1) {
    const dependabot = botRoll < 0.065
    author = dependabot ? cast.dependabot : cast.renovate
    ;[title, headRefName] = dependencyUpdate(random, dependabot ? 'dependabot' : 'renovate')
    labels = ['dependencies']
  } else {
    authorIdx = random.weighted(cast.activity)
    author = cast.users[authorIdx]
    title = pullTitle(random)
    headRefName = flat(`${author.login}/${branchSlug(title)}`)
    labels = []
    const l = random.next()
    if (l < 0.25) labels.push('bug')
    else if (l < 0.4) labels.push('enhancement')
    else if (l < 0.47) labels.push('documentation')
    if (random.chance(0.05)) labels.push('performance')
    if (random.chance(0.03)) labels.push('breaking-change')
  }
  const isBot = authorIdx < 0

  // Commits made before the pull request was opened.
  if (isBot) {
    const at = t0 - random.between(5, 90)
    commits.push({ authored: at, committed: at })
  } else {
    const n = shape === 'normal' ? 1 + random.geometric(1.3) : 6
    const first = t0 - random.logNormal(3 * HOUR, 1.6, 2 * MINUTE, 12 * DAY)
    // Some branches were rebased just before opening: committed then, authored earlier.
    const rebasedAt = random.chance(0.2) ? t0 - random.between(5, 29) : Number.NaN
    for (let k = 0; k < n; k++) {
      const authored = Math.round(first + ((t0 - 30 - first) * k) / n)
      commits.push({ authored, committed: Number.isNaN(rebasedAt) ? authored : rebasedAt })
    }
  }

  // Draft phase: opened as a draft, later marked ready (some never are).
  let t = t0
  const initiallyDraft = normal && !isBot && random.chance(0.15)
  // A draft never marked ready is mostly closed in the end (see ABANDONED_CLOSED), its pushes before.
  let abandoned: { at: number; random: Random } | null = null
  if (initiallyDraft) {
    const ready = random.chance(0.15)
      ? until + DAY
      : humanize(random, t0 + random.logNormal(18 * HOUR, 1.3, 10 * MINUTE, 40 * DAY))
    if (ready > until) {
      const a = abandonment(number, t0)
      if (a) abandoned = { at: humanize(a.random, t0 + a.delay), random: a.random }
    }
    const pushesEnd = abandoned ? abandoned.at - HOUR : ready
    const pushes = random.geometric(0.8)
    for (let k = 0; k < pushes; k++) {
      const at = t0 + Math.round(((pushesEnd - t0) * (k + 1)) / (pushes + 1))
      commits.push({ authored: at, committed: at })
    }
    events.push(event(ready, 'ReadyForReviewEvent', author))
    t = ready
  }

  // First review requests (on opening, or when marked ready).
  let requests: Request[] = []
  const requestCount =
    shape === 'manyReviews'
      ? 3
      : isBot
        ? 1
        : random.chance(0.1)
          ? 0
          : 1 + +random.chance(0.35) + +random.chance(0.1)
  const requestAt = initiallyDraft ? t + random.int(300) : t0 + random.int(20)
  for (let k = 0; k < requestCount; k++) {
    const q: Request = { user: -1, team: -1, t: requestAt }
    if ((isBot ? random.chance(0.8) : random.chance(0.18)) && shape !== 'manyReviews')
      q.team = random.int(cast.teams.length)
    else q.user = otherUser(random, cast, authorIdx)
    if (requests.some((o) => o.user === q.user && o.team === q.team)) continue
    requests.push(q)
    const reviewer = q.team >= 0 ? ctx.teamReviewers[q.team] : ctx.userReviewers[q.user]
    events.push(event(requestAt, 'ReviewRequestedEvent', author, reviewer))
  }

  // Review rounds: requested reviewers answer; changes requested bring a push and a re-request.
  const wantReviews = shape === 'manyReviews' ? random.between(110, 140) : 0
  const maxRounds = shape === 'manyReviews' ? 200 : 4
  let lastReviewAt = t
  for (let round = 0; ; round++) {
    const finalRound = shape === 'manyReviews' && reviews.length + requests.length >= wantReviews
    const again: number[] = []
    let roundEnd = t
    for (let k = 0; k < requests.length; k++) {
      const q = requests[k]
      if (normal && random.chance(0.07)) {
        const at = humanize(random, q.t + random.logNormal(HOUR, 1.5, MINUTE, 5 * DAY))
        const reviewer = q.team >= 0 ? ctx.teamReviewers[q.team] : ctx.userReviewers[q.user]
        events.push(
          event(
            at,
            'ReviewRequestRemovedEvent',
            authorOrMaintainer(random, cast, author, authorIdx),
            reviewer
          )
        )
        roundEnd = Math.max(roundEnd, at)
        if (random.chance(0.5)) {
          const replacement: Request = {
            user: otherUser(random, cast, authorIdx),
            team: -1,
            t: at + random.int(120)
          }
          if (replacement.user !== q.user) {
            requests.push(replacement)
            events.push(
              event(replacement.t, 'ReviewRequestedEvent', author, ctx.userReviewers[replacement.user])
            )
          }
        }
        continue
      }
      const who = q.user >= 0 ? q.user : teamReviewer(random, cast, q.team, authorIdx)
      const delay =
        shape === 'manyReviews'
          ? random.logNormal(20 * MINUTE, 1, 2 * MINUTE, 6 * HOUR)
          : random.chance(0.06)
            ? random.logNormal(3 * DAY, 0.8, HOUR, 30 * DAY) // forgotten for a while
            : random.logNormal(3 * HOUR, 1.6, 2 * MINUTE, 21 * DAY)
      const at = shape === 'manyReviews' ? q.t + Math.round(delay) : humanize(random, q.t + Math.round(delay))
      const state = reviewState(random, round, shape, finalRound)
      const created = Math.max(q.t, at - random.int(900))
      reviews.push({ t: at, created, author: cast.users[who], state, dismissAt: Number.NaN })
      roundEnd = Math.max(roundEnd, at)
      const answerNeeded = state === 'CHANGES_REQUESTED' || (shape === 'manyReviews' && !finalRound)
      if (answerNeeded && !again.includes(who)) again.push(who)
    }
    lastReviewAt = Math.max(lastReviewAt, roundEnd)
    if (again.length === 0 || round + 1 >= maxRounds) break

    // The author answers: maybe back to draft for a while, then a push, then a re-request.
    let pushAt =
      shape === 'manyReviews'
        ? roundEnd + Math.round(random.logNormal(30 * MINUTE, 0.8, 2 * MINUTE, 8 * HOUR))
        : humanize(random, roundEnd + Math.round(random.logNormal(4 * HOUR, 1.4, 5 * MINUTE, 10 * DAY)))
    if (normal && !isBot && random.chance(0.2)) {
      events.push(event(roundEnd + random.between(60, 3 * HOUR), 'ConvertToDraftEvent', author))
      pushAt = Math.max(pushAt, roundEnd + 3 * HOUR + random.int(DAY))
      events.push(event(pushAt + random.between(30, 600), 'ReadyForReviewEvent', author))
      pushAt += 600
    }
    commits.push({ authored: pushAt - random.int(1800), committed: pushAt })
    for (const rv of reviews) {
      if (rv.state === 'APPROVED' && Number.isNaN(rv.dismissAt) && rv.t < pushAt && random.chance(0.5)) {
        rv.dismissAt = pushAt
      }
    }
    t = pushAt + random.between(30, 900)
    requests = again.map((user) => ({ user, team: -1, t }))
    for (const user of again) events.push(event(t, 'ReviewRequestedEvent', author, ctx.userReviewers[user]))
  }

  // Reviews nobody asked for: drive-by comments and the author's own notes.
  if (normal && random.chance(0.15)) {
    const at = humanize(random, t0 + Math.round(random.logNormal(5 * HOUR, 1.5, 5 * MINUTE, 20 * DAY)))
    const who = random.chance(GHOST_SHARE * 5) ? null : cast.users[otherUser(random, cast, authorIdx)]
    const created = Math.max(t0, at - random.int(300))
    reviews.push({ t: at, created, author: who, state: 'COMMENTED', dismissAt: Number.NaN })
  }
  if (normal && !isBot && random.chance(0.05)) {
    const at = humanize(random, t0 + Math.round(random.logNormal(40 * MINUTE, 1.2, MINUTE, 5 * DAY)))
    const created = Math.max(t0, at - random.int(120))
    reviews.push({ t: at, created, author, state: 'COMMENTED', dismissAt: Number.NaN })
  }
  for (const rv of reviews) lastReviewAt = Math.max(lastReviewAt, rv.t)

  // The end: merged, closed (sometimes reopened and merged after all) or still open.
  const approved = reviews.some((rv) => rv.state === 'APPROVED')
  const base = Math.max(t, lastReviewAt)
  const fate = pickFate(random, shape, isBot, approved)
  let lifeEnd = base + Math.round(random.logNormal(10 * DAY, 0.8, DAY, 90 * DAY))
  if (shape === 'manyItems') lifeEnd = t0 + Math.round(random.logNormal(12 * DAY, 0.3, 5 * DAY, 30 * DAY))
  let mergeAt = Number.NaN
  let mergedBy: SeedActor | null = null
  if (fate === 'close') {
    const closeAt = humanize(
      random,
      base + Math.round(random.logNormal(3 * DAY, 1.5, 10 * MINUTE, 120 * DAY))
    )
    const closer = isBot && random.chance(0.7) ? author : authorOrMaintainer(random, cast, author, authorIdx)
    events.push(event(closeAt, 'ClosedEvent', closer))
    lifeEnd = closeAt
    if (!isBot && random.chance(0.12)) {
      const reopenAt = humanize(
        random,
        closeAt + Math.round(random.logNormal(DAY, 1.3, 5 * MINUTE, 30 * DAY))
      )
      events.push(event(reopenAt, 'ReopenedEvent', author))
      mergeAt = humanize(random, reopenAt + Math.round(random.logNormal(6 * HOUR, 1.3, 5 * MINUTE, 20 * DAY)))
    }
  } else if (fate === 'merge') {
    mergeAt =
      shape === 'manyItems'
        ? lifeEnd + random.int(HOUR)
        : isBot
          ? base + Math.round(random.logNormal(20 * MINUTE, 1.2, MINUTE, 3 * DAY))
          : humanize(random, base + Math.round(random.logNormal(2 * HOUR, 1.5, MINUTE, 14 * DAY)))
  }
  if (fate === 'open' && !abandoned) {
    const a = abandonment(number, t0)
    if (a) abandoned = { at: humanize(a.random, base + a.delay), random: a.random }
  }
  if (abandoned)
    events.push(
      event(abandoned.at, 'ClosedEvent', authorOrMaintainer(abandoned.random, cast, author, authorIdx))
    )
  if (!Number.isNaN(mergeAt)) {
    mergedBy = !isBot && random.chance(0.55) ? author : cast.users[maintainer(random, authorIdx)]
    events.push(event(mergeAt, 'MergedEvent', mergedBy))
    events.push(event(mergeAt, 'ClosedEvent', mergedBy))
    lifeEnd = mergeAt
  }

  // Conversation.
  const commentCount = shape === 'manyItems' ? random.between(110, 150) : random.geometric(1.4)
  for (let k = 0; k < commentCount; k++) {
    const at = t0 + 30 + random.int(Math.max(60, lifeEnd - t0 - 30))
    commentTimes.push(shape === 'manyItems' ? at : humanize(random, at))
  }
  commentTimes.sort((a, b) => a - b)

  // A review someone started and never submitted.
  if (normal && random.chance(0.04)) {
    const at = humanize(random, t0 + random.int(Math.max(60, lifeEnd - t0)))
    const who = cast.users[otherUser(random, cast, authorIdx)]
    reviews.push({ t: at, created: at, author: who, state: 'PENDING', dismissAt: Number.NaN })
  }

  return finishPull(ctx, random, {
    number,
    databaseId,
    t0,
    title,
    author,
    authorIdx,
    headRefName,
    labels,
    initiallyDraft,
    events,
    reviews,
    commentTimes,
    commits,
    mergedBy,
    shape
  })
}

interface PullDraft {
  number: number
  databaseId: number
  t0: number
  title: string
  author: SeedActor
  authorIdx: number
  headRefName: string
  labels: string[]
  initiallyDraft: boolean
  events: TmpEvent[]
  reviews: TmpReview[]
  commentTimes: number[]
  commits: TmpCommit[]
  mergedBy: SeedActor | null
  shape: PullShape
}

/** Cuts the simulated life at `until` and writes the record in GitHub's terms. */
function finishPull(ctx: PullContext, random: Random, d: PullDraft): SeedPull {
  const { until, cast } = ctx
  const createdAtIso = iso(d.t0)
  let updated = d.t0
  let updatedIso = createdAtIso

  d.commits.sort((a, b) => a.committed - b.committed)
  const commits: SeedCommitRef[] = []
  const commitTimes: number[] = []
  for (const c of d.commits) {
    if (c.committed > until) break
    const committedDate = iso(c.committed)
    const authoredDate = c.authored === c.committed ? committedDate : iso(c.authored)
    commits.push({ oid: ctx.oids.next(), authoredDate, committedDate })
    commitTimes.push(c.committed)
    if (c.committed >= updated) {
      updated = c.committed
      updatedIso = committedDate
    }
  }

  d.events.sort(byTime)
  const events: SeedTimelineItem[] = []
  let isDraft = d.initiallyDraft
  let closedAt: string | null = null
  let mergedAt: string | null = null
  let previousT = Number.NaN
  let createdAt = ''
  for (const e of d.events) {
    if (e.t > until) break
    if (e.t !== previousT) createdAt = iso(e.t)
    previousT = e.t
    if (e.type === 'ReviewRequestedEvent' || e.type === 'ReviewRequestRemovedEvent') {
      events.push({ type: e.type, createdAt, actor: e.actor, reviewer: e.reviewer as SeedRequestedReviewer })
    } else if (e.type === 'TransferredEvent') {
      events.push({ type: e.type, createdAt, actor: e.actor, fromRepository: null })
    } else {
      events.push({ type: e.type, createdAt, actor: e.actor })
    }
    if (e.type === 'ReadyForReviewEvent') isDraft = false
    else if (e.type === 'ConvertToDraftEvent') isDraft = true
    else if (e.type === 'ClosedEvent') closedAt = createdAt
    else if (e.type === 'ReopenedEvent') closedAt = null
    else if (e.type === 'MergedEvent') mergedAt = createdAt
    if (e.t >= updated) {
      updated = e.t
      updatedIso = createdAt
    }
  }

  d.reviews.sort(byTime)
  const reviews: SeedReview[] = []
  let head = -1
  for (const rv of d.reviews) {
    if (rv.t > until) break
    while (head + 1 < commitTimes.length && commitTimes[head + 1] <= rv.created) head++
    const pending = rv.state === 'PENDING'
    const createdAt = iso(rv.created)
    const submittedAt = pending ? null : rv.t === rv.created ? createdAt : iso(rv.t)
    const dismissed = rv.dismissAt <= until
    reviews.push({
      databaseId: (ctx.ids.review += 1 + random.int(40)),
      author: rv.author,
      state: dismissed ? 'DISMISSED' : rv.state,
      submittedAt,
      createdAt,
      commitOid: head >= 0 ? commits[head].oid : null
    })
    const last = dismissed ? Math.max(rv.t, rv.dismissAt) : rv.t
    if (last >= updated) {
      updated = last
      updatedIso = last === rv.t ? (submittedAt ?? createdAt) : iso(last)
    }
  }

  const comments: SeedComment[] = []
  for (const at of d.commentTimes) {
    if (at > until) break
    const x = random.next()
    const author =
      x < GHOST_SHARE
        ? null
        : x < 0.1
          ? cast.actionsBot
          : x < 0.35
            ? d.author
            : cast.users[otherUser(random, cast, d.authorIdx)]
    const createdAt = iso(at)
    comments.push({ databaseId: (ctx.ids.comment += 1 + random.int(30)), author, createdAt })
    if (at >= updated) {
      updated = at
      updatedIso = createdAt
    }
  }

  const size = d.shape === 'normal' ? 1 : 20
  return {
    number: d.number,
    id: nodeId('PR_kwDOAx', d.databaseId),
    databaseId: d.databaseId,
    title: d.title,
    author: d.author,
    createdAt: createdAtIso,
    updatedAt: updatedIso,
    closedAt,
    mergedAt,
    mergedBy: mergedAt === null ? null : d.mergedBy,
    isDraft,
    baseRefName: 'main',
    headRefName: d.headRefName,
    additions: Math.round(random.logNormal(40, 1.6, 1, 20000) * size),
    deletions: Math.round(random.logNormal(12, 1.8, 0, 15000) * size),
    mergeCommitOid: mergedAt === null ? null : ctx.oids.next(),
    labels: compact(d.labels),
    commits: compact(commits),
    reviews: compact(reviews),
    comments: compact(comments),
    events: compact(events)
  }
}

/**
 * An exact-size copy of an array built by push (whose spare capacity would otherwise stay allocated:
 * with hundreds of thousands of small arrays that is a large share of the heap).
 */
export function compact<T>(items: T[]): T[] {
  return items.length === 0 ? [] : items.slice()
}

/** A GraphQL-style node id: a type prefix and the database id in base 36. */
export function nodeId(prefix: string, databaseId: number): string {
  return flat(prefix + databaseId.toString(36).padStart(8, '0'))
}
