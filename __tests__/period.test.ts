import {
  parseWindow,
  parseWorkingHours,
  periodSeries,
  periodsOfWindow,
  resolveWindow,
  sameSeries
} from '../src/period.js'
import type { WindowSpec } from '../src/settings-types.js'
import { parseSettings } from '../src/settings.js'

const week: WindowSpec = { kind: 'calendar', unit: 'week', text: 'week' }
const month: WindowSpec = { kind: 'calendar', unit: 'month', text: 'month' }
const quarter: WindowSpec = { kind: 'calendar', unit: 'quarter', text: 'quarter' }
const days7: WindowSpec = { kind: 'length', days: 7, text: '7d' }

describe('resolveWindow', () => {
  const now = new Date('2026-11-23T06:30:12.345Z') // a Monday

  it('reports the previous Monday–Sunday on a Monday run, named by ISO week', () => {
    expect(resolveWindow({ window: week, since: null, until: null, timezone: 'UTC', now })).toEqual({
      since: '2026-11-16T00:00:00Z',
      until: '2026-11-23T00:00:00Z',
      period: '2026-W47',
      previous: { since: '2026-11-09T00:00:00Z', until: '2026-11-16T00:00:00Z', period: '2026-W46' }
    })
  })

  it('uses local midnight of the timezone', () => {
    const w = resolveWindow({ window: week, since: null, until: null, timezone: 'America/Los_Angeles', now })
    // 06:30Z on Monday is still Sunday night in Los Angeles: the last complete week is W46.
    expect(w).toMatchObject({
      since: '2026-11-09T08:00:00Z',
      until: '2026-11-16T08:00:00Z',
      period: '2026-W46'
    })
  })

  it('uses the ISO week-year at the turn of the year', () => {
    const w = resolveWindow({
      window: week,
      since: null,
      until: '2027-01-05T00:00:00Z',
      timezone: 'UTC',
      now
    })
    expect(w.period).toBe('2026-W53')
    expect(w.since).toBe('2026-12-28T00:00:00Z')
  })

  it('reports the last complete month and quarter', () => {
    expect(resolveWindow({ window: month, since: null, until: null, timezone: 'UTC', now })).toMatchObject({
      since: '2026-10-01T00:00:00Z',
      until: '2026-11-01T00:00:00Z',
      period: '2026-10',
      previous: { period: '2026-09', since: '2026-09-01T00:00:00Z' }
    })
    expect(
      resolveWindow({ window: quarter, since: null, until: '2027-01-02T00:00:00Z', timezone: 'UTC', now })
    ).toMatchObject({
      since: '2026-10-01T00:00:00Z',
      until: '2027-01-01T00:00:00Z',
      period: '2026-Q4',
      previous: { period: '2026-Q3' }
    })
  })

  it('crosses a daylight-saving change by local days', () => {
    // Europe/Berlin leaves summer time on 2026-10-25; the week of the change is 169 hours long.
    const w = resolveWindow({
      window: week,
      since: null,
      until: '2026-10-27T12:00:00Z',
      timezone: 'Europe/Berlin',
      now
    })
    expect(w).toMatchObject({
      since: '2026-10-18T22:00:00Z',
      until: '2026-10-25T23:00:00Z',
      period: '2026-W43'
    })
  })

  it('ends a length window at until, named by its local date and its length', () => {
    expect(resolveWindow({ window: days7, since: null, until: null, timezone: 'UTC', now })).toEqual({
      since: '2026-11-16T06:30:12Z',
      until: '2026-11-23T06:30:12Z',
      period: '2026-11-23-7d',
      previous: { since: '2026-11-09T06:30:12Z', until: '2026-11-16T06:30:12Z', period: '2026-11-16-7d' },
      legacyPeriod: '2026-11-23'
    })
    expect(
      resolveWindow({ window: days7, since: null, until: null, timezone: 'Asia/Tokyo', now }).period
    ).toBe('2026-11-23-7d')
    expect(
      resolveWindow({ window: days7, since: null, until: null, timezone: 'Pacific/Honolulu', now }).period
    ).toBe('2026-11-22-7d')
  })

  it('lets an explicit since and until override the window, named by both ends', () => {
    expect(
      resolveWindow({ window: week, since: '2026-01-01', until: '2026-02-01', timezone: 'UTC', now })
    ).toEqual({
      since: '2026-01-01T00:00:00Z',
      until: '2026-02-01T00:00:00Z',
      period: '2026-01-01-to-2026-02-01',
      previous: {
        since: '2025-12-01T00:00:00Z',
        until: '2026-01-01T00:00:00Z',
        period: '2025-12-01-to-2026-01-01'
      },
      legacyPeriod: '2026-02-01'
    })
  })

  describe('period names never collide between windows', () => {
    const resolve = (window: WindowSpec, since: string | null, until: string | null, timezone = 'UTC') =>
      resolveWindow({ window, since, until, timezone, now })
    const days30: WindowSpec = { kind: 'length', days: 30, text: '30d' }

    it('gives a 7-day and a 30-day report ending on the same day different names', () => {
      const until = '2026-11-23T06:00:00Z'
      expect(resolve(days7, null, until).period).toBe('2026-11-23-7d')
      expect(resolve(days30, null, until).period).toBe('2026-11-23-30d')
      // Both had the same name before: `2026-11-23`.
      expect(resolve(days7, null, until).legacyPeriod).toBe(resolve(days30, null, until).legacyPeriod)
    })

    it('names a length by its days, so 2w and 14d are the same window and 1m is 30d', () => {
      const until = '2026-11-23T06:00:00Z'
      expect(resolve({ kind: 'length', days: 14, text: '2w' }, null, until).period).toBe('2026-11-23-14d')
      expect(resolve({ kind: 'length', days: 14, text: '14d' }, null, until).period).toBe('2026-11-23-14d')
      expect(resolve({ kind: 'length', days: 30, text: '1m' }, null, until).period).toBe(
        resolve(days30, null, until).period
      )
    })

    it('keeps one name for runs of the same window on the same day', () => {
      expect(resolve(days7, null, '2026-11-23T01:00:00Z').period).toBe(
        resolve(days7, null, '2026-11-23T22:00:00Z').period
      )
    })

    it('tells explicit windows with different starts apart, the time of day included', () => {
      const a = resolve(week, '2026-11-01', '2026-11-23').period
      const b = resolve(week, '2026-11-02', '2026-11-23').period
      const c = resolve(week, '2026-11-01T09:30:00Z', '2026-11-23').period
      expect([a, b, c]).toEqual([
        '2026-11-01-to-2026-11-23',
        '2026-11-02-to-2026-11-23',
        '2026-11-01T0930-to-2026-11-23'
      ])
      // In the report's timezone: midnight in Berlin is a date alone.
      expect(resolve(week, '2026-11-01', '2026-11-23', 'Europe/Berlin').period).toBe(
        '2026-11-01-to-2026-11-23'
      )
    })

    it('keeps calendar names, which already said which window', () => {
      expect(resolve(week, null, null)).not.toHaveProperty('legacyPeriod')
    })
  })

  it('explains bad input', () => {
    expect(() =>
      resolveWindow({ window: week, since: null, until: null, timezone: 'Nowhere/City', now })
    ).toThrow(/Invalid timezone 'Nowhere\/City'/)
    expect(() =>
      resolveWindow({ window: week, since: 'yesterday', until: null, timezone: 'UTC', now })
    ).toThrow(/Invalid since 'yesterday'/)
    expect(() =>
      resolveWindow({ window: week, since: '2026-12-01', until: '2026-11-01', timezone: 'UTC', now })
    ).toThrow(/since must be before until/)
  })
})

