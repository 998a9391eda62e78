/**
 * The engine against two real repositories' histories (../shared/datasets), checked by a separate,
 * deliberately simple computation of the same definitions written here: plain loops and sorts, local
 * dates from Intl rather than luxon, reachability by a fresh ancestor walk per deployment.
 */
import { computeSnapshot } from '../../src/metrics/index.js'
import type { Dist, Snapshot, Stats } from '../../src/metrics/types.js'
import type { History } from '../../src/model.js'
import { DATASETS_DIR, datasetAvailable, loadDataset } from './dataset.js'
import { options } from './builders.js'

// ---- the simple computation ----

function simpleStats(values: number[]): Stats {
  if (values.length === 0) return { count: 0 }
  const s = [...values].sort((a, b) => a - b)
  const q = (p: number) => {
    const h = (s.length - 1) * p
    const lo = Math.floor(h)
    return lo + 1 < s.length ? s[lo] + (h - lo) * (s[lo + 1] - s[lo]) : s[lo]
  }
  return {
    count: s.length,
    mean: s.reduce((a, b) => a + b, 0) / s.length,
    median: q(0.5),
    p90: q(0.9),
    min: s[0],
    max: s[s.length - 1]
  }
}

/** Local calendar date `YYYY-MM-DD` in a timezone, through Intl. */
const formats = new Map<string, Intl.DateTimeFormat>()
function localDate(ms: number, timeZone: string): string {
  let format = formats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    formats.set(timeZone, format)
  }
  return format.format(ms)
}

/** The Monday (`YYYY-MM-DD`) of a local date's week, by calendar arithmetic on the date alone. */
function mondayOf(date: string): string {
  const d = new Date(`${date}T00:00:00Z`)
  const back = (d.getUTCDay() + 6) % 7
  return new Date(d.getTime() - back * 86400000).toISOString().slice(0, 10)
}

type Value = { end: number; seconds: number }

function simpleMetrics(h: History, since: number, until: number) {
  const inWindow = (t: number) => t >= since && t < until
  const person = (login: string | null) => login !== null && !login.endsWith('[bot]')
  // A deleted account (null) answered, unless the author is deleted too.
  const someoneElse = (login: string | null, author: string | null) =>
    login === null ? author !== null : person(login) && login !== author
  const merge: Value[] = []
  const firstReview: Value[] = []
  const opened: number[] = []
  const merged: number[] = []
  const closedUnmerged: number[] = []
  for (const pr of h.pulls) {
    const created = Date.parse(pr.createdAt)
    opened.push(created)
    if (pr.mergedAt) {
      merged.push(Date.parse(pr.mergedAt))
      merge.push({ end: Date.parse(pr.mergedAt), seconds: (Date.parse(pr.mergedAt) - created) / 1000 })
    } else if (pr.closedAt) closedUnmerged.push(Date.parse(pr.closedAt))
    const reviews = pr.reviews
      .filter((r) => r.state !== 'PENDING' && someoneElse(r.author, pr.author))
      .map((r) => Date.parse(r.submittedAt))
    if (reviews.length > 0) {
      const first = Math.min(...reviews)
      firstReview.push({ end: first, seconds: (first - created) / 1000 })
    }
  }
  const response: Value[] = []
  const toClose: Value[] = []
  let issuesOpened = 0
  let issuesClosed = 0
  for (const issue of h.issues) {
    const created = Date.parse(issue.createdAt)
    if (inWindow(created)) issuesOpened++
    if (issue.closedAt) {
      const closed = Date.parse(issue.closedAt)
      if (inWindow(closed)) issuesClosed++
      toClose.push({ end: closed, seconds: (closed - created) / 1000 })
    }
    const others = issue.comments
      .filter((c) => someoneElse(c.author, issue.author))
      .map((c) => Date.parse(c.at))
    if (others.length > 0)
      response.push({ end: Math.min(...others), seconds: (Math.min(...others) - created) / 1000 })
  }

  // Lead time: for every commit, the first production deployment whose ancestry holds it.
  const parents = new Map(h.commits.map((c) => [c.oid, c.parents]))
  const deployments = h.deployments
    .filter((d) => d.environment === 'production' && d.status === 'success' && d.sha && parents.has(d.sha))
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt))
  const firstLive = new Map<string, number>()
  deployments.forEach((d, index) => {
    const stack = [d.sha!]
    const seen = new Set<string>()
    while (stack.length) {
      const oid = stack.pop()!
      if (seen.has(oid) || !parents.has(oid)) continue
      seen.add(oid)
      if (!firstLive.has(oid)) firstLive.set(oid, index)
      stack.push(...parents.get(oid)!)
    }
  })
  const lead: Value[] = []
  for (const c of h.commits) {
    const index = firstLive.get(c.oid)
    if (index === undefined || index === 0) continue
    const at = Date.parse(deployments[index].createdAt)
    const seconds = (at - Date.parse(c.committedAt)) / 1000
    if (seconds > 0) lead.push({ end: at, seconds })
  }
  const deployTimes = h.deployments
    .filter((d) => d.environment === 'production' && d.status === 'success')
    .map((d) => Date.parse(d.createdAt))

  // A negative duration (timestamps out of order) is never a value.
  const pick = (values: Value[]) => values.filter((v) => inWindow(v.end) && v.seconds >= 0)
  return {
    timeToMerge: pick(merge),
    timeToFirstReview: pick(firstReview),
    issueFirstResponse: pick(response),
    issueTimeToClose: pick(toClose),
    leadTimeForChanges: pick(lead),
    counts: {
      opened: opened.filter(inWindow).length,
      merged: merged.filter(inWindow).length,
      closedUnmerged: closedUnmerged.filter(inWindow).length,
      issuesOpened,
      issuesClosed,
      deployments: deployTimes.filter(inWindow).length
    },
    deployTimes: deployTimes.filter(inWindow)
  }
}

