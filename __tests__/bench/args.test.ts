/** The bench's argument handling and the snapshot comparison behind its `identical` figure. */
import { DEFAULT_ARGS, parseBenchArgs } from '../../tools/bench/args.js'
import { differingPaths } from '../../tools/bench/compare.js'

describe('parseBenchArgs', () => {
  test('the steady scenario takes --prs, --seed, --profile, --entry and --json', () => {
    const { args, problems } = parseBenchArgs([
      '--scenario',
      'steady',
      '--prs',
      '100000',
      '--seed=7',
      '--profile',
      'lenient',
      '--entry',
      'src',
      '--json',
      'out.json'
    ])
    expect(problems).toEqual([])
    expect(args).toEqual({
      ...DEFAULT_ARGS,
      scenario: 'steady',
      prs: 100000,
      seed: 7,
      profile: 'lenient',
      entry: 'src',
      json: 'out.json'
    })
  })

  test('the existing scenarios keep their defaults', () => {
    expect(parseBenchArgs([]).args).toEqual(DEFAULT_ARGS)
    expect(DEFAULT_ARGS.scenario).toBe('pipeline')
    expect(parseBenchArgs(['--scenario', 'concurrency', '--writers', '4']).args).toMatchObject({
      scenario: 'concurrency',
      writers: 4
    })
  })

  test('every problem is named, at once', () => {
    const { problems } = parseBenchArgs([
      '--prs',
      '-5',
      '--profile',
      'strict',
      '--scenario',
      'fast',
      '--json',
      '--seed',
      '1.5',
      '--bogus'
    ])
    expect(problems).toEqual([
      "--prs takes a positive whole number, not '-5'",
      "--profile is github or lenient, not 'strict'",
      "--scenario is pipeline or concurrency or steady or org, not 'fast'",
      '--json takes the path of the file to write',
      "--seed takes a positive whole number, not '1.5'",
      'unknown option --bogus'
    ])
  })
})

describe('parseBenchArgs: the org scenario', () => {
  test('takes --repos, --prs, --shards, --profile, --max-runs and --json', () => {
    const { args, problems } = parseBenchArgs([
      '--scenario',
      'org',
      '--repos',
      '200',
      '--prs=50000',
      '--shards',
      '6',
      '--profile',
      'github',
      '--max-runs',
      '3',
      '--json',
      'org.json'
    ])
    expect(problems).toEqual([])
    expect(args).toEqual({
      ...DEFAULT_ARGS,
      scenario: 'org',
      repos: 200,
      prs: 50000,
      shards: 6,
      profile: 'github',
      maxRuns: 3,
      json: 'org.json'
    })
  })

  test('defaults to 12 repositories in 4 shards', () => {
    expect(parseBenchArgs(['--scenario', 'org']).args).toMatchObject({
      scenario: 'org',
      repos: 12,
      shards: 4
    })
  })

  test('--repos is a positive whole number up to 1,000, and never more than --prs', () => {
    expect(parseBenchArgs(['--scenario', 'org', '--repos', '0']).problems).toEqual([
      "--repos takes a positive whole number, not '0'"
    ])
    expect(parseBenchArgs(['--repos', '--prs', '10']).problems).toEqual([
      "--repos takes a positive whole number, not ''"
    ])
    expect(parseBenchArgs(['--scenario', 'org', '--repos', '1001', '--prs', '5000']).problems).toEqual([
      '--repos takes at most 1000, not 1001'
    ])
    expect(parseBenchArgs(['--scenario', 'org', '--repos', '50', '--prs', '20']).problems).toEqual([
      '--prs (20) must be at least --repos (50): one pull request per repository'
    ])
    // Only the org scenario splits pull requests over repositories.
    expect(parseBenchArgs(['--scenario', 'steady', '--repos', '50', '--prs', '20']).problems).toEqual([])
  })
})

describe('differingPaths', () => {
  const base = {
    generatedAt: '2026-12-07T08:00:00Z',
    period: '2026-12-07-90d',
    metrics: { reviewTurnaround: { median: 3.5, count: 10 } },
    details: { pulls: [{ number: 1 }, { number: 2 }] }
  }

  test('equal figures with another generatedAt are identical', () => {
    expect(differingPaths(base, { ...base, generatedAt: '2026-12-07T09:00:00Z' })).toEqual([])
  })

  test('each differing figure is named by its path', () => {
    const other = {
      ...base,
      metrics: { reviewTurnaround: { median: 4, count: 10 }, cycleTime: { median: 1 } },
      details: { pulls: [{ number: 1 }, { number: 3 }, { number: 4 }] }
    }
    expect(differingPaths(base, other)).toEqual([
      'details.pulls.length',
      'details.pulls[1].number',
      'metrics.cycleTime',
      'metrics.reviewTurnaround.median'
    ])
  })
})

describe('steady scenario history density', () => {
  it('keeps the 100k density for bigger histories, so they are longer, not busier', async () => {
    const { steadyGenerateSpec } = await import('../../tools/bench/steady.js')
    const { parseGenerateSpec, generateRepository } = await import('../../tools/github-emulator/generate.js')
    expect(steadyGenerateSpec(3000, 1)).toBe('prs=3000,seed=1')
    expect(parseGenerateSpec(steadyGenerateSpec(300_000, 2))).toEqual({ prs: 300_000, seed: 2, perDay: 38 })
    expect(() => parseGenerateSpec('prs=10,perDay=0')).toThrow('perDay')
    const span = (perDay?: number) => {
      const seed = generateRepository({ prs: 400, seed: 1, prsPerWorkingDay: perDay })
      const times = seed.pulls.map((p) => Date.parse(p.createdAt))
      return Math.max(...times) - Math.min(...times)
    }
    expect(span(4)).toBeGreaterThan(span(16) * 3)
  })
})
