/**
 * A generated organization: N repositories made by the single-repository generator
 * (generate.ts), with a skewed split of M pull requests (Zipf-like: a few big repositories, many
 * small ones, as real organizations have), and the settings organization listings filter on
 * (private and internal repositories, archived ones, forks, topics). Deterministic: the same
 * options give the same organization, byte for byte.
 *
 * Also: several seeds made into repositories of one organization (`intoOrganization`), for
 * `--dataset` given more than once.
 */
import { generateRepository, MAX_PRS, DEFAULT_SEED } from './generate.js'
import { nodeId } from './generate/pulls.js'
import { Random } from './generate/random.js'
import type { RepositoryVisibility, SeedRepository } from './types.js'

export interface GenerateOrgOptions {
  /** Number of repositories (1 to 1,000). */
  repos: number
  /** Pull requests over all repositories (at least one per repository). */
  prs: number
  /** Any non-negative whole number; default 1. */
  seed?: number
  /** Organization login; default `acme-labs`. */
  owner?: string
  /** End of every repository's history; default generate.ts's. */
  until?: string
  /** Pull requests per working day in each repository (default: the generator's). */
  prsPerWorkingDay?: number
  /** Zipf exponent of the split; default 1.1 (higher: more skewed). */
  skew?: number
}

export const MAX_REPOS = 1000

const NAMES = [
  'platform',
  'web',
  'api',
  'mobile',
  'infra',
  'docs',
  'billing',
  'search',
  'auth',
  'analytics',
  'design-system',
  'cli',
  'sdk-js',
  'sdk-python',
  'notifications',
  'data-pipeline',
  'ops-runbooks',
  'website',
  'terraform',
  'experiments'
]
const TOPICS = [
  'backend',
  'frontend',
  'typescript',
  'go',
  'python',
  'infrastructure',
  'docs',
  'mobile',
  'data'
]

/** The i-th repository name: the word list first, then the words again with a number. */
export function repositoryName(index: number): string {
  const word = NAMES[index % NAMES.length]
  const round = Math.floor(index / NAMES.length)
  return round === 0 ? word : `${word}-${round + 1}`
}

/**
 * Splits `total` pull requests over `repos` repositories by Zipf weights 1/rank^skew, each at least 1,
 * the sum exactly `total`; repository 0 is the biggest, sizes never grow with the index.
 */
export function zipfSplit(repos: number, total: number, skew = 1.1): number[] {
  if (!Number.isInteger(repos) || repos < 1) throw new Error(`repos must be a whole number ≥ 1, got ${repos}`)
  if (!Number.isInteger(total) || total < repos)
    throw new Error(`prs must be a whole number ≥ repos (one pull request per repository), got ${total}`)
  const weights = Array.from({ length: repos }, (_, i) => 1 / Math.pow(i + 1, skew))
  const sum = weights.reduce((a, b) => a + b, 0)
  // One each, then the rest by weight (largest remainders get the leftovers, lowest index first).
  const rest = total - repos
  const exact = weights.map((w) => (rest * w) / sum)
  const sizes = exact.map((x) => 1 + Math.floor(x))
  let left = total - sizes.reduce((a, b) => a + b, 0)
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i)
  for (let k = 0; left > 0; k++, left--) sizes[order[k % repos].i]++
  // Keep the sizes non-increasing (a leftover may tie two neighbours out of order).
  return sizes.sort((a, b) => b - a)
}

