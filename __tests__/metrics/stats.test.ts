import {
  bucketIndex,
  makeBuckets,
  quantileSorted,
  summarize,
  DistCollector
} from '../../src/metrics/stats.js'

describe('summarize', () => {
  it('gives count, mean, type-7 median and p90, min and max', () => {
    // Sorted: 1 2 3 4 10. p90 position (5-1)*0.9 = 3.6 → 4 + 0.6*(10-4) = 7.6.
    expect(summarize([10, 1, 3, 2, 4])).toEqual({ count: 5, mean: 4, median: 3, p90: 7.6, min: 1, max: 10 })
  })
  it('interpolates the median of an even count', () => {
    expect(summarize([1, 2, 3, 4]).median).toBe(2.5)
  })
  it('gives a single value for every figure of a one-value distribution', () => {
    expect(summarize([42])).toEqual({ count: 1, mean: 42, median: 42, p90: 42, min: 42, max: 42 })
  })
  it('is { count: 0 } when empty', () => {
    expect(summarize([])).toEqual({ count: 0 })
  })
  it('rounds to 3 decimals', () => {
    expect(summarize([1, 1, 2]).mean).toBe(1.333)
  })
  it('sorts numerically, not as text', () => {
    expect(summarize([100, 9, 20]).median).toBe(20)
  })
  it('matches quantile type 7 at the ends', () => {
    expect(quantileSorted([1, 5, 9], 0)).toBe(1)
    expect(quantileSorted([1, 5, 9], 1)).toBe(9)
    expect(quantileSorted([1, 5, 9], 0.25)).toBe(3)
  })
})

describe('buckets', () => {
  it('starts weeks on Monday at local midnight', () => {
    // Wednesday 2026-11-04 → the week of Monday 2026-11-02, in Berlin (UTC+1 in November).
    const b = makeBuckets(
      Date.parse('2026-11-04T12:00:00Z'),
      Date.parse('2026-11-20T00:00:00Z'),
      'week',
      'Europe/Berlin'
    )
    expect(b.labels).toEqual([
      '2026-11-02T00:00:00+01:00',
      '2026-11-09T00:00:00+01:00',
      '2026-11-16T00:00:00+01:00'
    ])
  })
  it('follows a daylight-saving change: the day of the change is 25 hours long', () => {
    // Europe/Berlin leaves summer time on 2025-10-26 at 03:00 local.
    const b = makeBuckets(
      Date.parse('2025-10-24T22:00:00Z'),
      Date.parse('2025-10-28T23:00:00Z'),
      'day',
      'Europe/Berlin'
    )
    expect(b.labels).toEqual([
      '2025-10-25T00:00:00+02:00',
      '2025-10-26T00:00:00+02:00',
      '2025-10-27T00:00:00+01:00',
      '2025-10-28T00:00:00+01:00'
    ])
    expect(b.starts[2] - b.starts[1]).toBe(25 * 3600 * 1000)
    // 23:30 UTC on the 26th is 00:30 local on the 27th.
    expect(bucketIndex(b, Date.parse('2025-10-26T23:30:00Z'))).toBe(2)
    expect(bucketIndex(b, Date.parse('2025-10-26T22:59:59Z'))).toBe(1)
  })
  it('months have their own lengths', () => {
    const b = makeBuckets(
      Date.parse('2026-01-15T00:00:00Z'),
      Date.parse('2026-04-01T00:00:00Z'),
      'month',
      'UTC'
    )
    expect(b.labels).toEqual(['2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z'])
  })
  it('puts nothing outside [since, until)', () => {
    const since = Date.parse('2026-11-02T00:00:00Z')
    const until = Date.parse('2026-11-03T00:00:00Z')
    const b = makeBuckets(since, until, 'day', 'UTC')
    expect(bucketIndex(b, since - 1)).toBe(-1)
    expect(bucketIndex(b, since)).toBe(0)
    expect(bucketIndex(b, until)).toBe(-1)
  })
  it('an empty window has no values and still lists its buckets', () => {
    const b = makeBuckets(
      Date.parse('2026-11-02T00:00:00Z'),
      Date.parse('2026-11-04T00:00:00Z'),
      'day',
      'UTC'
    )
    expect(new DistCollector(b).result()).toEqual({
      count: 0,
      buckets: [
        { start: '2026-11-02T00:00:00Z', count: 0 },
        { start: '2026-11-03T00:00:00Z', count: 0 }
      ]
    })
  })
  it('rejects an unknown timezone with a clear message', () => {
    expect(() => makeBuckets(0, 1, 'day', 'Mars/Olympus')).toThrow(/Invalid timezone 'Mars\/Olympus'/)
  })
})
