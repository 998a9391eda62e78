import { Walker, type WalkerCheckpoint } from '../../src/github/walker.js'

const more = (endCursor: string) => ({ hasNextPage: true, endCursor })
const last = { hasNextPage: false, endCursor: null }

describe('Walker', () => {
  it('backfills oldest first, then catches up from the front down to the backfill’s starting point', () => {
    const w = new Walker('pulls', undefined, { ascendingBackfill: true, since: null })
    expect(w.mode).toBe('backfill')
    expect(w.needsTop).toBe(true)
    expect(
      w.consume(['2024-01-01T00:00:00Z', '2024-02-01T00:00:00Z'], more('c1'), '2024-06-01T00:00:00Z')
    ).toEqual({ keep: 2 })
    expect(w.needsTop).toBe(false)
    expect(w.cursor).toBe('c1')
    expect(w.consume(['2024-03-01T00:00:00Z'], last)).toEqual({ keep: 1 })
    // Catch-up: newest updated first, stops below the backfill's top.
    expect(w.mode).toBe('desc')
    expect(w.cursor).toBeNull()
    expect(w.target).toBe('2024-06-01T00:00:00Z')
    expect(
      w.consume(['2024-07-01T00:00:00Z', '2024-06-01T00:00:00Z', '2024-05-01T00:00:00Z'], more('x'))
    ).toEqual({ keep: 2 })
    expect(w.active).toBe(false)
    expect(w.complete).toBe(true)
    const cp = w.checkpoint()
    expect(cp).toMatchObject({ highWater: '2024-07-01T00:00:00Z', pass: null })
    // The next run starts a pass from the front with the new high-water mark.
    const next = new Walker('pulls', cp, { ascendingBackfill: true, since: null })
    expect(next.mode).toBe('desc')
    expect(next.target).toBe('2024-07-01T00:00:00Z')
  })

  it('a pass resumed from a stored cursor is followed by a pass from the front', () => {
    const stored: WalkerCheckpoint = {
      v: 1,
      coverage: null,
      highWater: '2024-01-01T00:00:00Z',
      headId: null,
      pendingSince: null,
      pass: { mode: 'desc', cursor: 'c9', target: '2024-01-01T00:00:00Z', top: '2024-05-01T00:00:00Z' }
    }
    const w = new Walker('issues', stored, { ascendingBackfill: true, since: null })
    expect(w.cursor).toBe('c9')
    w.consume(['2024-02-01T00:00:00Z', '2023-12-01T00:00:00Z'], more('c10'))
    // Done with the resumed pass, but not up to date: what changed meanwhile is in front.
    expect(w.active).toBe(true)
    expect(w.cursor).toBeNull()
    expect(w.target).toBe('2024-05-01T00:00:00Z')
    w.consume(['2024-05-02T00:00:00Z', '2024-04-01T00:00:00Z'], more('z'))
    expect(w.complete).toBe(true)
    expect(w.checkpoint().highWater).toBe('2024-05-02T00:00:00Z')
  })

  it('a stored pass that read nothing counts as starting from the front', () => {
    const stored = {
      v: 1,
      coverage: null,
      highWater: '2024-01-01T00:00:00Z',
      headId: null,
      pendingSince: null,
      pass: { mode: 'desc', cursor: null, target: '2024-01-01T00:00:00Z', top: null }
    }
    const w = new Walker('issues', stored, { ascendingBackfill: true, since: null })
    w.consume(['2023-01-01T00:00:00Z'], last)
    expect(w.complete).toBe(true)
  })

  it('starts over when since reaches before what is stored, and keeps coverage otherwise', () => {
    const cold = new Walker('pulls', undefined, { ascendingBackfill: true, since: '2024-01-01T00:00:00Z' })
    expect(cold.mode).toBe('desc')
    expect(cold.target).toBe('2024-01-01T00:00:00Z')
    cold.consume(['2024-03-01T00:00:00Z'], last)
    const cp = cold.checkpoint()
    expect(cp.coverage).toBe('2024-01-01T00:00:00Z')
    expect(
      new Walker('pulls', cp, { ascendingBackfill: true, since: '2024-02-01T00:00:00Z' }).reset
    ).toBeNull()
    const earlier = new Walker('pulls', cp, { ascendingBackfill: true, since: null })
    expect(earlier.reset).toMatch(/reaches before/)
    expect(earlier.mode).toBe('backfill')
    expect(new Walker('pulls', { junk: true }, { ascendingBackfill: true, since: null }).reset).toMatch(
      /unknown/
    )
  })

  it('stops at once when the head is unchanged, and reaches back by the lookback otherwise', () => {
    const opts = { ascendingBackfill: false, since: null, lookbackSeconds: 86400, stopAtHeadId: true }
    const w = new Walker('commits', undefined, opts)
    w.consume(['2024-05-02T00:00:00Z', '2024-05-01T00:00:00Z'], last, undefined, ['b', 'a'])
    const cp = w.checkpoint()
    expect(cp.headId).toBe('b')
    const same = new Walker('commits', cp, opts)
    expect(same.target).toBe('2024-05-01T00:00:00Z')
    expect(same.consume(['2024-05-02T00:00:00Z'], more('1'), undefined, ['b'])).toEqual({ keep: 0 })
    expect(same.complete).toBe(true)
    const moved = new Walker('commits', cp, opts)
    expect(
      moved.consume(
        ['2024-05-03T00:00:00Z', '2024-05-02T00:00:00Z', '2024-05-01T00:00:00Z', '2024-04-01T00:00:00Z'],
        more('1'),
        undefined,
        ['c', 'b', 'a', 'z']
      )
    ).toEqual({ keep: 3 })
  })

  it('keeps reaching back to the oldest item that was still changing', () => {
    const w = new Walker('deployments', undefined, { ascendingBackfill: false, since: null })
    w.consume(['2024-05-03T00:00:00Z', '2024-05-01T00:00:00Z'], last, undefined, undefined, [false, true])
    const cp = w.checkpoint()
    expect(cp.pendingSince).toBe('2024-05-01T00:00:00Z')
    expect(new Walker('deployments', cp, { ascendingBackfill: false, since: null }).target).toBe(
      '2024-05-01T00:00:00Z'
    )
  })
})
