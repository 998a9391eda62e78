import { describeProgress, inCi, terminalLogger, type TerminalStream } from '../../src/cli/terminal.js'

function stream(isTTY: boolean): TerminalStream & { text: string } {
  const out = { text: '', isTTY, columns: 200, write: (t: string) => (out.text += t) }
  return out
}

const settle = () => new Promise((resolve) => setImmediate(resolve))

describe('progress on a terminal', () => {
  it('is one line, rewritten in place, with counts against totals and the requests', () => {
    const out = stream(true)
    const log = terminalLogger({ stream: out, env: {}, requests: () => ({ used: 3, budget: 40 }) })
    expect(log.live).toBe(true)
    log.progress({ collection: 'pull requests', read: 50, total: 1200 })
    log.progress({ collection: 'issues', read: 12, total: null })
    log.progress({ collection: 'pull requests', read: 100, total: 1200 })
    expect(out.text.split('\r\x1b[2K').filter(Boolean)).toEqual([
      'syncing: pull requests 50/1,200 · 3/40 requests',
      'syncing: pull requests 50/1,200, issues 12 read · 3/40 requests',
      'syncing: pull requests 100/1,200, issues 12 read · 3/40 requests'
    ])
    expect(out.text).not.toContain('\n')
  })

  it('clears the line for a message, then draws it again; done() removes it', () => {
    const out = stream(true)
    const log = terminalLogger({ stream: out, env: {} })
    log.progress({ collection: 'commits', read: 5, total: 10 })
    log.warning('slow')
    log.done()
    log.tick()
    expect(out.text).toBe(
      '\r\x1b[2Ksyncing: commits 5/10\r\x1b[2Kwarning: slow\n\r\x1b[2Ksyncing: commits 5/10\r\x1b[2K'
    )
  })
})

describe('progress in CI logs and pipes', () => {
  it('is a plain line per round, no carriage returns, at most one per interval', async () => {
    let now = 0
    const out = stream(false)
    const log = terminalLogger({ stream: out, env: {}, now: () => now, plainEvery: 10_000 })
    expect(log.live).toBe(false)
    log.progress({ collection: 'pull requests', read: 50, total: 150 })
    log.progress({ collection: 'issues', read: 40, total: 40 })
    await settle()
    now = 4000
    log.progress({ collection: 'pull requests', read: 100, total: 150 })
    await settle()
    now = 12_000
    log.progress({ collection: 'pull requests', read: 150, total: 150 })
    await settle()
    log.tick()
    expect(out.text).toBe(
      'progress: pull requests 50/150, issues 40/40\nprogress: pull requests 150/150, issues 40/40\n'
    )
  })

  it('is plain on a terminal too when CI is set', () => {
    expect(terminalLogger({ stream: stream(true), env: { CI: 'true' } }).live).toBe(false)
    expect(terminalLogger({ stream: stream(true), env: { CI: 'false' } }).live).toBe(true)
    expect(inCi({ GITHUB_ACTIONS: 'true' })).toBe(true)
    expect(inCi({})).toBe(false)
  })
})

describe('describeProgress', () => {
  it('writes counts with thousands separators, and "read" without a total', () => {
    expect(
      describeProgress([
        { collection: 'commits', read: 12345, total: 20000 },
        { collection: 'deployments', read: 7, total: null }
      ])
    ).toBe('commits 12,345/20,000, deployments 7 read')
  })
})
