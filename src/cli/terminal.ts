/**
 * The command line's logger, on stderr: messages as lines, and the sync's progress (what is being
 * read, how far, against the totals GitHub gives) as one updating line on a terminal, or as an
 * occasional plain line in CI and pipes (no carriage returns, no escape codes).
 */
import type { Logger } from '../log.js'
import type { SyncProgress } from '../pipeline/github-history.js'

export interface TerminalStream {
  write(text: string): unknown
  isTTY?: boolean
  columns?: number
}

export interface TerminalOptions {
  stream?: TerminalStream
  env?: NodeJS.ProcessEnv
  /** Show debug messages. */
  verbose?: boolean
  /** Requests made so far and the request budget, for the progress line. */
  requests?: () => { used: number; budget: number | null }
  /** Clock in ms (tests). */
  now?: () => number
  /** In plain mode, at most one progress line this often (ms); default 10 s. */
  plainEvery?: number
}

export interface TerminalLogger extends Logger {
  /** True when progress is one updating line (a terminal outside CI). */
  readonly live: boolean
  progress(progress: SyncProgress): void
  /** Redraws the updating line (the request count moves between rounds). */
  tick(): void
  /** Clears the updating line; later progress starts afresh. */
  done(): void
}

/** CI systems set CI (GitHub Actions also GITHUB_ACTIONS): their logs get plain lines. */
export function inCi(env: NodeJS.ProcessEnv): boolean {
  const ci = (env.CI ?? '').toLowerCase()
  return (ci !== '' && ci !== 'false' && ci !== '0') || env.GITHUB_ACTIONS === 'true'
}

const count = (n: number): string => n.toLocaleString('en-US')

/** "pull requests 340/1,200" or, without a known total, "issues 12 read". */
export function describeProgress(collections: readonly SyncProgress[]): string {
  return collections
    .map((p) =>
      p.total === null
        ? `${p.collection} ${count(p.read)} read`
        : `${p.collection} ${count(p.read)}/${count(p.total)}`
    )
    .join(', ')
}

function describeRequests(requests: TerminalOptions['requests']): string {
  if (!requests) return ''
  const { used, budget } = requests()
  const unit = (budget ?? used) === 1 ? 'request' : 'requests'
  return budget === null ? `${count(used)} ${unit}` : `${count(used)}/${count(budget)} ${unit}`
}

export function terminalLogger(options: TerminalOptions = {}): TerminalLogger {
  const stream = options.stream ?? process.stderr
  const live = stream.isTTY === true && !inCi(options.env ?? process.env)
  const now = options.now ?? Date.now
  const plainEvery = options.plainEvery ?? 10_000
  const collections = new Map<string, SyncProgress>()
  let shown = false
  let lastPlain: { at: number; text: string } | null = null
  let pending = false

  const progressText = (): string => {
    const requests = describeRequests(options.requests)
    return live
      ? `syncing: ${describeProgress([...collections.values()])}${requests ? ` · ${requests}` : ''}`
      : `progress: ${describeProgress([...collections.values()])}${requests ? ` (${requests})` : ''}`
  }
  const draw = (): void => {
    if (!live || collections.size === 0) return
    const width = stream.columns ? stream.columns - 1 : Infinity
    const text = progressText()
    stream.write(`\r\x1b[2K${text.length > width ? `${text.slice(0, width - 1)}…` : text}`)
    shown = true
  }
  const clear = (): void => {
    if (shown) stream.write('\r\x1b[2K')
    shown = false
  }
  const line = (prefix: string) => (message: string) => {
    clear()
    stream.write(`${prefix}${message}\n`)
    draw()
  }
  return {
    live,
    info: line(''),
    debug: options.verbose ? line('debug: ') : () => undefined,
    notice: line('notice: '),
    warning: line('warning: '),
    progress(progress) {
      collections.set(progress.collection, progress)
      if (live) return draw()
      // A round reports its collections one after the other: one line for all of them.
      if (pending) return
      pending = true
      queueMicrotask(() => {
        pending = false
        const text = progressText()
        const at = now()
        if (lastPlain && (text === lastPlain.text || at - lastPlain.at < plainEvery)) return
        stream.write(`${text}\n`)
        lastPlain = { at, text }
      })
    },
    tick: draw,
    done() {
      clear()
      collections.clear()
    }
  }
}