describe('periodsOfWindow', () => {
  it('names a stored window as an explicit one, and as a length when it is whole local days', () => {
    expect(periodsOfWindow('2026-11-16T06:30:12Z', '2026-11-23T06:30:12Z', 'UTC')).toEqual([
      '2026-11-16T063012-to-2026-11-23',
      '2026-11-23-7d'
    ])
    expect(periodsOfWindow('2026-11-01T00:00:00Z', '2026-11-23T12:00:00Z', 'UTC')).toEqual([
      '2026-11-01-to-2026-11-23'
    ])
  })

  it('counts local days across a daylight-saving change', () => {
    // Europe/Berlin leaves summer time on 2026-10-25: 7 local days are 169 hours.
    expect(periodsOfWindow('2026-10-19T08:00:00Z', '2026-10-26T09:00:00Z', 'Europe/Berlin')).toContain(
      '2026-10-26-7d'
    )
  })

  it('names nothing for an empty or unreadable window', () => {
    expect(periodsOfWindow('2026-11-23T00:00:00Z', '2026-11-23T00:00:00Z', 'UTC')).toEqual([])
    expect(periodsOfWindow('soon', '2026-11-23T00:00:00Z', 'UTC')).toEqual([])
  })
})

describe('period series (whose issue is the previous one of which)', () => {
  it('names the series of every kind of name', () => {
    expect(
      [
        '2026-W47',
        '2026-11',
        '2026-Q4',
        '2026-11-23-7d',
        '2026-11-01-to-2026-11-23',
        '2026-11-23',
        'custom'
      ].map(periodSeries)
    ).toEqual(['week', 'month', 'quarter', '7d', 'span', 'date', 'custom'])
  })

  it('keeps a 7-day and a 30-day series apart, and lets an old date name be either', () => {
    expect(sameSeries('2026-11-23-7d', '2026-11-16-7d')).toBe(true)
    expect(sameSeries('2026-11-23-7d', '2026-11-23-30d')).toBe(false)
    expect(sameSeries('2026-W47', '2026-11')).toBe(false)
    expect(sameSeries('2026-11-24-7d', '2026-11-23')).toBe(true)
    expect(sameSeries('2026-11-01-to-2026-11-23', '2026-11-23')).toBe(true)
    expect(sameSeries('2026-W47', '2026-11-23')).toBe(false)
  })
})

