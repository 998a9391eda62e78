/**
 * Loads a dataset folder in the layout of ../shared/datasets (archive.json, git.json,
 * deployments.json, tags.json, timeline.json) into the emulator's SeedRepository.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type {
  ActorType,
  SeedActor,
  SeedComment,
  SeedCommit,
  SeedCommitRef,
  SeedDeployment,
  SeedIssue,
  SeedPull,
  SeedRelease,
  SeedRepository,
  SeedReview,
  SeedReviewState,
  SeedTimelineItem
} from './types.js'
import { mergeEvents, readTimeline, type DatasetTimeline, type TimelineFile } from './dataset-timeline.js'

interface ArchiveComment {
  author: string | null
  createdAt: string
}
interface ArchiveReview {
  id: string
  author: string | null
  state: string
  createdAt: string
  commit?: { abbreviatedOid?: string } | null
}
interface ArchiveItem {
  number: number
  id: string
  title: string
  author: string | null
  labels?: string[]
  createdAt: string
  updatedAt: string
  closedAt: string | null
  comments?: ArchiveComment[]
}
interface ArchivePull extends ArchiveItem {
  mergedAt: string | null
  mergedBy?: string | null
  baseRefName?: string
  headRefName?: string
  mergeCommit?: { oid: string } | null
  reviews?: ArchiveReview[]
  isDraft?: boolean
  additions?: number
  deletions?: number
}
interface Archive {
  repo: string
  timestamp: string
  labels?: { name: string; color?: string; description?: string | null }[]
  issues: ArchiveItem[]
  pulls: ArchivePull[]
}
interface GitFile {
  defaultBranch: string
  commits: {
    oid: string
    parents: string[]
    authoredAt: string
    committedAt: string
    authorName: string
    message: string
  }[]
}
interface DeploymentRow {
  id: string
  sha: string | null
  shortSha?: string
  createdAt: string
  environment: string
  state: string
}
interface TagRow {
  name: string
  oid: string
  createdAt: string
}

/** Turns a login as the archive has it into a GraphQL actor (a Bot's login loses its `[bot]`). */
export function actorFromLogin(login: string | null | undefined): SeedActor | null {
  if (!login) return null
  if (login.endsWith('[bot]')) return { login: login.slice(0, -'[bot]'.length), type: 'Bot' }
  return { login, type: 'User' as ActorType }
}

/** The numeric database id inside a GitHub node id (legacy base64 `011:PullRequest123` or new `PR_kw…` msgpack). */
export function databaseIdFromNodeId(nodeId: string): number | null {
  const underscore = nodeId.indexOf('_')
  if (underscore > 0 && underscore <= 4) {
    const bytes = Buffer.from(
      nodeId
        .slice(underscore + 1)
        .replace(/-/g, '+')
        .replace(/_/g, '/'),
      'base64'
    )
    return lastMsgpackInt(bytes)
  }
  const text = Buffer.from(nodeId, 'base64').toString('latin1')
  const match = /^\d+:[A-Za-z]+(\d+)$/.exec(text)
  return match ? Number(match[1]) : null
}

function lastMsgpackInt(bytes: Buffer): number | null {
  let i = 0
  const head = bytes[i++]
  if (head === undefined || (head & 0xf0) !== 0x90) return null
  const count = head & 0x0f
  let last: number | null = null
  for (let n = 0; n < count && i < bytes.length; n++) {
    const b = bytes[i++]
    if (b <= 0x7f) {
      last = b
    } else if (b === 0xcc) {
      last = bytes.readUInt8(i)
      i += 1
    } else if (b === 0xcd) {
      last = bytes.readUInt16BE(i)
      i += 2
    } else if (b === 0xce) {
      last = bytes.readUInt32BE(i)
      i += 4
    } else if (b === 0xcf) {
      last = Number(bytes.readBigUInt64BE(i))
      i += 8
    } else return null
  }
  return last
}

function hashNumber(text: string): number {
  let h = 2166136261
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619)
  return (h >>> 0) + 1
}

/** GitHub's legacy node id for a type and database id (`MDExOlB1bGxSZXF1ZXN0MTIz` = `011:PullRequest123`). */
export function legacyNodeId(typeName: string, databaseId: number): string {
  const text = `0${String(typeName.length).padStart(2, '0')}:${typeName}${databaseId}`
  return Buffer.from(text).toString('base64')
}

const REVIEW_STATES: SeedReviewState[] = [
  'APPROVED',
  'CHANGES_REQUESTED',
  'COMMENTED',
  'DISMISSED',
  'PENDING'
]

/** `2025-07-29T02:08:04.104637+00:00` → `2025-07-29T02:08:04Z`. */
function isoSeconds(value: string): string {
  const ms = Date.parse(value)
  if (Number.isNaN(ms)) throw new Error(`dataset: "${value}" is not a valid timestamp`)
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}

