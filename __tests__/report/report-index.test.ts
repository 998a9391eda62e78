import { INDEX_END, INDEX_START, indexLine, updateIndex } from '../../src/report/report-index.js'

const entry = (period: string, firstDay: string, lastDay: string, summary = '') => ({
  period,
  firstDay,
  lastDay,
  summary,
  partial: false
})

describe('reports index', () => {
  it('starts a new index with one line linking the report folder', () => {
    const text = updateIndex(null, entry('2026-W47', '2026-11-16', '2026-11-22', '3 merged'))
    expect(text).toContain('# Engineering metrics reports')
    expect(text).toContain(
      `${INDEX_START}\n- [2026-W47](2026-W47/README.md) · 2026-11-16 to 2026-11-22 · 3 merged\n${INDEX_END}`
    )
  })

  it('is idempotent: the same entry twice gives the same text', () => {
    const once = updateIndex(null, entry('2026-W47', '2026-11-16', '2026-11-22'))
    expect(updateIndex(once, entry('2026-W47', '2026-11-16', '2026-11-22'))).toBe(once)
  })

  it('replaces the line of a re-run period and keeps newest first', () => {
    let text = updateIndex(null, entry('2026-W46', '2026-11-09', '2026-11-15', 'old'))
    text = updateIndex(text, entry('2026-W48', '2026-11-23', '2026-11-29'))
    text = updateIndex(text, entry('2026-W47', '2026-11-16', '2026-11-22'))
    text = updateIndex(text, entry('2026-W46', '2026-11-09', '2026-11-15', 'new'))
    const lines = text.split('\n').filter((l) => l.startsWith('- ['))
    expect(lines.map((l) => l.slice(3, 11))).toEqual(['2026-W48', '2026-W47', '2026-W46'])
    expect(lines[2]).toContain('new')
    expect(text).not.toContain('old')
  })

  it('keeps text the user wrote around the generated list', () => {
    const mine = `# Our metrics\n\nRead these on Mondays.\n\n${INDEX_START}\n${indexLine(entry('2026-10', '2026-10-01', '2026-10-31'))}\n${INDEX_END}\n\nFooter note.\n`
    const text = updateIndex(mine, entry('2026-11', '2026-11-01', '2026-11-30'))
    expect(text.startsWith('# Our metrics\n\nRead these on Mondays.\n')).toBe(true)
    expect(text.trimEnd().endsWith('Footer note.')).toBe(true)
    expect(text.indexOf('[2026-11]')).toBeLessThan(text.indexOf('[2026-10]'))
    expect(updateIndex(text, entry('2026-11', '2026-11-01', '2026-11-30'))).toBe(text)
  })

  it('keeps a hand-written index without markers and adds the list below it', () => {
    const text = updateIndex('Some notes\n', entry('2026-11', '2026-11-01', '2026-11-30'))
    expect(text.startsWith('Some notes\n')).toBe(true)
    expect(text).toContain('[2026-11](2026-11/README.md)')
  })

  it('marks partial reports', () => {
    expect(indexLine({ ...entry('2026-11', '2026-11-01', '2026-11-30'), partial: true })).toContain(
      'partial data'
    )
  })
})
