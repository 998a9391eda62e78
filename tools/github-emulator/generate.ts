/**
 * Deterministic generator of a realistic repository history for the emulator: what the real datasets
 * lack (review requests to users and teams, removals and re-requests, drafts, bots, reviews in every
 * state, transfers, deployments with failures and restores, releases, workflow runs), with the shapes
 * real history has (heavy-tailed waits, a weekly rhythm, a few very large pull requests).
 *
 * Same options → the same repository, byte for byte: all randomness comes from a seeded generator,
 * and nothing reads the clock.
 */
import type { SeedIssue, SeedPull, SeedRepository } from './types.js'
import { DAY, iso, parseIsoSeconds, rhythmicTimes, startOfDay } from './generate/clock.js'
import { buildDefaultBranch, buildDelivery } from './generate/delivery.js'
import { generateIssue } from './generate/issues.js'
import { buildCast, buildLabels } from './generate/people.js'
import { generatePull, pullContext, type PullShape } from './generate/pulls.js'
import { OidSource, Random } from './generate/random.js'

export interface GenerateOptions {
  /** Number of pull requests (issues are about 0.6 per pull request). */
  prs: number
  /** Any non-negative whole number; default 1. */
  seed?: number
  /** End of the history, `YYYY-MM-DDTHH:MM:SSZ`; default 2026-11-16T00:00:00Z. */
  until?: string
  /** Organization login; default `acme-labs`. */
  owner?: string
  /** Repository name; default `widgets`. */
  name?: string
  /**
   * Pull requests per working day. Default: 8, or busier for large histories so they span at most
   * ~10 years. The bench's steady scenario fixes it, so a bigger history is a longer one with the
   * same activity per week (what "bounded by what changed" is measured against).
   */
  prsPerWorkingDay?: number
}

export const DEFAULT_SEED = 1
export const DEFAULT_UNTIL = '2026-11-16T00:00:00Z'
/** About 1.4 GB of heap at this size (100,000 pull requests take about 280 MB). */
export const MAX_PRS = 500_000

/** Pull requests per working day for small histories; larger ones get busier so they span ≤ ~10 years. */
const PRS_PER_WORKING_DAY = 8
const MAX_WORKING_DAYS = 2600
const ISSUES_PER_PR = 0.6
const DIRECT_COMMITS_PER_PR = 0.08
const LARGE_EVERY = 1000

const OWNER_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/
const NAME_PATTERN = /^[A-Za-z0-9._-]{1,100}$/

const SPEC_HELP = 'expected prs=N[,seed=S] with whole numbers, e.g. prs=500,seed=7'

/** Parses the emulator's `--generate` value, `prs=N,seed=S` (seed optional, default 1). */
export function parseGenerateSpec(text: string): { prs: number; seed: number; perDay?: number } {
  const values = new Map<string, string>()
  const trimmed = text.trim()
  if (trimmed === '') throw new Error(`Invalid generate spec "": ${SPEC_HELP}`)
  for (const part of trimmed.split(',')) {
    const eq = part.indexOf('=')
    const key = (eq < 0 ? part : part.slice(0, eq)).trim()
    if (eq < 0)
      throw new Error(`Invalid generate spec "${text}": "${part.trim()}" has no value; ${SPEC_HELP}`)
    if (key !== 'prs' && key !== 'seed' && key !== 'perDay') {
      throw new Error(
        `Invalid generate spec "${text}": unknown key "${key}" (allowed: prs, seed, perDay); ${SPEC_HELP}`
      )
    }
    if (values.has(key))
      throw new Error(`Invalid generate spec "${text}": "${key}" is given twice; ${SPEC_HELP}`)
    values.set(key, part.slice(eq + 1).trim())
  }
  const prsText = values.get('prs')
  if (prsText === undefined) throw new Error(`Invalid generate spec "${text}": prs is missing; ${SPEC_HELP}`)
  const prs = wholeNumber(prsText)
  if (prs === null || prs < 1 || prs > MAX_PRS) {
    throw new Error(
      `Invalid generate spec "${text}": prs must be a whole number from 1 to ${MAX_PRS}, got "${prsText}"`
    )
  }
  const seedText = values.get('seed')
  const seed = seedText === undefined ? DEFAULT_SEED : wholeNumber(seedText)
  if (seed === null) {
    throw new Error(
      `Invalid generate spec "${text}": seed must be a non-negative whole number, got "${seedText}"`
    )
  }
  const perDayText = values.get('perDay')
  if (perDayText === undefined) return { prs, seed }
  const perDay = wholeNumber(perDayText)
  if (perDay === null || perDay < 1 || perDay > 10_000) {
    throw new Error(
      `Invalid generate spec "${text}": perDay (pull requests per working day) must be a whole number from 1 to 10000, got "${perDayText}"`
    )
  }
  return { prs, seed, perDay }
}

function wholeNumber(text: string): number | null {
  if (!/^\d{1,15}$/.test(text)) return null
  return Number(text)
}

