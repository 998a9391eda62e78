import { generateRepository, parseGenerateSpec } from '../../tools/github-emulator/generate.js'
import { iso, parseIsoSeconds } from '../../tools/github-emulator/generate/clock.js'
import type {
  SeedPull,
  SeedRepository,
  SeedTimelineItem,
  SeedRequestedReviewer
} from '../../tools/github-emulator/types.js'

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/
const OID = /^[0-9a-f]{40}$/
/** GENERATE_TEST_SEEDS=4,5,6 checks other seeds too (the default three keep the run short). */
const SEEDS = (process.env.GENERATE_TEST_SEEDS ?? '1,2,3').split(',').map(Number)
/** GENERATE_TEST_PRS=40 runs the invariant checks at another size. */
const INVARIANT_PRS = Number(process.env.GENERATE_TEST_PRS ?? 300)

const cache = new Map<string, SeedRepository>()
function repo(prs: number, seed: number): SeedRepository {
  const key = `${prs}:${seed}`
  let r = cache.get(key)
  if (!r) {
    r = generateRepository({ prs, seed })
    cache.set(key, r)
  }
  return r
}

function requested(p: SeedPull): Array<Extract<SeedTimelineItem, { type: 'ReviewRequestedEvent' }>> {
  return p.events.filter(
    (e): e is Extract<SeedTimelineItem, { type: 'ReviewRequestedEvent' }> => e.type === 'ReviewRequestedEvent'
  )
}

function reviewerKey(r: SeedRequestedReviewer): string {
  return r.type === 'Team' ? `team:${r.slug}` : r.login
}

function ms(text: string): number {
  return Date.parse(text)
}

function expectSorted(times: string[], what: string): void {
  for (let k = 1; k < times.length; k++) {
    if (times[k - 1] > times[k]) throw new Error(`${what}: ${times[k - 1]} comes before ${times[k]}`)
  }
}

function expectUnique(values: Array<string | number>, what: string): void {
  const seen = new Set<string | number>()
  for (const v of values) {
    if (seen.has(v)) throw new Error(`${what}: ${v} appears twice`)
    seen.add(v)
  }
}

describe('parseGenerateSpec', () => {
  it('reads prs and seed, with seed defaulting to 1', () => {
    expect(parseGenerateSpec('prs=500,seed=7')).toEqual({ prs: 500, seed: 7 })
    expect(parseGenerateSpec(' seed=0 , prs=12 ')).toEqual({ prs: 12, seed: 0 })
    expect(parseGenerateSpec('prs=3')).toEqual({ prs: 3, seed: 1 })
  })

  it.each([
    ['', /prs=N/],
    ['seed=3', /prs is missing/],
    ['prs=10,size=3', /unknown key "size"/],
    ['prs=10,prs=11', /"prs" is given twice/],
    ['prs', /has no value/],
    ['prs=abc', /prs must be a whole number from 1 to/],
    ['prs=0', /prs must be a whole number/],
    ['prs=-4', /prs must be a whole number/],
    ['prs=2.5', /prs must be a whole number/],
    ['prs=99999999', /prs must be a whole number/],
    ['prs=10,seed=x', /seed must be a non-negative whole number, got "x"/]
  ])('rejects %j with a message saying what to write', (spec, message) => {
    expect(() => parseGenerateSpec(spec)).toThrow(message)
  })
})

