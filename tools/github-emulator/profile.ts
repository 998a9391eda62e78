/**
 * How strict the emulator is, as data. `lenient` is the emulator as it always was (one 5,000 budget
 * for any token, no secondary limits unless a fault asks for them, no processing-time model);
 * `github` holds github.com's limits (../shared/DESIGN.md "Living with github.com"). Every number can
 * be overridden (`startEmulator({ profile: { name: 'github', ...overrides } })`), so a test can
 * reach a limit with a few requests.
 */

export type CredentialKind = 'actions' | 'pat' | 'app'

/** A timed-out GraphQL query's answer, in each form GitHub gives. */
export const TIMEOUT_FORMS = ['502', '504', '500', 'something-went-wrong', 'resource-limits'] as const
export type TimeoutForm = (typeof TIMEOUT_FORMS)[number]

/** Repository permissions a token may hold (GitHub's names); absent or `none` means it lacks it. */
export type Permissions = Record<string, 'read' | 'write' | 'none'>

export interface SecondaryAnswer {
  status: 403 | 429
  /** Seconds; absent: no `retry-after` header (GitHub often leaves it out). */
  retryAfter?: number
}

export interface Profile {
  name: 'github' | 'lenient'
  /** Hourly primary budgets per credential: REST requests and GraphQL points. */
  budgets: Record<CredentialKind, { core: number; graphql: number }>
  /** Credential of a token no prefix and no `credentials` entry names. */
  defaultKind: CredentialKind
  /** Permissions each kind holds unless its `credentials` entry says otherwise. */
  permissions: Record<CredentialKind, Permissions>
  /** Connections that ask only for `totalCount` need no `first`/`last` (GitHub accepts them). */
  totalCountWithoutPage: boolean
  /** GraphQL exhaustion answers 200 with these error types, in turn. */
  rateLimitedTypes: string[]
  /** Processing-time model for queries: `baseMs + msPerNode × requested nodes`, over `limitMs` times out. */
  processing: { enabled: boolean; baseMs: number; msPerNode: number; limitMs: number; forms: TimeoutForm[] }
  /** Secondary limits (per credential); `undefined` numbers switch a check off. */
  secondary: {
    concurrent?: number
    restPointsPerMinute?: number
    graphqlPointsPerMinute?: number
    /** Answers given in turn when a per-minute limit is hit. */
    answers: SecondaryAnswer[]
  }
  /** Content creation (issues, comments, reviews, releases, deployments, statuses, mutations). */
  contentCreation: { perMinute?: number; perHour?: number; answers: SecondaryAnswer[] }
  /** Request bodies: `POST git/trees` over this times out (502, then 422 "request timed out", in turn). */
  treeBodyBytes?: number
  /** `POST git/blobs` bodies over this are refused with 422. */
  blobBodyBytes?: number
  /** `Blob.text` is cut here (`isTruncated: true`). */
  blobTextBytes: number
  /** `repository_dispatch`'s `client_payload`: at most this many top-level keys, under this many bytes. */
  clientPayload?: { maxKeys: number; maxBytes: number }
}

const ACTIONS_PERMISSIONS: Permissions = {
  actions: 'write',
  contents: 'write',
  deployments: 'write',
  issues: 'write',
  metadata: 'read',
  pull_requests: 'write',
  statuses: 'write',
  // An Actions token can never read an organization's teams.
  members: 'none'
}
const ALL: Permissions = { ...ACTIONS_PERMISSIONS, members: 'read' }

export const GITHUB_PROFILE: Profile = {
  name: 'github',
  budgets: {
    actions: { core: 1000, graphql: 1000 },
    pat: { core: 5000, graphql: 5000 },
    app: { core: 12500, graphql: 12500 }
  },
  defaultKind: 'actions',
  permissions: { actions: ACTIONS_PERMISSIONS, pat: ALL, app: ALL },
  totalCountWithoutPage: true,
  rateLimitedTypes: ['RATE_LIMITED', 'RATE_LIMIT'],
  processing: { enabled: true, baseMs: 50, msPerNode: 0.5, limitMs: 10_000, forms: [...TIMEOUT_FORMS] },
  secondary: {
    concurrent: 100,
    restPointsPerMinute: 900,
    graphqlPointsPerMinute: 2000,
    answers: [{ status: 403, retryAfter: 60 }, { status: 429 }, { status: 403 }]
  },
  contentCreation: {
    perMinute: 80,
    perHour: 500,
    answers: [{ status: 403 }, { status: 429, retryAfter: 60 }]
  },
  treeBodyBytes: 2 * 1024 * 1024,
  blobBodyBytes: 100 * 1024 * 1024,
  blobTextBytes: 512_000,
  clientPayload: { maxKeys: 10, maxBytes: 64 * 1024 }
}

export const LENIENT_PROFILE: Profile = {
  name: 'lenient',
  budgets: {
    actions: { core: 5000, graphql: 5000 },
    pat: { core: 5000, graphql: 5000 },
    app: { core: 5000, graphql: 5000 }
  },
  defaultKind: 'actions',
  permissions: { actions: ALL, pat: ALL, app: ALL },
  totalCountWithoutPage: false,
  rateLimitedTypes: [],
  processing: { enabled: false, baseMs: 0, msPerNode: 0, limitMs: Infinity, forms: [] },
  secondary: { answers: [] },
  contentCreation: { answers: [] },
  blobTextBytes: 512 * 1024
}

export const PROFILE_NAMES = ['github', 'lenient'] as const

export type ProfileOption = Profile['name'] | ({ name: Profile['name'] } & Partial<Omit<Profile, 'name'>>)

/** The profile for a name or a name plus overrides; throws naming the accepted names. */
export function resolveProfile(option: ProfileOption | undefined): Profile {
  const name = typeof option === 'string' ? option : (option?.name ?? 'lenient')
  if (!(PROFILE_NAMES as readonly string[]).includes(name))
    throw new Error(`unknown emulator profile "${name}"; use ${PROFILE_NAMES.join(' or ')}`)
  const base = name === 'github' ? GITHUB_PROFILE : LENIENT_PROFILE
  if (typeof option !== 'object') return base
  return { ...base, ...option, name: base.name }
}
