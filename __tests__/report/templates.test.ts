import {
  compileTemplate,
  createHelpers,
  loadDefaultTemplate,
  TemplateError
} from '../../src/report/templates.js'

const opts = { mentionReviewers: false }

function errorOf(fn: () => unknown): TemplateError {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(TemplateError)
    return err as TemplateError
  }
  throw new Error('expected a TemplateError')
}

describe('template errors name the file and the line', () => {
  it('syntax error', () => {
    const text = 'line one\nline two\n{{#if ok}}\nunclosed\n'
    const err = errorOf(() => compileTemplate({ name: '.github/report.md.hbs', text }, opts))
    expect(err.file).toBe('.github/report.md.hbs')
    expect(err.message).toMatch(/^Template \.github\/report\.md\.hbs line \d+: syntax error/)
    expect(err.line).toBeGreaterThanOrEqual(3)
  })

  it('mismatched block names the line of the mistake', () => {
    const text = 'a\nb\n{{#if x}}\n{{/each}}\n'
    const err = errorOf(() => compileTemplate({ name: 'r.hbs', text }, opts))
    expect(err.message).toContain('r.hbs line 3')
  })

  it('unknown helper (a typo) before rendering', () => {
    const text = '# Title\n\nTurnaround: {{durration metrics.x}}\n'
    const err = errorOf(() => compileTemplate({ name: 'tpl/report.md.hbs', text }, opts))
    expect(err.line).toBe(3)
    expect(err.message).toContain('unknown helper "durration"')
    expect(err.message).toContain('tpl/report.md.hbs line 3')
  })

  it('unknown helper inside a block and a sub-expression', () => {
    const err = errorOf(() =>
      compileTemplate(
        { name: 'x.hbs', text: '{{#each rows}}\n\n{{#if (bigger a 1)}}y{{/if}}\n{{/each}}' },
        opts
      )
    )
    expect(err.line).toBe(3)
  })

  it('runtime error from a helper names the line', () => {
    const text = 'intro\n\n\n{{table rows "a|A|colour"}}\n'
    const render = compileTemplate({ name: 'bad.hbs', text }, opts)
    const err = errorOf(() => render({ rows: [{ a: 1 }] }))
    expect(err.line).toBe(4)
    expect(err.message).toContain('unknown column format "colour"')
  })
})

describe('helpers', () => {
  const render = (text: string, context: object = {}, mention = false) =>
    compileTemplate({ name: 't', text }, { mentionReviewers: mention })(context)

  it('formats durations, percentages, numbers and changes', () => {
    expect(
      render('{{duration s}} / {{percent r}} / {{number n}} / {{change a b "duration"}}', {
        s: 11520,
        r: 0.25,
        n: 12345,
        a: 7200,
        b: 3600
      })
    ).toBe('3 h 12 min / 25% / 12,345 / ↑ 100%')
  })

  it('does not HTML-escape: output is Markdown', () => {
    expect(render('{{x}}', { x: 'a & b' })).toBe('a & b')
    expect(render('{{md x}}', { x: 'a_b @who' })).toBe('a\\_b @&#8203;who')
  })

  it('writes logins without @ unless mention-reviewers', () => {
    expect(render('{{login l}}', { l: 'octocat' })).toBe('octocat')
    expect(render('{{login l}}', { l: 'octocat' }, true)).toBe('@octocat')
  })

  it('builds tables with formats and right-aligned numbers', () => {
    const out = render('{{table rows "name|Name" "secs|Median|duration" "n|Count|number"}}', {
      rows: [{ name: 'a|b', secs: 90, n: 3 }]
    })
    expect(out).toBe('| Name | Median | Count |\n| --- | ---: | ---: |\n| a\\|b | 1 min 30 s | 3 |')
    expect(render('{{table rows "a|A"}}', { rows: [] })).toBe('')
  })

  it('offers comparison helpers for conditions', () => {
    expect(render('{{#if (gt n 2)}}many{{else}}few{{/if}}', { n: 3 })).toBe('many')
    expect(render('{{#if (eq s "x")}}yes{{/if}}', { s: 'x' })).toBe('yes')
    expect(Object.keys(createHelpers(opts)).sort()).toEqual(
      [
        'change',
        'date',
        'default',
        'duration',
        'eq',
        'gt',
        'login',
        'md',
        'number',
        'percent',
        'table'
      ].sort()
    )
  })
})

describe('default templates', () => {
  it('are bundled and compile', () => {
    for (const which of ['report', 'issue'] as const) {
      const tpl = loadDefaultTemplate(which)
      expect(tpl.name).toBe(`templates/${which}.md.hbs`)
      expect(() => compileTemplate(tpl, opts)).not.toThrow()
    }
  })
})