function expectSameDist(
  engine: Dist,
  values: Value[],
  bucketKey: (ms: number) => string,
  bucketLabels: string[]
) {
  const expected = simpleStats(values.map((v) => v.seconds))
  expect(engine.count).toBe(expected.count)
  for (const key of ['mean', 'median', 'p90', 'min', 'max'] as const) {
    if (expected.count === 0) expect(engine[key]).toBeUndefined()
    else expect(Math.abs(engine[key]! - expected[key]!)).toBeLessThanOrEqual(0.001)
  }
  // Per bucket: the same values land in the same local bucket.
  const perBucket = new Map<string, number[]>()
  for (const v of values) {
    const key = bucketKey(v.end)
    perBucket.set(key, [...(perBucket.get(key) ?? []), v.seconds])
  }
  expect(engine.buckets.map((b) => b.start.slice(0, 10))).toEqual(bucketLabels)
  for (const bucket of engine.buckets) {
    const mine = simpleStats(perBucket.get(bucket.start.slice(0, 10)) ?? [])
    expect(bucket.count).toBe(mine.count)
    if (mine.count > 0) expect(Math.abs(bucket.median! - mine.median!)).toBeLessThanOrEqual(0.001)
  }
}

// ---- the checks ----

const names = ['ietf-tls-esni', 'cfrg-vdaf']
const missing = names.filter((name) => !datasetAvailable(name))
if (missing.length > 0) {
  console.warn(
    `Skipping dataset checks for ${missing.join(', ')}: not found under ${DATASETS_DIR} (see ../shared/datasets/README.md).`
  )
}
if (missing.length === names.length) {
  it.skip(`dataset checks: ${DATASETS_DIR} is absent`, () => undefined)
}

const available = names.filter(datasetAvailable)
// Jest refuses an empty table: with no dataset there is nothing to describe (the skip above says why).
;(available.length ? describe.each(available) : () => () => undefined)('dataset %s', (name: string) => {
  const { history, timestamp } = loadDataset(name)

  const cases = [
    // Two years before the archive's end, weekly, in New York (daylight-saving changes included).
    {
      label: '2 years, weeks, America/New_York',
      bucket: 'week' as const,
      timezone: 'America/New_York',
      days: 730
    },
    // The whole history, monthly, in UTC.
    { label: 'all, months, UTC', bucket: 'month' as const, timezone: 'UTC', days: 4000 }
  ]

  describe.each(cases)('$label', ({ bucket, timezone, days }) => {
    const until = Date.parse(timestamp)
    const since = until - days * 86400000
    let snapshot: Snapshot
    let simple: ReturnType<typeof simpleMetrics>
    const key = (ms: number) => {
      const date = localDate(ms, timezone)
      return bucket === 'week' ? mondayOf(date) : `${date.slice(0, 7)}-01`
    }
    // Every bucket from the one holding `since` to the one holding `until` (exclusive end).
    const labels: string[] = []
    beforeAll(() => {
      snapshot = computeSnapshot(
        history,
        options({
          since: new Date(since).toISOString(),
          until: timestamp,
          bucket,
          timezone,
          deploymentSource: 'deployment'
        })
      )
      simple = simpleMetrics(history, since, until)
      for (let ms = since; ms < until; ms += 86400000) {
        const k = key(ms)
        if (labels[labels.length - 1] !== k) labels.push(k)
      }
      const last = key(until - 1)
      if (labels[labels.length - 1] !== last) labels.push(last)
    })

    it('agrees on the pull request and issue durations', () => {
      const m = snapshot.metrics
      expect(simple.timeToMerge.length).toBeGreaterThan(10)
      expectSameDist(m.timeToMerge!, simple.timeToMerge, key, labels)
      expectSameDist(m.timeToFirstReview!, simple.timeToFirstReview, key, labels)
      expectSameDist(m.issueFirstResponse!, simple.issueFirstResponse, key, labels)
      expectSameDist(m.issueTimeToClose!, simple.issueTimeToClose, key, labels)
    })

    it('agrees on lead time for changes', () => {
      expect(simple.leadTimeForChanges.length).toBeGreaterThan(0)
      expectSameDist(snapshot.metrics.leadTimeForChanges!, simple.leadTimeForChanges, key, labels)
    })

    it('agrees on the counts', () => {
      const m = snapshot.metrics
      expect(m.pullRequests).toMatchObject({
        opened: simple.counts.opened,
        merged: simple.counts.merged,
        closedUnmerged: simple.counts.closedUnmerged
      })
      expect(m.issues).toEqual({
        opened: simple.counts.issuesOpened,
        closed: simple.counts.issuesClosed,
        transferred: 0
      })
      expect(m.deployments).toMatchObject({
        count: simple.counts.deployments,
        failed: 0,
        source: 'deployment'
      })
      const perBucket = new Map<string, number>()
      for (const t of simple.deployTimes) perBucket.set(key(t), (perBucket.get(key(t)) ?? 0) + 1)
      expect(m.deployments!.buckets.map((b) => b.count)).toEqual(
        m.deployments!.buckets.map((b) => perBucket.get(b.start.slice(0, 10)) ?? 0)
      )
    })

    it('has no review-request values (the archives hold no request events)', () => {
      expect(snapshot.metrics.reviewTurnaround).toMatchObject({ count: 0, pending: { count: 0 } })
    })
  })
})
