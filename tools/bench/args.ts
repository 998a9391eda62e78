/** The bench's command line (tools/bench/cli.ts), parsed without side effects so that it can be tested. */

export type Scenario = 'pipeline' | 'concurrency' | 'steady' | 'org'

/** Most repositories the org scenario generates (the emulator's generator takes up to 1,000). */
export const MAX_BENCH_REPOS = 1000

export interface BenchArgs {
  scenario: Scenario
  /** Request budget of each sync run (pipeline scenario). */
  runBudget: number
  prs: number
  seed: number
  json: string | null
  writers: number
  /** Emulator profile of the steady scenario. */
  profile: 'github' | 'lenient'
  /** What the steady scenario runs: the bundle (dist/index.js, as the Actions runner does) or src/ through tsx. */
  entry: 'dist' | 'src'
  /** Most report runs the backfill may take before the steady scenario gives up on it (org: hourly windows, at most 8). */
  maxRuns: number
  /** Repositories of the org scenario's generated organization (`--prs` is split over them). */
  repos: number
  /** The org scenario's `shards` input (matrix jobs of org-sync). */
  shards: number
}

export const DEFAULT_ARGS: BenchArgs = {
  scenario: 'pipeline',
  runBudget: 800,
  prs: 2000,
  seed: 1,
  json: null,
  writers: 8,
  profile: 'github',
  entry: 'dist',
  maxRuns: 100,
  repos: 12,
  shards: 4
}

/** The arguments, or every problem with them. */
export function parseBenchArgs(argv: string[]): { args: BenchArgs; problems: string[] } {
  const args: BenchArgs = { ...DEFAULT_ARGS }
  const problems: string[] = []
  const choice = <T extends string>(
    flag: string,
    value: string | undefined,
    allowed: readonly T[]
  ): T | null => {
    if (value !== undefined && (allowed as readonly string[]).includes(value)) return value as T
    problems.push(`${flag} is ${allowed.join(' or ')}, not '${value ?? ''}'`)
    return null
  }
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2)
    // A value is never the next option: `--json --seed 1` leaves --seed to be read as an option.
    const takes = () => {
      if (inline !== undefined) return inline
      if (argv[i + 1] === undefined || argv[i + 1].startsWith('--')) return undefined
      return argv[++i]
    }
    const num = (): number => {
      const next = takes()
      const n = Number(next)
      if (next === undefined || !/^\d+$/.test(next) || n <= 0) {
        problems.push(`${flag} takes a positive whole number, not '${next ?? ''}'`)
        return 0
      }
      return n
    }
    if (flag === '--prs') args.prs = num()
    else if (flag === '--seed') args.seed = num()
    else if (flag === '--writers') args.writers = num()
    else if (flag === '--run-budget') args.runBudget = num()
    else if (flag === '--max-runs') args.maxRuns = num()
    else if (flag === '--repos') {
      const n = num()
      if (n > MAX_BENCH_REPOS) problems.push(`--repos takes at most ${MAX_BENCH_REPOS}, not ${n}`)
      else args.repos = n
    } else if (flag === '--shards') args.shards = num()
    else if (flag === '--json') {
      const next = takes()
      if (next === undefined || next === '') problems.push('--json takes the path of the file to write')
      else args.json = next
    } else if (flag === '--scenario')
      args.scenario =
        choice('--scenario', takes(), ['pipeline', 'concurrency', 'steady', 'org']) ?? args.scenario
    else if (flag === '--profile')
      args.profile = choice('--profile', takes(), ['github', 'lenient']) ?? args.profile
    else if (flag === '--entry') args.entry = choice('--entry', takes(), ['dist', 'src']) ?? args.entry
    else problems.push(`unknown option ${argv[i]}`)
  }
  // Every generated repository has at least one pull request.
  if (args.scenario === 'org' && args.prs > 0 && args.repos > 0 && args.prs < args.repos)
    problems.push(
      `--prs (${args.prs}) must be at least --repos (${args.repos}): one pull request per repository`
    )
  return { args, problems }
}