describe('generateRepository options', () => {
  it('rejects bad options by name', () => {
    expect(() => generateRepository({ prs: 0 })).toThrow(/prs must be a whole number/)
    expect(() => generateRepository({ prs: 1.5 })).toThrow(/prs must be a whole number/)
    expect(() => generateRepository({ prs: 5, seed: -1 })).toThrow(/seed must be/)
    expect(() => generateRepository({ prs: 5, until: '2026-11-16' })).toThrow(/until must be a UTC time like/)
    expect(() => generateRepository({ prs: 5, until: '2026-02-30T00:00:00Z' })).toThrow(/until/)
    expect(() => generateRepository({ prs: 5, owner: 'bad owner' })).toThrow(/owner "bad owner"/)
    expect(() => generateRepository({ prs: 5, name: 'a/b' })).toThrow(/name "a\/b"/)
  })

  it('uses the given owner, name and end', () => {
    const r = generateRepository({
      prs: 40,
      seed: 5,
      owner: 'octo-org',
      name: 'gadgets',
      until: '2025-03-01T12:00:00Z'
    })
    expect(r.owner).toBe('octo-org')
    expect(r.name).toBe('gadgets')
    expect(r.until).toBe('2025-03-01T12:00:00Z')
    const times = [...r.pulls.map((p) => p.updatedAt), ...r.issues.map((i) => i.updatedAt)]
    expect(times.every((t) => t <= '2025-03-01T12:00:00Z')).toBe(true)
    expect(times.some((t) => t >= '2025-02-20T00:00:00Z')).toBe(true)
    const transfers = r.issues.flatMap((i) => i.events).filter((e) => e.type === 'TransferredEvent')
    for (const e of transfers) {
      if (e.type === 'TransferredEvent' && e.fromRepository !== null)
        expect(e.fromRepository).toMatch(/^octo-org\//)
    }
  })

  it('defaults to a history ending 2026-11-16 and spanning about 8 pull requests per working day', () => {
    const r = repo(300, 1)
    expect(r.until).toBe('2026-11-16T00:00:00Z')
    const first = r.pulls[0].createdAt
    const spanDays = (ms(r.until) - ms(first)) / 86400000
    // 300 / 8 = 37.5 working days ≈ 53 calendar days
    expect(spanDays).toBeGreaterThan(40)
    expect(spanDays).toBeLessThan(60)
  })
})

describe('determinism', () => {
  it('gives identical output for identical options', () => {
    const a = generateRepository({ prs: 150, seed: 42 })
    const b = generateRepository({ prs: 150, seed: 42 })
    expect(b).toEqual(a)
    expect(JSON.stringify(b)).toBe(JSON.stringify(a))
  })

  it('gives different histories for different seeds', () => {
    const a = repo(300, 1)
    const b = repo(300, 2)
    expect(b.pulls.map((p) => p.createdAt)).not.toEqual(a.pulls.map((p) => p.createdAt))
    expect(b.commits[0].oid).not.toBe(a.commits[0].oid)
  })
})

describe('clock helpers', () => {
  it('formats whole seconds exactly like Date#toISOString without milliseconds', () => {
    let t = -86400 * 400
    for (let k = 0; k < 2000; k++) {
      t += 86400 * 17 + 3599 * k
      expect(iso(t)).toBe(new Date(t * 1000).toISOString().slice(0, 19) + 'Z')
    }
    expect(iso(951782400)).toBe('2000-02-29T00:00:00Z')
  })

  it('parses only the strict UTC form', () => {
    expect(parseIsoSeconds('2026-11-16T00:00:00Z')).toBe(Date.UTC(2026, 10, 16) / 1000)
    expect(parseIsoSeconds('2026-11-16T00:00:00.000Z')).toBeNull()
    expect(parseIsoSeconds('2026-11-31T00:00:00Z')).toBeNull()
  })
})

describe.each(SEEDS)('features at prs=300, seed %i', (seed) => {
  const r = repo(300, seed)
  const humans = new Set<string>()
  for (const p of r.pulls) if (p.author?.type === 'User') humans.add(p.author.login)
  for (const p of r.pulls)
    for (const rv of p.reviews) if (rv.author?.type === 'User') humans.add(rv.author.login)

  it('has an organization with 2-3 teams of known people and about 20 users', () => {
    expect(r.ownerIsOrganization).toBe(true)
    expect(r.teams.length).toBeGreaterThanOrEqual(2)
    expect(r.teams.length).toBeLessThanOrEqual(3)
    for (const t of r.teams) {
      expect(t.members.length).toBeGreaterThan(1)
      for (const m of t.members) expect(humans.has(m)).toBe(true)
    }
    expect(humans.size).toBeGreaterThanOrEqual(15)
    expect(humans.size).toBeLessThanOrEqual(25)
  })

  it('has bot authored pull requests with GraphQL logins (no [bot] suffix)', () => {
    const bots = new Set(r.pulls.filter((p) => p.author?.type === 'Bot').map((p) => p.author!.login))
    expect(bots).toEqual(new Set(['dependabot', 'renovate']))
    const logins = r.pulls.flatMap((p) => [
      p.author?.login,
      ...p.reviews.map((x) => x.author?.login),
      ...p.comments.map((x) => x.author?.login)
    ])
    expect(logins.some((l) => l?.endsWith('[bot]'))).toBe(false)
    expect(r.pulls.some((p) => p.comments.some((c) => c.author?.type === 'Bot'))).toBe(true)
  })

  it('has review requests to users and teams, removals and re-requests', () => {
    const all = r.pulls.flatMap(requested)
    expect(all.some((e) => e.reviewer.type === 'User')).toBe(true)
    expect(all.some((e) => e.reviewer.type === 'Team')).toBe(true)
    const slugs = new Set(r.teams.map((t) => t.slug))
    for (const e of all) if (e.reviewer.type === 'Team') expect(slugs.has(e.reviewer.slug)).toBe(true)
    expect(r.pulls.some((p) => p.events.some((e) => e.type === 'ReviewRequestRemovedEvent'))).toBe(true)
    const reRequested = r.pulls.filter((p) => {
      const keys = requested(p).map((e) => reviewerKey(e.reviewer))
      return new Set(keys).size < keys.length
    })
    expect(reRequested.length).toBeGreaterThan(3)
  })

  it('has drafts, ready-for-review and convert-to-draft events', () => {
    expect(r.pulls.some((p) => p.events.some((e) => e.type === 'ReadyForReviewEvent'))).toBe(true)
    expect(r.pulls.some((p) => p.events.some((e) => e.type === 'ConvertToDraftEvent'))).toBe(true)
    expect(r.pulls.some((p) => p.isDraft)).toBe(true)
    for (const p of r.pulls) if (p.isDraft) expect(p.mergedAt).toBeNull()
  })

  it('has reviews in every state, PENDING ones without submittedAt', () => {
    const states = new Set(r.pulls.flatMap((p) => p.reviews.map((x) => x.state)))
    expect(states).toEqual(new Set(['APPROVED', 'CHANGES_REQUESTED', 'COMMENTED', 'DISMISSED', 'PENDING']))
    for (const p of r.pulls) {
      for (const x of p.reviews) {
        if (x.state === 'PENDING') expect(x.submittedAt).toBeNull()
        else expect(x.submittedAt).toMatch(ISO)
      }
    }
  })

  it('has self-reviews and comments by people other than the author', () => {
    expect(
      r.pulls.some((p) => p.reviews.some((x) => x.author !== null && x.author.login === p.author?.login))
    ).toBe(true)
    expect(
      r.pulls.some((p) => p.comments.some((c) => c.author !== null && c.author.login !== p.author?.login))
    ).toBe(true)
    expect(r.pulls.some((p) => p.comments.some((c) => c.author === null))).toBe(true)
  })

  it('has about 0.6 issues per pull request, with comments, closes and transfers', () => {
    expect(r.issues.length).toBe(180)
    expect(r.issues.some((i) => i.comments.length > 0)).toBe(true)
    expect(r.issues.some((i) => i.closedAt !== null)).toBe(true)
    expect(r.issues.some((i) => i.closedAt === null)).toBe(true)
    const transfers = r.issues.flatMap((i) => i.events).filter((e) => e.type === 'TransferredEvent')
    expect(transfers.length).toBeGreaterThan(0)
    expect(
      transfers.some((e) => e.type === 'TransferredEvent' && e.fromRepository?.startsWith('acme-labs/'))
    ).toBe(true)
    expect(r.issues.some((i) => i.labels.includes('incident'))).toBe(true)
  })

  it('has labels that exist in the repository', () => {
    const names = new Set(r.labels.map((l) => l.name))
    const used = [...r.pulls.flatMap((p) => p.labels), ...r.issues.flatMap((i) => i.labels)]
    expect(used.length).toBeGreaterThan(50)
    for (const l of used) expect(names.has(l)).toBe(true)
  })

  it('deploys to production and staging, with failures and later restores', () => {
    const prod = r.deployments.filter((d) => d.environment === 'production')
    expect(prod.length).toBeGreaterThan(20)
    expect(r.deployments.some((d) => d.environment === 'staging')).toBe(true)
    const finalState = (d: (typeof prod)[number]) =>
      d.statuses.filter((s) => s.state !== 'INACTIVE' && s.state !== 'IN_PROGRESS').at(-1)?.state
    const finals = prod.map(finalState)
    expect(finals).toContain('SUCCESS')
    expect(finals).toContain('FAILURE')
    expect(finals).toContain('ERROR')
    const failedAt = prod.findIndex((d) => finalState(d) !== 'SUCCESS' && finalState(d) !== undefined)
    expect(prod.slice(failedAt + 1).some((d) => finalState(d) === 'SUCCESS')).toBe(true)
    // GitHub's auto_inactive marks earlier successes inactive outside production only.
    expect(prod.some((d) => d.statuses.some((s) => s.state === 'INACTIVE'))).toBe(false)
    expect(r.deployments.some((d) => d.statuses.some((s) => s.state === 'INACTIVE'))).toBe(true)
    for (const d of r.deployments) {
      expect(d.creator.type).toBe('Bot')
      expect(d.task).toBe('deploy')
    }
  })

  it('has a deploy workflow whose runs deploy, some failing', () => {
    expect(r.workflows).toEqual([
      expect.objectContaining({ name: 'deploy', path: '.github/workflows/deploy.yml' })
    ])
    const runs = r.workflowRuns
    expect(runs.length).toBeGreaterThan(20)
    expect(runs.every((x) => x.workflowId === r.workflows[0].id)).toBe(true)
    expect(runs.some((x) => x.conclusion === 'failure')).toBe(true)
    expect(runs.some((x) => x.conclusion === 'success')).toBe(true)
    const prodShas = new Set(r.deployments.filter((d) => d.environment === 'production').map((d) => d.sha))
    expect(runs.filter((x) => x.conclusion === 'success').every((x) => prodShas.has(x.headSha))).toBe(true)
  })

  it('has releases tagged on default-branch commits', () => {
    expect(r.releases.length).toBeGreaterThan(1)
    const oids = new Set(r.commits.map((c) => c.oid))
    for (const rel of r.releases) {
      expect(oids.has(rel.tagCommitOid)).toBe(true)
      expect(rel.tagName).toMatch(/^v\d+\.\d+\.\d+(-rc\.\d+)?$/)
    }
    expectUnique(
      r.releases.map((x) => x.tagName),
      'release tag'
    )
  })

  it('has a pull request with more than 100 reviews and one with more than 100 timeline items', () => {
    expect(r.pulls.some((p) => p.reviews.length > 100)).toBe(true)
    expect(r.pulls.some((p) => p.comments.length + p.events.length > 100 && p.comments.length > 100)).toBe(
      true
    )
  })

  it('has heavy-tailed review times: minutes to weeks', () => {
    const waits: number[] = []
    for (const p of r.pulls) {
      for (const e of requested(p)) {
        if (e.reviewer.type !== 'User') continue
        const login = e.reviewer.login
        const answer = p.reviews.find(
          (x) => x.author?.login === login && x.submittedAt && x.submittedAt >= e.createdAt
        )
        if (answer) waits.push((ms(answer.submittedAt!) - ms(e.createdAt)) / 1000)
      }
    }
    waits.sort((a, b) => a - b)
    expect(waits.length).toBeGreaterThan(100)
    expect(waits[0]).toBeLessThan(3600)
    expect(waits[waits.length - 1]).toBeGreaterThan(4 * 86400)
    const median = waits[Math.floor(waits.length / 2)]
    const p90 = waits[Math.floor(waits.length * 0.9)]
    expect(p90 / median).toBeGreaterThan(4)
  })

  it('follows a weekly rhythm: few events on weekends, most in working hours', () => {
    const times = [
      ...r.pulls.map((p) => p.createdAt),
      ...r.pulls.flatMap((p) => p.reviews.map((x) => x.createdAt)),
      ...r.pulls.flatMap((p) => p.comments.map((x) => x.createdAt)),
      ...r.issues.map((i) => i.createdAt)
    ].map((t) => new Date(t))
    const weekend = times.filter((d) => d.getUTCDay() === 0 || d.getUTCDay() === 6).length / times.length
    const working = times.filter((d) => d.getUTCHours() >= 7 && d.getUTCHours() < 19).length / times.length
    expect(weekend).toBeLessThan(0.15)
    expect(working).toBeGreaterThan(0.65)
  })
})

describe.each(SEEDS)(`invariants at prs=${INVARIANT_PRS}, seed %i`, (seed) => {
  const r = repo(INVARIANT_PRS, seed)
  const until = r.until
  const commitOids = new Set(r.commits.map((c) => c.oid))

  it('writes every time as YYYY-MM-DDTHH:MM:SSZ, between the repository creation and until', () => {
    const times: string[] = []
    const walk = (v: unknown, key: string): void => {
      if (Array.isArray(v)) v.forEach((x) => walk(x, key))
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k)
      else if (typeof v === 'string' && /(At|Date)$/.test(key)) times.push(v)
    }
    walk(r, '')
    expect(times.length).toBeGreaterThan(INVARIANT_PRS * 5)
    for (const t of times) {
      expect(t).toMatch(ISO)
      expect(t <= until).toBe(true)
      expect(t >= r.createdAt).toBe(true)
    }
  })

  it('numbers pull requests and issues from one sequence in creation order', () => {
    const all = [
      ...r.pulls.map((p) => ({ n: p.number, at: p.createdAt })),
      ...r.issues.map((i) => ({ n: i.number, at: i.createdAt }))
    ].sort((a, b) => a.n - b.n)
    expect(all.map((x) => x.n)).toEqual(all.map((_, k) => k + 1))
    expectSorted(
      all.map((x) => x.at),
      'creation order'
    )
    expectUnique([...r.pulls.map((p) => p.id), ...r.issues.map((i) => i.id)], 'node id')
    expectUnique([...r.pulls.map((p) => p.databaseId), ...r.issues.map((i) => i.databaseId)], 'database id')
  })

  it('keeps every pull request internally consistent', () => {
    for (const p of r.pulls) {
      const what = `pull #${p.number}`
      expectSorted(
        p.events.map((e) => e.createdAt),
        `${what} events`
      )
      expectSorted(
        p.reviews.map((x) => x.submittedAt ?? x.createdAt),
        `${what} reviews`
      )
      expectSorted(
        p.comments.map((x) => x.createdAt),
        `${what} comments`
      )
      expectSorted(
        p.commits.map((x) => x.committedDate),
        `${what} commits`
      )
      const inside = [
        ...p.events.map((e) => e.createdAt),
        ...p.reviews.map((x) => x.submittedAt ?? x.createdAt),
        ...p.reviews.map((x) => x.createdAt),
        ...p.comments.map((x) => x.createdAt)
      ]
      for (const t of inside) {
        if (t < p.createdAt || t > p.updatedAt)
          throw new Error(`${what}: ${t} outside ${p.createdAt}..${p.updatedAt}`)
      }
      for (const c of p.commits) {
        expect(c.oid).toMatch(OID)
        expect(c.authoredDate <= c.committedDate).toBe(true)
        expect(c.committedDate <= p.updatedAt).toBe(true)
      }
      for (const x of p.reviews) {
        if (x.submittedAt) expect(x.createdAt <= x.submittedAt).toBe(true)
        if (x.commitOid !== null) expect(p.commits.some((c) => c.oid === x.commitOid)).toBe(true)
      }
      expect(p.updatedAt <= until).toBe(true)

      const closes = p.events.filter((e) => e.type === 'ClosedEvent' || e.type === 'ReopenedEvent')
      const lastClose = closes.at(-1)
      expect(p.closedAt).toBe(lastClose?.type === 'ClosedEvent' ? lastClose.createdAt : null)
      const merged = p.events.find((e) => e.type === 'MergedEvent')
      expect(p.mergedAt).toBe(merged ? merged.createdAt : null)
      if (p.mergedAt !== null) {
        expect(p.closedAt).toBe(p.mergedAt)
        expect(p.mergedBy).not.toBeNull()
        expect(commitOids.has(p.mergeCommitOid!)).toBe(true)
      } else {
        expect(p.mergeCommitOid).toBeNull()
        expect(p.mergedBy).toBeNull()
      }
    }
  })

  it('keeps every issue internally consistent', () => {
    for (const i of r.issues) {
      expectSorted(
        i.events.map((e) => e.createdAt),
        `issue #${i.number} events`
      )
      expectSorted(
        i.comments.map((e) => e.createdAt),
        `issue #${i.number} comments`
      )
      for (const t of [...i.events.map((e) => e.createdAt), ...i.comments.map((c) => c.createdAt)]) {
        expect(t >= i.createdAt && t <= i.updatedAt).toBe(true)
      }
      const lastClose = i.events.filter((e) => e.type === 'ClosedEvent' || e.type === 'ReopenedEvent').at(-1)
      expect(i.closedAt).toBe(lastClose?.type === 'ClosedEvent' ? lastClose.createdAt : null)
    }
  })

  it('has unique review, comment, deployment, status, run and release ids', () => {
    expectUnique(
      r.pulls.flatMap((p) => p.reviews.map((x) => x.databaseId)),
      'review id'
    )
    expectUnique(
      [...r.pulls.flatMap((p) => p.comments), ...r.issues.flatMap((i) => i.comments)].map(
        (c) => c.databaseId
      ),
      'comment id'
    )
    expectUnique(
      r.deployments.map((d) => d.databaseId),
      'deployment id'
    )
    expectUnique(
      r.deployments.map((d) => d.id),
      'deployment node id'
    )
    expectUnique(
      r.deployments.flatMap((d) => d.statuses.map((s) => s.id)),
      'deployment status id'
    )
    expectUnique(
      r.workflowRuns.map((x) => x.id),
      'run id'
    )
    expectUnique(
      r.releases.map((x) => x.databaseId),
      'release id'
    )
  })

  it('lists default-branch commits newest first as one parent chain with unique 40-hex oids', () => {
    const c = r.commits
    expectUnique(
      c.map((x) => x.oid),
      'commit oid'
    )
    expectUnique([...c.map((x) => x.oid), ...r.pulls.flatMap((p) => p.commits.map((x) => x.oid))], 'any oid')
    for (let k = 0; k < c.length; k++) {
      expect(c[k].oid).toMatch(OID)
      if (k + 1 < c.length) {
        expect(c[k].parents).toEqual([c[k + 1].oid])
        expect(c[k].committedDate >= c[k + 1].committedDate).toBe(true)
      } else expect(c[k].parents).toEqual([])
    }
    const merged = r.pulls.filter((p) => p.mergedAt !== null)
    const direct = c.length - 1 - merged.length
    expect(direct).toBeGreaterThan(0)
    for (const p of merged) {
      const commit = c.find((x) => x.oid === p.mergeCommitOid)!
      expect(commit.committedDate).toBe(p.mergedAt)
      expect(commit.message).toContain(`(#${p.number})`)
    }
  })

  it('deploys default-branch commits, with statuses in time order', () => {
    for (const d of r.deployments) {
      expect(commitOids.has(d.sha)).toBe(true)
      expect(d.statuses.length).toBeGreaterThan(0)
      expectSorted(
        d.statuses.map((s) => s.createdAt),
        `deployment ${d.databaseId} statuses`
      )
      expect(d.statuses[0].createdAt >= d.createdAt).toBe(true)
      expect(d.updatedAt).toBe(d.statuses.at(-1)!.createdAt)
    }
    for (const run of r.workflowRuns) {
      expect(commitOids.has(run.headSha)).toBe(true)
      expect(run.createdAt <= run.runStartedAt && run.runStartedAt <= run.updatedAt).toBe(true)
      if (run.status === 'completed') expect(run.conclusion).not.toBeNull()
    }
    expectSorted(
      r.deployments.map((d) => d.createdAt),
      'deployments'
    )
  })
})

describe('larger histories', () => {
  it('spreads very large pull requests through bigger histories', () => {
    const r = generateRepository({ prs: 2500, seed: 9 })
    expect(r.pulls.filter((p) => p.reviews.length > 100).length).toBeGreaterThanOrEqual(2)
    expect(r.pulls.filter((p) => p.comments.length > 100).length).toBeGreaterThanOrEqual(2)
    expect(r.issues.length).toBe(1500)
    const spanDays = (ms(r.until) - ms(r.pulls[0].createdAt)) / 86400000
    expect(spanDays).toBeGreaterThan(400)
  })

  it('still makes a consistent history from a single pull request', () => {
    const r = generateRepository({ prs: 1, seed: 3 })
    expect(r.pulls).toHaveLength(1)
    expect(r.issues).toHaveLength(1)
    expect(r.commits.at(-1)!.parents).toEqual([])
  })
})
