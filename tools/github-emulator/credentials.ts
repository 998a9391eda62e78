/**
 * Credentials and their budgets. A token is identified by, in order: its entry in the `credentials`
 * option (`{ "ghs_x": { kind: 'app', permissions: {...} } }`), then its prefix — `ghs_app_…` an App
 * installation token, `ghs_…` an Actions token (GITHUB_TOKEN), `ghp_…`/`github_pat_…` a PAT —
 * then the profile's `defaultKind` (the Actions token in both profiles). Each token has its own
 * hourly budgets on the emulator clock, except App installation tokens: every token of one
 * installation draws on the installation's budget, as on github.com (tokens are minted per job,
 * the budget is the installation's).
 *
 * Repository access: an Actions token belongs to one repository (its `repository`, else the
 * emulator's primary one); under the github profile it writes only there, reads other public
 * repositories and gets "Not Found" for other private or internal ones. `repositories` (an
 * installation with selected repositories, a fine-grained PAT) limits any token the same way, and
 * `unreadable` makes repositories "Not Found" for the token whatever their visibility.
 */
import type { CredentialKind, Permissions, Profile } from './profile.js'
import type { EmulatorState } from './state.js'
import { RateLimits } from './stats.js'
import { fullName, type Access, type EmulatorWorld, type Viewer } from './world.js'

export interface CredentialSpec {
  kind: CredentialKind
  /** Replaces the kind's default permissions (see profile.ts). */
  permissions?: Permissions
  /** Actions token: the workflow's repository, `OWNER/NAME` (default: the emulator's primary repository). */
  repository?: string
  /** App installation token: the installation (default `default`); its tokens share one budget. */
  installation?: string | number
  /** App installation token: the account it is installed on (default: the primary repository's owner). */
  account?: string
  /** Only these repositories (`OWNER/NAME`) are the token's; other private ones are "Not Found". */
  repositories?: string[]
  /** These repositories are "Not Found" for the token (as a private repository it cannot see). */
  unreadable?: string[]
}

export interface Credential {
  kind: CredentialKind
  permissions: Permissions
  limits: RateLimits
  /** Per-minute and per-hour counters of the secondary limits, keyed by window name. */
  windows: Map<string, { start: number; count: number }>
  inFlight: number
  /** What the token may do with each repository. */
  viewer: Viewer
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
  private installations = new Map<
    string,
    { id: number; limits: RateLimits; windows: Credential['windows'] }
  >()

  constructor(
    private readonly profile: Profile,
    readonly clock: EmulatorClock,
    private readonly specs: Record<string, CredentialSpec> = {},
    /** Lenient: every token shares this one budget, as before profiles existed. */
    private readonly shared?: RateLimits,
    /** The repositories served (absent: access is never limited). */
    private readonly world?: EmulatorWorld
  ) {
    this.specs = { ...specs }
  }

  get(header: string): Credential {
    const token = tokenOf(header)
    const known = this.byToken.get(token)
    if (known) return known
    const spec = this.specs[token]
    const kind = spec?.kind ?? kindOfToken(token, this.profile)
    const budget = this.profile.budgets[kind]
    const installation =
      kind === 'app' ? this.installation(String(spec?.installation ?? 'default')) : undefined
    const credential: Credential = {
      kind,
      permissions: spec?.permissions ?? this.profile.permissions[kind],
      limits:
        this.shared ?? installation?.limits ?? new RateLimits(budget.core, this.clock.now, budget.graphql),
      windows: installation?.windows ?? new Map(),
      inFlight: 0,
      viewer: this.viewerOf(kind, () => this.specs[token], installation?.id)
    }
    this.byToken.set(token, credential)
    return credential
  }

  /**
   * Changes which repositories a token may see from now on (its budget is kept): `repositories`
   * limits it to those, `unreadable` hides those; `undefined` leaves a setting as it was.
   */
  restrict(token: string, change: { repositories?: string[] | null; unreadable?: string[] | null }): void {
    const spec: CredentialSpec = { ...(this.specs[token] ?? { kind: kindOfToken(token, this.profile) }) }
    if (change.repositories !== undefined) spec.repositories = change.repositories ?? undefined
    if (change.unreadable !== undefined) spec.unreadable = change.unreadable ?? undefined
    this.specs[token] = spec
  }

  private installation(key: string) {
    let found = this.installations.get(key)
    if (!found) {
      const budget = this.profile.budgets.app
      found = {
        id: /^\d+$/.test(key) ? Number(key) : 40_000_000 + this.installations.size + 1,
        limits: new RateLimits(budget.core, this.clock.now, budget.graphql),
        windows: new Map()
      }
      this.installations.set(key, found)
    }
    return found
  }

  private viewerOf(
    kind: CredentialKind,
    specOf: () => CredentialSpec | undefined,
    installationId?: number
  ): Viewer {
    const world = this.world
    const strict = this.profile.name === 'github'
    const accountOf = () => (specOf()?.account ?? world?.primary.owner ?? '').toLowerCase()
    const listed = (list: string[] | undefined, state: EmulatorState) =>
      list?.some((n) => n.toLowerCase() === fullName(state.owner, state.name)) === true
    const access = (state: EmulatorState): Access => {
      const spec = specOf()
      if (listed(spec?.unreadable, state)) return 'none'
      const publicRepo = (state.seed.visibility ?? 'public') === 'public'
      if (spec?.repositories && !listed(spec.repositories, state)) return publicRepo ? 'read' : 'none'
      if (kind === 'actions' && strict && world) {
        const home = spec?.repository ? world.byFullName(spec.repository) : world.primary
        if (state !== home) return publicRepo ? 'read' : 'none'
      }
      // An installation reaches its account's repositories; others' only when public, to read.
      if (
        kind === 'app' &&
        strict &&
        world &&
        !spec?.repositories &&
        state.owner.toLowerCase() !== accountOf()
      )
        return publicRepo ? 'read' : 'none'
      return 'write'
    }
    const viewer: Viewer = { access }
    if (kind === 'app' && world)
      Object.defineProperty(viewer, 'installation', {
        enumerable: true,
        get: () => {
          const spec = specOf()
          const account = accountOf()
          const repositories = spec?.repositories
            ? world.states.filter((s) => listed(spec.repositories, s) && access(s) !== 'none')
            : world.states.filter((s) => s.owner.toLowerCase() === account && access(s) !== 'none')
          return { id: installationId ?? 0, selection: spec?.repositories ? 'selected' : 'all', repositories }
        }
      })
    return viewer
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
