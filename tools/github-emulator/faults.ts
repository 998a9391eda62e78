/**
 * Deterministic fault injection (counter based, so a test sees the same faults on every run):
 * - `secondary-rate-limit[:N]` — every Nth request (default 7) is refused with GitHub's secondary
 *   rate-limit answer (403, then 429 the next time), `retry-after: 1`.
 * - `server-error[:N]` — GraphQL requests asking for more than N nodes (default 25) in one
 *   connection page get 502, as GitHub times out on big pages; smaller pages pass.
 * - `ref-race[:N]` — ref updates 1, 1+N, 1+2N… (default N = 2: every other one, starting
 *   with the first) find the ref moved by another writer.
 * - `read-only-token` — writes get 403 "Resource not accessible by integration".
 * - `timeout[:N[:MS]]` — every Nth read (default 11) is answered after MS ms (default 300) with 504.
 */
export const FAULT_NAMES = [
  'secondary-rate-limit',
  'server-error',
  'ref-race',
  'read-only-token',
  'timeout'
] as const
export type FaultName = (typeof FAULT_NAMES)[number]

interface FaultSetting {
  every: number
  delayMs: number
}

const DEFAULT_EVERY: Record<FaultName, number> = {
  'secondary-rate-limit': 7,
  'server-error': 25,
  'ref-race': 2,
  'read-only-token': 1,
  timeout: 11
}

/** Parses `name[:N[:MS]]` entries; throws naming the bad entry and the accepted names. */
export function parseFaults(list: readonly string[]): Map<FaultName, FaultSetting> {
  const out = new Map<FaultName, FaultSetting>()
  for (const raw of list
    .flatMap((f) => f.split(','))
    .map((f) => f.trim())
    .filter(Boolean)) {
    const [name, every, delay] = raw.split(':')
    if (!(FAULT_NAMES as readonly string[]).includes(name))
      throw new Error(
        `unknown fault "${raw}"; use a comma-separated list of ${FAULT_NAMES.join(', ')} (optionally name:N)`
      )
    const n = every === undefined ? DEFAULT_EVERY[name as FaultName] : Number(every)
    const ms = delay === undefined ? 300 : Number(delay)
    if (!Number.isInteger(n) || n < 1 || !Number.isInteger(ms) || ms < 0)
      throw new Error(
        `fault "${raw}": N and MS must be positive whole numbers (e.g. secondary-rate-limit:5, timeout:11:300)`
      )
    out.set(name as FaultName, { every: n, delayMs: ms })
  }
  return out
}

export class Faults {
  private active = new Map<FaultName, FaultSetting>()
  private counters = { requests: 0, secondary: 0, reads: 0, refUpdates: 0 }

  constructor(list: readonly string[] = []) {
    this.set(list)
  }

  set(list: readonly string[]): void {
    this.active = parseFaults(list)
    this.counters = { requests: 0, secondary: 0, reads: 0, refUpdates: 0 }
  }

  list(): string[] {
    return [...this.active].map(([name, s]) =>
      s.every === DEFAULT_EVERY[name] ? name : `${name}:${s.every}`
    )
  }

  has(name: FaultName): boolean {
    return this.active.has(name)
  }

  /** A secondary rate-limit answer for this request, or undefined. */
  secondaryLimit(): { status: number; body: unknown; headers: Record<string, string> } | undefined {
    const setting = this.active.get('secondary-rate-limit')
    if (!setting) return undefined
    this.counters.requests++
    if (this.counters.requests % setting.every !== 0) return undefined
    this.counters.secondary++
    return {
      status: this.counters.secondary % 2 === 1 ? 403 : 429,
      headers: { 'retry-after': '1' },
      body: {
        message:
          'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID emulator.',
        documentation_url:
          'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
        status: this.counters.secondary % 2 === 1 ? '403' : '429'
      }
    }
  }

  /** Delay before a 504 for this read, or undefined. */
  timeout(): number | undefined {
    const setting = this.active.get('timeout')
    if (!setting) return undefined
    this.counters.reads++
    return this.counters.reads % setting.every === 0 ? setting.delayMs : undefined
  }

  /** True when a GraphQL page this large gets a 502. */
  serverError(largestPage: number): boolean {
    const setting = this.active.get('server-error')
    return setting !== undefined && largestPage > setting.every
  }

  /** True when this ref update should find the ref moved by another writer. */
  refRace(): boolean {
    const setting = this.active.get('ref-race')
    if (!setting) return false
    this.counters.refUpdates++
    return (this.counters.refUpdates - 1) % setting.every === 0
  }

  readOnly(): boolean {
    return this.active.has('read-only-token')
  }
}
