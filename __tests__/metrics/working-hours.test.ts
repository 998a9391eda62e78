import { makeWorkingClock } from '../../src/metrics/working-hours.js'
import type { WorkingHours } from '../../src/settings-types.js'

const nineToFive: WorkingHours = {
  days: [1, 2, 3, 4, 5],
  start: 540,
  end: 1020,
  holidays: [],
  text: 'Mon-Fri 09:00-17:00'
}
const t = (iso: string): number => Date.parse(iso)

describe('working-hours clock', () => {
  const clock = makeWorkingClock(nineToFive, 'UTC', t('2026-11-01T00:00:00Z'), t('2026-11-30T00:00:00Z'))
  it('counts only the working part of a day', () => {
    expect(clock.seconds(t('2026-11-02T08:00:00Z'), t('2026-11-02T10:00:00Z'))).toBe(3600)
    expect(clock.seconds(t('2026-11-02T16:00:00Z'), t('2026-11-02T20:00:00Z'))).toBe(3600)
  })
  it('skips nights and weekends', () => {
    // Friday 16:00 → Monday 10:00: one hour on Friday, one on Monday.
    expect(clock.seconds(t('2026-11-06T16:00:00Z'), t('2026-11-09T10:00:00Z'))).toBe(7200)
    // Saturday to Sunday: nothing.
    expect(clock.seconds(t('2026-11-07T10:00:00Z'), t('2026-11-08T10:00:00Z'))).toBe(0)
  })
  it('skips holidays', () => {
    const withHoliday = makeWorkingClock(
      { ...nineToFive, holidays: ['2026-11-09'] },
      'UTC',
      t('2026-11-01T00:00:00Z'),
      t('2026-11-30T00:00:00Z')
    )
    expect(withHoliday.seconds(t('2026-11-06T16:00:00Z'), t('2026-11-10T10:00:00Z'))).toBe(7200)
  })
  it('uses local time across a daylight-saving change', () => {
    // America/New_York leaves DST on Sunday 2025-11-02: 09:00 local is 13:00Z before, 14:00Z after.
    const ny = makeWorkingClock(
      nineToFive,
      'America/New_York',
      t('2025-10-30T00:00:00Z'),
      t('2025-11-05T00:00:00Z')
    )
    // Friday 2025-10-31 16:00 EDT (20:00Z) → Monday 2025-11-03 10:00 EST (15:00Z): 1 h + 1 h.
    expect(ny.seconds(t('2025-10-31T20:00:00Z'), t('2025-11-03T15:00:00Z'))).toBe(7200)
    // Monday 13:30Z is 08:30 EST, before work starts.
    expect(ny.seconds(t('2025-11-03T13:30:00Z'), t('2025-11-03T14:00:00Z'))).toBe(0)
  })
  it('is zero for an empty or reversed interval', () => {
    expect(clock.seconds(t('2026-11-02T10:00:00Z'), t('2026-11-02T10:00:00Z'))).toBe(0)
    expect(clock.seconds(t('2026-11-02T11:00:00Z'), t('2026-11-02T10:00:00Z'))).toBe(0)
  })
})