/** Parses `--generate-org repos=N,prs=M[,seed=S][,perDay=D]`. */
export function parseGenerateOrgSpec(text: string): {
  repos: number
  prs: number
  seed: number
  perDay?: number
} {
  const help = 'expected repos=N,prs=M[,seed=S][,perDay=D] with whole numbers, e.g. repos=12,prs=3000,seed=7'
  const values = new Map<string, number>()
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [key, value] = part.split('=')
    if (!['repos', 'prs', 'seed', 'perDay'].includes(key) || !/^\d{1,15}$/.test(value ?? ''))
      throw new Error(`Invalid --generate-org "${text}": "${part}"; ${help}`)
    if (values.has(key)) throw new Error(`Invalid --generate-org "${text}": "${key}" is given twice; ${help}`)
    values.set(key, Number(value))
  }
  const repos = values.get('repos')
  const prs = values.get('prs')
  if (repos === undefined || prs === undefined) throw new Error(`Invalid --generate-org "${text}": ${help}`)
  if (repos < 1 || repos > MAX_REPOS)
    throw new Error(`Invalid --generate-org "${text}": repos must be from 1 to ${MAX_REPOS}`)
  if (prs < repos || prs > MAX_PRS)
    throw new Error(`Invalid --generate-org "${text}": prs must be from repos (${repos}) to ${MAX_PRS}`)
  const perDay = values.get('perDay')
  if (perDay !== undefined && (perDay < 1 || perDay > 10_000))
    throw new Error(`Invalid --generate-org "${text}": perDay must be from 1 to 10000`)
  return { repos, prs, seed: values.get('seed') ?? DEFAULT_SEED, ...(perDay ? { perDay } : {}) }
}

/** Node ids made unique across the organization (the generator's ids depend only on numbers). */
function reidentify(seed: SeedRepository, index: number): SeedRepository {
  if (index === 0) return seed
  const tag = index.toString(36).padStart(2, '0')
  return {
    ...seed,
    pulls: seed.pulls.map((p) => ({ ...p, id: nodeId(`PR_kwDO${tag}`, p.databaseId) })),
    issues: seed.issues.map((i) => ({ ...i, id: nodeId(`I_kwDO${tag}`, i.databaseId) })),
    releases: seed.releases.map((r) => ({ ...r, id: nodeId(`RE_kwDO${tag}`, r.databaseId) })),
    deployments: seed.deployments.map((d) => ({ ...d, id: nodeId(`DE_kwDO${tag}`, d.databaseId) }))
  }
}

export function generateOrganization(options: GenerateOrgOptions): SeedRepository[] {
  const { repos, prs, seed = DEFAULT_SEED, owner = 'acme-labs', skew = 1.1 } = options
  if (!Number.isInteger(repos) || repos < 1 || repos > MAX_REPOS)
    throw new Error(`generateOrganization: repos must be a whole number from 1 to ${MAX_REPOS}, got ${repos}`)
  const sizes = zipfSplit(repos, prs, skew)
  const settings = new Random(seed, 90)
  return sizes.map((size, index) => {
    const repository = generateRepository({
      prs: size,
      // Separate streams per repository: other people's timing, other oids.
      seed: seed * MAX_REPOS + index,
      owner,
      name: repositoryName(index),
      until: options.until,
      prsPerWorkingDay: options.prsPerWorkingDay
    })
    // The biggest repository stays a public, active source repository; the others vary.
    const roll = index === 0 ? 0 : settings.next()
    const visibility: RepositoryVisibility = roll < 0.55 ? 'private' : roll < 0.7 ? 'internal' : 'public'
    const topics = [...new Set([settings.pick(TOPICS), settings.pick(TOPICS)])].sort()
    return {
      ...reidentify(repository, index),
      visibility: index === 0 ? 'public' : visibility,
      archived: index > 0 && settings.chance(0.12),
      fork: index > 0 && settings.chance(0.08),
      topics,
      description: `${repositoryName(index)} (generated, ${size} pull requests)`
    }
  })
}

/**
 * Seeds as repositories of one organization `login` (every owner renamed to it); without a login
 * each keeps its own owner (datasets of one owner make one organization). Names must differ.
 */
export function intoOrganization(seeds: SeedRepository[], login?: string): SeedRepository[] {
  if (!seeds.length) throw new Error('intoOrganization: no seeds')
  if (!login) return seeds
  const names = new Set<string>()
  return seeds.map((s) => {
    const key = s.name.toLowerCase()
    if (names.has(key))
      throw new Error(`two datasets are both named "${s.name}"; one organization cannot hold both`)
    names.add(key)
    return { ...s, owner: login, ownerIsOrganization: true }
  })
}