function readJson<T>(dir: string, file: string, required: boolean): T | undefined {
  const path = join(dir, file)
  if (!existsSync(path)) {
    if (required)
      throw new Error(
        `dataset: ${path} is missing; --dataset must name a folder laid out like ../shared/datasets`
      )
    return undefined
  }
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T
  } catch (error) {
    throw new Error(`dataset: ${path} is not valid JSON (${(error as Error).message})`)
  }
}

/**
 * A pull request merged with a merge commit brought in the commits reachable from the merge's
 * second parent but not from its first: those are its commits (oldest first). Squash and rebase
 * merges leave no trace of the branch, so their commit list stays unknown (undefined).
 */
function branchCommitsOf(commits: SeedCommit[]): (mergeOid: string) => SeedCommitRef[] | undefined {
  const byOid = new Map(commits.map((c) => [c.oid, c]))
  const position = new Map(commits.map((c, i) => [c.oid, i]))
  const reach = (start: string, stop?: Set<string>): Set<string> => {
    const seen = new Set<string>()
    const stack = [start]
    while (stack.length) {
      const oid = stack.pop()!
      if (seen.has(oid) || stop?.has(oid)) continue
      const c = byOid.get(oid)
      if (!c) continue
      seen.add(oid)
      stack.push(...c.parents)
    }
    return seen
  }
  return (mergeOid) => {
    const merge = byOid.get(mergeOid)
    if (!merge || merge.parents.length < 2) return undefined
    const base = reach(merge.parents[0])
    return [...reach(merge.parents[1], base)]
      .sort((a, b) => position.get(b)! - position.get(a)!)
      .map((oid) => {
        const c = byOid.get(oid)!
        return { oid, authoredDate: c.authoredDate, committedDate: c.committedDate }
      })
  }
}

/** timeline.json when the folder has one (review requests, drafts, reopenings, transfers), else nothing. */
function loadTimeline(dir: string, archive: Archive): DatasetTimeline {
  const file = readJson<TimelineFile>(dir, 'timeline.json', false)
  if (!file) return { pulls: new Map(), issues: new Map() }
  return readTimeline(
    file,
    archive.repo,
    {
      pulls: new Set(archive.pulls.map((p) => p.number)),
      issues: new Set((archive.issues ?? []).map((i) => i.number))
    },
    { path: join(dir, 'timeline.json'), actor: actorFromLogin, time: isoSeconds }
  )
}

