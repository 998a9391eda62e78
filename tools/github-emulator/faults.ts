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
 *
 * Any fault can aim at one repository with `@OWNER/NAME` (`timeout:3@acme/api`): it then counts
 * and hits only that repository's requests — REST under `/repos/OWNER/NAME`, GraphQL queries whose
 * `repository(owner:, name:)` is that one. `server-error@OWNER/NAME` without N is a broken
 * repository: every one of its requests answers 500 (REST and GraphQL alike).
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
  /** N was written out (`server-error:25@x` is the page rule; `server-error@x` breaks the repository). */
  explicit: boolean
  /** `owner/name` in lower case, or '' for every request. */
  target: string
  /** The target as written. */
  written: string
}

const DEFAULT_EVERY: Record<FaultName, number> = {
  'secondary-rate-limit': 7,
  'server-error': 25,
  'ref-race': 2,
  'read-only-token': 1,
  timeout: 11
}

/** Parses `name[:N[:MS]][@OWNER/NAME]` entries; throws naming the bad entry and the accepted names. */
export function parseFaults(list: readonly string[]): Map<string, FaultSetting & { name: FaultName }> {
  const out = new Map<string, FaultSetting & { name: FaultName }>()
  for (const raw of list
    .flatMap((f) => f.split(','))
    .map((f) => f.trim())
    .filter(Boolean)) {
    const at = raw.indexOf('@')
    const spec = at < 0 ? raw : raw.slice(0, at)
    const written = at < 0 ? '' : raw.slice(at + 1)
    const [name, every, delay] = spec.split(':')
    if (!(FAULT_NAMES as readonly string[]).includes(name))
      throw new Error(
        `unknown fault "${raw}"; use a comma-separated list of ${FAULT_NAMES.join(', ')} (optionally name:N, name@OWNER/NAME)`
      )
    if (at >= 0 && !/^[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+$/.test(written))
      throw new Error(
        `fault "${raw}": after @ give one repository as OWNER/NAME (e.g. server-error@acme/api)`
      )
    const n = every === undefined ? DEFAULT_EVERY[name as FaultName] : Number(every)
    const ms = delay === undefined ? 300 : Number(delay)
    if (!Number.isInteger(n) || n < 1 || !Number.isInteger(ms) || ms < 0)
      throw new Error(
        `fault "${raw}": N and MS must be positive whole numbers (e.g. secondary-rate-limit:5, timeout:11:300)`
      )
    const target = written.toLowerCase()
    out.set(`${name}@${target}`, {
      name: name as FaultName,
      every: n,
      delayMs: ms,
      explicit: every !== undefined,
      target,
      written
    })
  }
  return out
}

type Entry = FaultSetting & { name: FaultName; count: number; hits: number }

/** The repositories (`owner/name`, lower case) one request is about; empty for none in particular. */
export type Targets = readonly string[]

export class Faults {
  private entries: Entry[] = []

  constructor(list: readonly string[] = []) {
    this.set(list)
  }

  set(list: readonly string[]): void {
    this.entries = [...parseFaults(list).values()].map((s) => ({ ...s, count: 0, hits: 0 }))
  }

  list(): string[] {
    return this.entries.map(
      (s) =>
        `${s.explicit && s.every !== DEFAULT_EVERY[s.name] ? `${s.name}:${s.every}` : s.name}${s.target ? `@${s.written}` : ''}`
    )
  }

  has(name: FaultName): boolean {
    return this.entries.some((e) => e.name === name)
  }

  /** The entries of `name` that apply to a request about `targets`. */
  private applying(name: FaultName, targets: Targets): Entry[] {
    return this.entries.filter((e) => e.name === name && (!e.target || targets.includes(e.target)))
  }

  /** A secondary rate-limit answer for this request, or undefined. */
  secondaryLimit(
    targets: Targets = []
  ): { status: number; body: unknown; headers: Record<string, string> } | undefined {
    let hit: Entry | undefined
    for (const e of this.applying('secondary-rate-limit', targets)) {
      e.count++
      if (!hit && e.count % e.every === 0) hit = e
    }
    if (!hit) return undefined
    hit.hits++
    const status = hit.hits % 2 === 1 ? 403 : 429
    return {
      status,
      headers: { 'retry-after': '1' },
      body: {
        message:
          'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID emulator.',
        documentation_url:
          'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
        status: String(status)
      }
    }
  }

  /** Delay before a 504 for this read, or undefined. */
  timeout(targets: Targets = []): number | undefined {
    let delay: number | undefined
    for (const e of this.applying('timeout', targets)) {
      e.count++
      if (delay === undefined && e.count % e.every === 0) delay = e.delayMs
    }
    return delay
  }

  /** True when a GraphQL page this large gets a 502. */
  serverError(largestPage: number, targets: Targets = []): boolean {
    return this.applying('server-error', targets).some(
      (e) => (!e.target || e.explicit) && largestPage > e.every
    )
  }

  /** True when a request about `targets` hits a broken repository (`server-error@OWNER/NAME`): 500. */
  broken(targets: Targets): boolean {
    return this.applying('server-error', targets).some((e) => e.target !== '' && !e.explicit)
  }

  /** True when this ref update should find the ref moved by another writer. */
  refRace(targets: Targets = []): boolean {
    let race = false
    for (const e of this.applying('ref-race', targets)) {
      e.count++
      if ((e.count - 1) % e.every === 0) race = true
    }
    return race
  }

  readOnly(targets: Targets = []): boolean {
    return this.applying('read-only-token', targets).length > 0
  }
}