function checkOptions(
  options: GenerateOptions
): Required<Omit<GenerateOptions, 'prsPerWorkingDay'>> & { untilSeconds: number } {
  const { prs, seed = DEFAULT_SEED, until = DEFAULT_UNTIL, owner = 'acme-labs', name = 'widgets' } = options
  if (!Number.isInteger(prs) || prs < 1 || prs > MAX_PRS) {
    throw new Error(`generateRepository: prs must be a whole number from 1 to ${MAX_PRS}, got ${prs}`)
  }
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new Error(`generateRepository: seed must be a non-negative whole number, got ${seed}`)
  }
  const untilSeconds = parseIsoSeconds(until)
  if (untilSeconds === null) {
    throw new Error(`generateRepository: until must be a UTC time like ${DEFAULT_UNTIL}, got "${until}"`)
  }
  if (!OWNER_PATTERN.test(owner)) {
    throw new Error(
      `generateRepository: owner "${owner}" is not a valid GitHub login (letters, digits, hyphens)`
    )
  }
  if (!NAME_PATTERN.test(name)) {
    throw new Error(
      `generateRepository: name "${name}" is not a valid repository name (letters, digits, . _ -)`
    )
  }
  return { prs, seed, until, owner, name, untilSeconds }
}

/** Which pull requests are the very large ones (at least one of each kind when there are 3 or more). */
function shapeOf(index: number, prs: number): PullShape {
  if (prs < LARGE_EVERY) {
    if (prs >= 3 && index === Math.floor(prs * 0.35)) return 'manyReviews'
    if (prs >= 3 && index === Math.floor(prs * 0.55)) return 'manyItems'
    return 'normal'
  }
  const r = index % LARGE_EVERY
  return r === 350 ? 'manyReviews' : r === 550 ? 'manyItems' : 'normal'
}

export function generateRepository(options: GenerateOptions): SeedRepository {
  const { prs, seed, owner, name, until, untilSeconds } = checkOptions(options)

  const perWorkingDay = options.prsPerWorkingDay ?? Math.max(PRS_PER_WORKING_DAY, prs / MAX_WORKING_DAYS)
  const spanDays = Math.max(30, Math.ceil(((prs / perWorkingDay) * 7) / 5))
  const start = startOfDay(untilSeconds) - spanDays * DAY
  const createdAt = start - 14 * DAY

  const timing = new Random(seed, 1)
  const pullRandom = new Random(seed, 2)
  const issueRandom = new Random(seed, 3)
  const branchRandom = new Random(seed, 4)
  const deliveryRandom = new Random(seed, 5)
  const oids = new OidSource(new Random(seed, 6))
  const cast = buildCast()

  const pullTimes = rhythmicTimes(timing, prs, start, untilSeconds)
  const issueTimes = rhythmicTimes(timing, Math.round(prs * ISSUES_PER_PR), start, untilSeconds)

  // Pull requests and issues share one number sequence, in creation order.
  const ctx = pullContext(cast, untilSeconds, oids)
  const pulls: SeedPull[] = new Array(prs)
  const issues: SeedIssue[] = new Array(issueTimes.length)
  const merged: number[] = []
  const mergeTimes: number[] = []
  const issueCtx = { cast, until: untilSeconds, owner, ids: ctx.ids }
  let p = 0
  let i = 0
  for (let number = 1; p < pullTimes.length || i < issueTimes.length; number++) {
    if (i >= issueTimes.length || (p < pullTimes.length && pullTimes[p] <= issueTimes[i])) {
      const pull = generatePull(
        ctx,
        pullRandom,
        number,
        800_000_000 + number * 37,
        pullTimes[p],
        shapeOf(p, prs)
      )
      if (pull.mergedAt !== null) {
        merged.push(p)
        mergeTimes.push(Date.parse(pull.mergedAt) / 1000)
      }
      pulls[p++] = pull
    } else {
      issues[i] = generateIssue(issueCtx, issueRandom, number, 1_300_000_000 + number * 41, issueTimes[i])
      i++
    }
  }

  const branch = buildDefaultBranch(
    branchRandom,
    cast,
    oids,
    pulls,
    merged,
    mergeTimes,
    Math.max(1, Math.round(prs * DIRECT_COMMITS_PER_PR)),
    createdAt,
    start,
    untilSeconds
  )
  const delivery = buildDelivery(deliveryRandom, cast, branch, start, untilSeconds, perWorkingDay / 4)

  return {
    owner,
    name,
    ownerIsOrganization: true,
    defaultBranch: 'main',
    createdAt: iso(createdAt),
    until,
    labels: buildLabels(),
    teams: cast.teams,
    pulls,
    issues,
    commits: branch.commits,
    deployments: delivery.deployments,
    releases: delivery.releases,
    workflows: delivery.workflows,
    workflowRuns: delivery.workflowRuns
  }
}