export function loadDataset(dir: string): SeedRepository {
  if (!existsSync(dir))
    throw new Error(`dataset: folder ${dir} does not exist; pass --dataset DIR with archive.json`)
  const archive = readJson<Archive>(dir, 'archive.json', true)!
  if (!archive.repo || !/^[^/]+\/[^/]+$/.test(archive.repo) || !Array.isArray(archive.pulls))
    throw new Error(
      `dataset: ${join(dir, 'archive.json')} needs "repo": "owner/name" and "pulls"/"issues" arrays`
    )
  const git = readJson<GitFile>(dir, 'git.json', false) ?? { defaultBranch: 'main', commits: [] }
  const deploymentRows = readJson<DeploymentRow[]>(dir, 'deployments.json', false) ?? []
  const tagRows = readJson<TagRow[]>(dir, 'tags.json', false) ?? []
  const timeline = loadTimeline(dir, archive)
  const [owner, name] = archive.repo.split('/')

  let commentId = 900_000_000
  const comments = (list: ArchiveComment[] | undefined): SeedComment[] =>
    (list ?? [])
      .map((c) => ({
        databaseId: ++commentId,
        author: actorFromLogin(c.author),
        createdAt: isoSeconds(c.createdAt)
      }))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))

  const commits: SeedCommit[] = git.commits.map((c) => ({
    oid: c.oid,
    parents: c.parents,
    authoredDate: isoSeconds(c.authoredAt),
    committedDate: isoSeconds(c.committedAt),
    authorName: c.authorName,
    message: c.message
  }))
  const byPrefix = (prefix: string | undefined): string | null => {
    if (!prefix) return null
    const hits = commits.filter((c) => c.oid.startsWith(prefix))
    return hits.length === 1 ? hits[0].oid : null
  }

  const pullCommits = branchCommitsOf(commits)

  const pulls: SeedPull[] = archive.pulls
    .map((p) => {
      const databaseId = databaseIdFromNodeId(p.id) ?? hashNumber(p.id)
      const reviews: SeedReview[] = (p.reviews ?? [])
        .map((r) => {
          const state = REVIEW_STATES.includes(r.state as SeedReviewState)
            ? (r.state as SeedReviewState)
            : 'COMMENTED'
          const at = isoSeconds(r.createdAt)
          return {
            databaseId: databaseIdFromNodeId(r.id) ?? hashNumber(r.id),
            author: actorFromLogin(r.author),
            state,
            submittedAt: state === 'PENDING' ? null : at,
            createdAt: at,
            commitOid: byPrefix(r.commit?.abbreviatedOid)
          }
        })
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      const mergedAt = p.mergedAt ? isoSeconds(p.mergedAt) : null
      const closedAt = p.closedAt ? isoSeconds(p.closedAt) : null
      const mergedBy = actorFromLogin(p.mergedBy)
      const events: SeedTimelineItem[] = []
      if (mergedAt) events.push({ type: 'MergedEvent', createdAt: mergedAt, actor: mergedBy })
      if (closedAt)
        events.push({ type: 'ClosedEvent', createdAt: closedAt, actor: mergedAt ? mergedBy : null })
      return {
        number: p.number,
        id: p.id,
        databaseId,
        title: p.title,
        author: actorFromLogin(p.author),
        createdAt: isoSeconds(p.createdAt),
        updatedAt: isoSeconds(p.updatedAt),
        closedAt,
        mergedAt,
        mergedBy,
        isDraft: p.isDraft ?? false,
        baseRefName: p.baseRefName ?? git.defaultBranch,
        headRefName: p.headRefName ?? `pr-${p.number}`,
        additions: p.additions ?? 0,
        deletions: p.deletions ?? 0,
        mergeCommitOid: p.mergeCommit?.oid ?? null,
        labels: p.labels ?? [],
        commits: p.mergeCommit?.oid ? (pullCommits(p.mergeCommit.oid) ?? []) : [],
        reviews,
        comments: comments(p.comments),
        events: mergeEvents(events, timeline.pulls.get(p.number))
      }
    })
    .sort((a, b) => a.number - b.number)

  const issues: SeedIssue[] = (archive.issues ?? [])
    .map((i) => {
      const closedAt = i.closedAt ? isoSeconds(i.closedAt) : null
      const events: SeedTimelineItem[] = closedAt
        ? [{ type: 'ClosedEvent', createdAt: closedAt, actor: null }]
        : []
      return {
        number: i.number,
        id: i.id,
        databaseId: databaseIdFromNodeId(i.id) ?? hashNumber(i.id),
        title: i.title,
        author: actorFromLogin(i.author),
        createdAt: isoSeconds(i.createdAt),
        updatedAt: isoSeconds(i.updatedAt),
        closedAt,
        labels: i.labels ?? [],
        comments: comments(i.comments),
        events: mergeEvents(events, timeline.issues.get(i.number))
      }
    })
    .sort((a, b) => a.number - b.number)

  const deployments: SeedDeployment[] = []
  const sortedRows = [...deploymentRows].sort((a, b) => a.createdAt.localeCompare(b.createdAt))
  for (const row of sortedRows) {
    const sha = row.sha ?? byPrefix(row.shortSha)
    if (!sha) continue
    const databaseId = deployments.length + 1
    const at = isoSeconds(row.createdAt)
    deployments.push({
      databaseId,
      id: legacyNodeId('Deployment', databaseId),
      environment: row.environment,
      sha,
      ref: row.environment === 'production' ? git.defaultBranch : sha,
      task: 'deploy',
      createdAt: at,
      updatedAt: at,
      creator: { login: 'github-actions', type: 'Bot' },
      statuses: [{ id: databaseId, state: 'SUCCESS', createdAt: at }]
    })
  }

  const releases: SeedRelease[] = [...tagRows]
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .map((t, index) => {
      const at = isoSeconds(t.createdAt)
      return {
        databaseId: index + 1,
        id: legacyNodeId('Release', index + 1),
        tagName: t.name,
        name: t.name,
        tagCommitOid: t.oid,
        createdAt: at,
        publishedAt: at,
        isDraft: false,
        isPrerelease: false,
        author: null
      }
    })

  const times = [
    ...pulls.map((p) => p.createdAt),
    ...issues.map((i) => i.createdAt),
    ...commits.map((c) => c.committedDate)
  ].sort()
  return {
    owner,
    name,
    ownerIsOrganization: true,
    defaultBranch: git.defaultBranch,
    createdAt: times[0] ?? isoSeconds(archive.timestamp),
    until: isoSeconds(archive.timestamp),
    labels: (archive.labels ?? []).map((l) => ({
      name: l.name,
      color: l.color ?? 'ededed',
      description: l.description ?? null
    })),
    teams: [],
    pulls,
    issues,
    commits,
    deployments,
    releases,
    workflows: [],
    workflowRuns: []
  }
}
