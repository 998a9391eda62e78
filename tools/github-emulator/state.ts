/**
 * The emulator's mutable repository state, built from a SeedRepository: lookup maps, sorted indexes
 * (rebuilt lazily after a write), and the objects REST writes add (issues, comments, labels,
 * deployments and their statuses).
 */
import { legacyNodeId } from './dataset.js'
import type {
  SeedComment,
  SeedCommit,
  SeedDeployment,
  SeedIssue,
  SeedLabel,
  SeedPull,
  SeedRelease,
  SeedRepository
} from './types.js'

/** Extra REST-visible fields of an issue or pull request that the seed model does not carry. */
export interface IssueExtra {
  body: string | null
  locked: boolean
  stateReason: 'completed' | 'not_planned' | 'reopened' | null
}

export interface LabelRecord extends SeedLabel {
  id: number
  nodeId: string
}

/** The git object store's surface that the emulator uses (owned by git/). */
export interface GitStoreLike {
  readFile?(branch: string, path: string): string | null
  raceNextRefUpdate?(): void
  listRefs?(prefix?: string): { ref: string; sha: string }[]
  resolveCommit?(branchOrSha: string): string | undefined
  getCommit?(sha: string): { tree: string } | undefined
  getTree?(sha: string): { mode: string; name: string; sha: string }[] | undefined
  getBlob?(sha: string): Buffer | undefined
  lookupPath?(treeSha: string, path: string): { mode: string; sha: string } | null
}

export interface GitModule {
  GitStore: new (...args: never[]) => GitStoreLike
  handleGitRest(
    git: GitStoreLike,
    req: unknown
  ): { status: number; body?: unknown; headers?: Record<string, string> } | undefined
  resolveRef(git: GitStoreLike, qualifiedName: string): Record<string, unknown> | null
  resolveObject(git: GitStoreLike, expression: string): Record<string, unknown> | null
}

export type SortField = 'createdAt' | 'updatedAt'
export type Direction = 'ASC' | 'DESC'

/** Sorted by (field, databaseId) in the given direction. */
function sortBy<T extends { databaseId: number }>(
  items: T[],
  field: (t: T) => string,
  direction: Direction
): T[] {
  const sign = direction === 'ASC' ? 1 : -1
  return [...items].sort((a, b) => {
    const fa = field(a)
    const fb = field(b)
    return sign * (fa < fb ? -1 : fa > fb ? 1 : a.databaseId - b.databaseId)
  })
}

function stableNumber(text: string): number {
  let h = 2166136261
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619)
  return ((h >>> 0) % 900_000_000) + 100_000
}

export class EmulatorState {
  readonly seed: SeedRepository
  readonly owner: string
  readonly name: string
  readonly repoId: number
  readonly repoNodeId: string
  readonly ownerId: number
  baseUrl = 'http://127.0.0.1'
  /** Bumped on every write; sorted views are cached per version. */
  version = 0
  readonly pulls: SeedPull[]
  readonly issues: SeedIssue[]
  readonly pullByNumber = new Map<number, SeedPull>()
  readonly issueByNumber = new Map<number, SeedIssue>()
  readonly extras = new Map<number, IssueExtra>()
  readonly commentBodies = new Map<number, { body: string; updatedAt: string }>()
  readonly labels = new Map<string, LabelRecord>()
  readonly commits: SeedCommit[]
  readonly commitByOid = new Map<string, SeedCommit>()
  readonly commitIndex = new Map<string, number>()
  readonly deployments: SeedDeployment[]
  readonly releases: SeedRelease[]
  readonly nodes = new Map<string, { kind: 'PullRequest' | 'Issue'; number: number }>()
  /** URLs given when a deployment status was created over REST (by status id). */
  readonly statusUrls = new Map<number, { logUrl?: string; environmentUrl?: string; description?: string }>()
  /** repository_dispatch events received (newest last). */
  readonly dispatches: { eventType: string; clientPayload: unknown; at: string }[] = []
  git?: GitStoreLike
  gitModule?: GitModule
  /** Counter for ids of objects created through REST. */
  private nextId = 2_000_000_000
  private cache = new Map<string, unknown>()

  constructor(seed: SeedRepository) {
    this.seed = seed
    this.owner = seed.owner
    this.name = seed.name
    this.repoId = stableNumber(`${seed.owner}/${seed.name}`)
    this.ownerId = stableNumber(seed.owner)
    this.repoNodeId = legacyNodeId('Repository', this.repoId)
    // Writes change these copies, never the seed (several emulators may share one seed).
    this.pulls = seed.pulls.map((p) => ({
      ...p,
      comments: [...p.comments],
      labels: [...p.labels],
      events: [...p.events]
    }))
    this.issues = seed.issues.map((i) => ({
      ...i,
      comments: [...i.comments],
      labels: [...i.labels],
      events: [...i.events]
    }))
    for (const p of this.pulls) {
      this.pullByNumber.set(p.number, p)
      this.nodes.set(p.id, { kind: 'PullRequest', number: p.number })
    }
    for (const i of this.issues) {
      this.issueByNumber.set(i.number, i)
      this.nodes.set(i.id, { kind: 'Issue', number: i.number })
    }
    for (const l of seed.labels) this.addLabel(l.name, l.color, l.description)
    for (const item of [...this.pulls, ...this.issues])
      for (const l of item.labels) if (!this.labels.has(l.toLowerCase())) this.addLabel(l, 'ededed', null)
    this.commits = seed.commits
    seed.commits.forEach((c, index) => {
      this.commitByOid.set(c.oid, c)
      this.commitIndex.set(c.oid, index)
    })
    this.deployments = seed.deployments.map((d) => ({ ...d, statuses: [...d.statuses] }))
    this.releases = seed.releases
  }

  newId(): number {
    return ++this.nextId
  }

  touch(): void {
    this.version++
    this.cache.clear()
  }

  /** A value computed once per state version. */
  cached<T>(key: string, compute: () => T): T {
    if (this.cache.has(key)) return this.cache.get(key) as T
    const value = compute()
    this.cache.set(key, value)
    return value
  }

  addLabel(name: string, color: string, description: string | null): LabelRecord {
    const id = stableNumber(`label:${name}`)
    const label = { name, color, description, id, nodeId: legacyNodeId('Label', id) }
    this.labels.set(name.toLowerCase(), label)
    return label
  }

  extra(number: number): IssueExtra {
    let e = this.extras.get(number)
    if (!e) {
      const issue = this.issueByNumber.get(number)
      e = { body: null, locked: false, stateReason: issue?.closedAt ? 'completed' : null }
      this.extras.set(number, e)
    }
    return e
  }

  nextNumber(): number {
    let max = 0
    for (const p of this.pulls) max = Math.max(max, p.number)
    for (const i of this.issues) max = Math.max(max, i.number)
    return max + 1
  }

  pullsSorted(field: SortField, direction: Direction): SeedPull[] {
    return this.cached(`pulls:${field}:${direction}`, () => sortBy(this.pulls, (p) => p[field], direction))
  }

  issuesSorted(field: SortField, direction: Direction): SeedIssue[] {
    return this.cached(`issues:${field}:${direction}`, () => sortBy(this.issues, (i) => i[field], direction))
  }

  /** Comments of an issue or pull request (the same number space). */
  commentsOf(number: number): SeedComment[] | undefined {
    return (this.pullByNumber.get(number) ?? this.issueByNumber.get(number))?.comments
  }

  defaultBranchHead(): SeedCommit | undefined {
    return this.commits[0]
  }
}
