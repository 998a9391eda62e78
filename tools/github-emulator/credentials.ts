/**
 * Credentials and their budgets. A token is identified by, in order: its entry in the `credentials`
 * option (`{ "ghs_x": { kind: 'app', permissions: {...} } }`), then its prefix — `ghs_app_…` an App
 * installation token, `ghs_…` an Actions token (GITHUB_TOKEN), `ghp_…`/`github_pat_…` a PAT —
 * then the profile's `defaultKind` (the Actions token in both profiles). Each token has its own
 * hourly budgets on the emulator clock, as each credential has on github.com (the emulator serves
 * one repository, so the Actions token's per-repository budget is per token here).
 */
import type { CredentialKind, Permissions, Profile } from './profile.js'
import { RateLimits } from './stats.js'

export interface CredentialSpec {
  kind: CredentialKind
  /** Replaces the kind's default permissions (see profile.ts). */
  permissions?: Permissions
}

export interface Credential {
  kind: CredentialKind
  permissions: Permissions
  limits: RateLimits
  /** Per-minute and per-hour counters of the secondary limits, keyed by window name. */
  windows: Map<string, { start: number; count: number }>
  inFlight: number
}

/** The emulator's clock: wall time plus whatever `POST /_emulator/clock` advanced it by. */
export class EmulatorClock {
  private offsetMs = 0
  now = (): number => Date.now() + this.offsetMs
  advance(seconds: number): void {
    this.offsetMs += seconds * 1000
  }
  snapshot(): { now: string; offsetSeconds: number } {
    return { now: new Date(this.now()).toISOString(), offsetSeconds: this.offsetMs / 1000 }
  }
}

export function kindOfToken(token: string, profile: Profile): CredentialKind {
  if (token.startsWith('ghs_app_')) return 'app'
  if (token.startsWith('ghs_')) return 'actions'
  if (token.startsWith('ghp_') || token.startsWith('github_pat_')) return 'pat'
  return profile.defaultKind
}

/** The token of an `authorization` header (`token X`, `bearer X`, or the bare value). */
export function tokenOf(header: string): string {
  return header.replace(/^(token|bearer)\s+/i, '').trim()
}

export class Credentials {
  private byToken = new Map<string, Credential>()

  constructor(
    private readonly profile: Profile,
    readonly clock: EmulatorClock,
    private readonly specs: Record<string, CredentialSpec> = {},
    /** Lenient: every token shares this one budget, as before profiles existed. */
    private readonly shared?: RateLimits
  ) {}

  get(header: string): Credential {
    const token = tokenOf(header)
    const known = this.byToken.get(token)
    if (known) return known
    const spec = this.specs[token]
    const kind = spec?.kind ?? kindOfToken(token, this.profile)
    const budget = this.profile.budgets[kind]
    const credential: Credential = {
      kind,
      permissions: spec?.permissions ?? this.profile.permissions[kind],
      limits: this.shared ?? new RateLimits(budget.core, this.clock.now, budget.graphql),
      windows: new Map(),
      inFlight: 0
    }
    this.byToken.set(token, credential)
    return credential
  }

  /** Adds one (or `points`) to a fixed window of `seconds` and returns the count within it. */
  static bump(credential: Credential, name: string, seconds: number, now: number, points = 1): number {
    const start = Math.floor(now / (seconds * 1000)) * seconds * 1000
    const window = credential.windows.get(name)
    if (!window || window.start !== start) {
      credential.windows.set(name, { start, count: points })
      return points
    }
    window.count += points
    return window.count
  }
}
