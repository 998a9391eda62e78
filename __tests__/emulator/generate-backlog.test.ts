/**
 * The generated open backlog looks like a real repository's: pull requests no one merges or closes
 * soon are mostly closed in the end (tools/github-emulator/generate/pulls.ts closeAbandoned), so
 * open pull requests do not pile up with the years of history (bitcoin-core-gui: 5 of 488 older than
 * a year still open).
 */
import { generateRepository } from '../../tools/github-emulator/generate.js'

const YEAR = 365 * 86400 * 1000

it('leaves few old pull requests open, and closes abandoned ones months after their last activity', () => {
  // four years of history at 8 pull requests a day
  const r = generateRepository({ prs: 12_000, seed: 3, perDay: 8 } as Parameters<
    typeof generateRepository
  >[0])
  const until = Date.parse(r.pulls.at(-1)!.createdAt)
  const old = r.pulls.filter((p) => Date.parse(p.createdAt) < until - 2 * YEAR)
  const stillOpen = old.filter((p) => !p.events.some((e) => e.type === 'ClosedEvent'))
  expect(old.length).toBeGreaterThan(5000)
  expect(stillOpen.length / old.length).toBeLessThan(0.025)
  expect(stillOpen.length).toBeGreaterThan(0)
  // closed without a merge, long after the rest of their life: the abandoned ones
  const lateCloses = old.filter((p) => {
    const closed = p.events.filter((e) => e.type === 'ClosedEvent')
    if (closed.length !== 1 || p.events.some((e) => e.type === 'MergedEvent')) return false
    const before = p.events.filter((e) => e !== closed[0]).map((e) => Date.parse(e.createdAt))
    const last = Math.max(Date.parse(p.createdAt), ...before)
    return Date.parse(closed[0].createdAt) - last > 28 * 86400 * 1000
  })
  expect(lateCloses.length / old.length).toBeGreaterThan(0.05)
})