describe('parseWindow', () => {
  it('reads lengths and calendar units', () => {
    expect(parseWindow('7d')).toEqual({ ok: true, value: { kind: 'length', days: 7, text: '7d' } })
    expect(parseWindow('2w')).toEqual({ ok: true, value: { kind: 'length', days: 14, text: '2w' } })
    expect(parseWindow(' 3M ')).toEqual({ ok: true, value: { kind: 'length', days: 90, text: '3m' } })
    expect(parseWindow('Quarter')).toEqual({
      ok: true,
      value: { kind: 'calendar', unit: 'quarter', text: 'quarter' }
    })
  })
  it('refuses what it cannot read, saying what would work', () => {
    const bad = parseWindow('fortnight')
    expect(bad.ok).toBe(false)
    expect(!bad.ok && bad.message).toMatch(/'fortnight' is not a window: use a length such as 7d/)
    expect(parseWindow('0d').ok).toBe(false)
    expect(parseWindow('9999m').ok).toBe(false)
  })
})

describe('parseWorkingHours', () => {
  it('reads day ranges, day lists and times', () => {
    expect(parseWorkingHours('Mon-Fri 09:00-17:00', ['2026-12-25'])).toEqual({
      ok: true,
      value: {
        days: [1, 2, 3, 4, 5],
        start: 540,
        end: 1020,
        holidays: ['2026-12-25'],
        text: 'Mon-Fri 09:00-17:00'
      }
    })
    expect(parseWorkingHours('Mon,Wed,Fri 08:30-16:00', [])).toMatchObject({
      ok: true,
      value: { days: [1, 3, 5], start: 510, end: 960 }
    })
    expect(parseWorkingHours('Sun-Thu 08:00-24:00', [])).toMatchObject({
      ok: true,
      value: { days: [1, 2, 3, 4, 7], end: 1440 }
    })
  })
  it('refuses bad ranges, days, times and holidays', () => {
    expect(parseWorkingHours('weekdays', [])).toMatchObject({ ok: false })
    expect(parseWorkingHours('Mon-Fry 09:00-17:00', [])).toMatchObject({
      ok: false,
      message: expect.stringContaining("'Mon-Fry'")
    })
    expect(parseWorkingHours('Mon-Fri 17:00-09:00', [])).toMatchObject({
      ok: false,
      message: expect.stringContaining('before it starts')
    })
    expect(parseWorkingHours('Mon-Fri 09:00-25:00', [])).toMatchObject({ ok: false })
    expect(parseWorkingHours('Mon-Fri 09:00-17:00', ['25/12/2026'])).toMatchObject({
      ok: false,
      message: expect.stringContaining('YYYY-MM-DD')
    })
  })
})

describe('the checks period shares with the settings', () => {
  const now = new Date('2026-11-23T06:30:12.345Z')
  const texts = [
    '2026-01-01',
    '2026-01-01T10:00:00Z',
    '2026-01-01T10:00:00.000+02:00',
    '2026-01-01T10:00',
    '2026-02-30',
    '2026-13-01T00:00:00Z',
    'yesterday',
    '01/02/2026'
  ]
  const settingsAccept = (name: string, value: string): boolean =>
    parseSettings((input) => ({ token: 't', [name]: value })[input] ?? '', { GITHUB_REPOSITORY: 'o/r' }).ok

  it.each(texts)('accepts %p as since exactly when the settings do', (text) => {
    const resolve = () =>
      resolveWindow({
        window: { kind: 'length', days: 7, text: '7d' },
        since: text,
        until: '2027-01-01',
        timezone: 'UTC',
        now
      })
    if (settingsAccept('since', text)) expect(resolve).not.toThrow()
    else expect(resolve).toThrow(/Invalid since/)
  })

  it.each(['UTC', 'Europe/Berlin', 'Mars/Olympus', 'berlin', 'UTC+3'])(
    'accepts the zone %p exactly when the settings do',
    (zone) => {
      const resolve = () => resolveWindow({ window: week, since: null, until: null, timezone: zone, now })
      if (settingsAccept('timezone', zone)) expect(resolve).not.toThrow()
      else expect(resolve).toThrow(/Invalid timezone/)
    }
  )

  it('refuses holidays that are not calendar dates, as the settings do', () => {
    expect(settingsAccept('holidays', '2026-02-30')).toBe(false)
    expect(parseWorkingHours('Mon-Fri 09:00-17:00', ['2026-02-30'])).toMatchObject({ ok: false })
  })
})
