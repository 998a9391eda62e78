import {
  capMarkdown,
  escapeMarkdown,
  formatChange,
  formatDuration,
  formatLogin,
  formatNumber,
  formatPercent,
  isoDate,
  markdownTable
} from '../../src/report/format.js'

describe('formatDuration', () => {
  it.each([
    [45, '45 s'],
    [0, '0 s'],
    [200, '3 min 20 s'],
    [45 * 60, '45 min'],
    [3 * 3600 + 12 * 60, '3 h 12 min'],
    [3 * 3600, '3 h'],
    [2 * 86400 + 4 * 3600, '2 d 4 h'],
    [5 * 86400, '5 d'],
    [86399, '1 d'],
    [-90, '-1 min 30 s'],
    [null, '–'],
    [Number.NaN, '–']
  ])('%p seconds → %p', (seconds, text) => {
    expect(formatDuration(seconds as number | null)).toBe(text)
  })
})

describe('numbers and percentages', () => {
  it('formats ratios as percentages', () => {
    expect(formatPercent(0.125)).toBe('12.5%')
    expect(formatPercent(0.5)).toBe('50%')
    expect(formatPercent(2 / 9)).toBe('22.2%')
    expect(formatPercent(null)).toBe('–')
  })
  it('formats counts with separators', () => {
    expect(formatNumber(1234)).toBe('1,234')
    expect(formatNumber(2.345)).toBe('2.3')
    expect(formatNumber(undefined)).toBe('–')
  })
  it('takes the calendar date of an ISO time as written', () => {
    expect(isoDate('2026-11-16T00:00:00+01:00')).toBe('2026-11-16')
  })
})

describe('formatChange', () => {
  it('shows the direction and relative size', () => {
    expect(formatChange(150, 100)).toBe('↑ 50%')
    expect(formatChange(95, 100)).toBe('↓ 5%')
    expect(formatChange(100, 100)).toBe('→ same')
  })
  it('uses absolute values when the previous value was zero', () => {
    expect(formatChange(7200, 0, 'duration')).toBe('↑ 2 h')
    expect(formatChange(3, 0, 'count')).toBe('↑ 3')
  })
  it('compares ratios in percentage points', () => {
    expect(formatChange(0.2, 0.5, 'ratio')).toBe('↓ 30 pp')
  })
  it('says nothing without a previous value', () => {
    expect(formatChange(1, null)).toBe('–')
    expect(formatChange(undefined, 3)).toBe('–')
  })
})

describe('escapeMarkdown', () => {
  it('escapes every character that could change the Markdown', () => {
    expect(escapeMarkdown('a\\b*c_d[e]f(g)h<i>j#k|l~m`n')).toBe(
      'a\\\\b\\*c\\_d\\[e\\]f\\(g\\)h\\<i\\>j\\#k\\|l\\~m\\`n'
    )
  })
  it('keeps a title on one line and entities inert', () => {
    expect(escapeMarkdown('one\ntwo\r\nthree &amp;')).toBe('one two three &amp;amp;')
  })
  it('neutralises mentions unless asked not to', () => {
    expect(escapeMarkdown('thanks @octocat and @org/team')).toBe(
      'thanks @&#8203;octocat and @&#8203;org/team'
    )
    expect(escapeMarkdown('thanks @octocat', true)).toBe('thanks @octocat')
    expect(escapeMarkdown('mail a@b.c')).toBe('mail a@&#8203;b.c')
  })
  it('a hostile title cannot open a link, an image or HTML', () => {
    const out = escapeMarkdown('![x](https://evil.example) <img src=x onerror=alert(1)>')
    expect(out).not.toMatch(/(^|[^\\])[[\]()<>]/)
  })
})

describe('formatLogin', () => {
  it('never mentions unless mention is set, and never teams or bots', () => {
    expect(formatLogin('octocat')).toBe('octocat')
    expect(formatLogin('octocat', true)).toBe('@octocat')
    expect(formatLogin('renovate[bot]', true)).toBe('renovate\\[bot\\]')
    expect(formatLogin('team:crypto', true)).toBe('team:crypto')
    expect(formatLogin(null)).toBe('ghost')
  })
})

describe('markdownTable', () => {
  it('writes a header, an alignment row and the rows', () => {
    expect(markdownTable(['A', 'B'], [['x', 1]], ['left', 'right'])).toBe(
      '| A | B |\n| --- | ---: |\n| x | 1 |'
    )
  })
})

describe('capMarkdown', () => {
  it('leaves short text alone', () => {
    expect(capMarkdown('short', 100, 'https://x')).toBe('short')
  })
  it('cuts long text at a line under the limit and keeps the link', () => {
    const text = Array.from({ length: 5000 }, (_, i) => `line ${i}`).join('\n')
    const out = capMarkdown(text, 1000, 'https://example.test/report')
    expect(out.length).toBeLessThanOrEqual(1000)
    expect(out).toContain('https://example.test/report')
    expect(out).toContain('shortened')
    expect(out.startsWith('line 0\nline 1\n')).toBe(true)
  })
})
