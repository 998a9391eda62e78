/**
 * Maps a dataset folder of ../shared/datasets (archive.json, git.json, deployments.json and, where
 * present, timeline.json) to `History`, for the metrics tests. Archive reviews carry `createdAt`, which
 * stands in for `submittedAt`; comments are reduced to the first per author; a deleted account (null,
 * or GitHub's `ghost` login) is null, as the sync stores it. Review-request, draft and transfer events
 * come from timeline.json only.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type {
  Commit,
  Deployment,
  DraftEvent,
  FirstComment,
  History,
  Issue,
  PullRequest,
  Review,
  ReviewRequestEvent
} from '../../src/model.js'

/** `../shared/datasets` relative to the repository root. */
export const DATASETS_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'shared',
  'datasets'
)

export function datasetAvailable(name: string): boolean {
  return existsSync(join(DATASETS_DIR, name, 'archive.json'))
}

interface ArchiveComment {
  author: string | null
  createdAt: string
}
interface ArchiveItem {
  number: number
  title: string
  author: string | null
  createdAt: string
  updatedAt: string
  closedAt: string | null
  labels: string[]
  comments: ArchiveComment[]
}
interface ArchivePull extends ArchiveItem {
  mergedAt: string | null
  baseRefName: string
  mergeCommit: { oid: string } | null
  isDraft?: boolean
  reviews: Array<{ author: string | null; state: Review['state']; createdAt: string }>
}

interface TimelineEvent {
  type: string
  createdAt: string
  requestedReviewer?: { login?: string; team?: string } | null
  fromRepository?: string | null
}
interface Timeline {
  pulls?: Record<string, TimelineEvent[]>
  issues?: Record<string, TimelineEvent[]>
}

/** A login as the sync stores it: GitHub's `ghost` placeholder is a deleted account. */
const login = (name: string | null): string | null => (name === 'ghost' ? null : name)

function reviewRequests(events: TimelineEvent[]): ReviewRequestEvent[] {
  const out: ReviewRequestEvent[] = []
  for (const e of events) {
    if (e.type !== 'ReviewRequestedEvent' && e.type !== 'ReviewRequestRemovedEvent') continue
    const who = e.requestedReviewer
    const reviewer = who?.team ? `team:${who.team}` : login(who?.login ?? null)
    if (!reviewer) continue
    out.push({ type: e.type === 'ReviewRequestedEvent' ? 'requested' : 'removed', at: e.createdAt, reviewer })
  }
  return out
}

function draftEvents(events: TimelineEvent[]): DraftEvent[] {
  return events
    .filter((e) => e.type === 'ReadyForReviewEvent' || e.type === 'ConvertToDraftEvent')
    .map((e) => ({
      type: e.type === 'ReadyForReviewEvent' ? ('ready' as const) : ('draft' as const),
      at: e.createdAt
    }))
}

function firstPerAuthor(comments: ArchiveComment[]): FirstComment[] {
  const seen = new Set<string | null>()
  const result: FirstComment[] = []
  for (const comment of [...comments].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt))) {
    const author = login(comment.author)
    if (seen.has(author)) continue
    seen.add(author)
    result.push({ author, at: comment.createdAt })
  }
  return result
}

export interface Dataset {
  history: History
  /** The archive's own timestamp (the end of the data). */
  timestamp: string
}

export function loadDataset(name: string): Dataset {
  const dir = join(DATASETS_DIR, name)
  const archive = JSON.parse(readFileSync(join(dir, 'archive.json'), 'utf8')) as {
    repo: string
    timestamp: string
    issues: ArchiveItem[]
    pulls: ArchivePull[]
  }
  const git = JSON.parse(readFileSync(join(dir, 'git.json'), 'utf8')) as {
    defaultBranch: string
    commits: Array<{ oid: string; parents: string[]; committedAt: string }>
  }
  const deployments = JSON.parse(readFileSync(join(dir, 'deployments.json'), 'utf8')) as Array<{
    id: string
    sha: string | null
    createdAt: string
    environment: string
  }>
  const timelinePath = join(dir, 'timeline.json')
  const timeline: Timeline = existsSync(timelinePath) ? JSON.parse(readFileSync(timelinePath, 'utf8')) : {}
  const pullEvents = (n: number) => timeline.pulls?.[String(n)] ?? []
  const pulls: PullRequest[] = archive.pulls.map((p) => ({
    number: p.number,
    title: p.title,
    author: login(p.author),
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    closedAt: p.closedAt,
    mergedAt: p.mergedAt,
    isDraft: p.isDraft ?? false,
    draftEvents: draftEvents(pullEvents(p.number)),
    firstCommitAt: null,
    mergeCommitSha: p.mergeCommit?.oid ?? null,
    baseRef: p.baseRefName,
    labels: p.labels,
    additions: 0,
    deletions: 0,
    reviewRequests: reviewRequests(pullEvents(p.number)),
    reviews: p.reviews
      .map((r) => ({ author: login(r.author), state: r.state, submittedAt: r.createdAt }))
      .sort((a, b) => Date.parse(a.submittedAt) - Date.parse(b.submittedAt)),
    comments: firstPerAuthor(p.comments)
  }))
  const issues: Issue[] = archive.issues.map((i) => ({
    number: i.number,
    title: i.title,
    author: login(i.author),
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
    closedAt: i.closedAt,
    labels: i.labels,
    comments: firstPerAuthor(i.comments),
    transfers: (timeline.issues?.[String(i.number)] ?? [])
      .filter((e) => e.type === 'TransferredEvent')
      .map((e) => ({ at: e.createdAt, from: e.fromRepository ?? null }))
  }))
  const commits: Commit[] = git.commits.map((c) => ({
    oid: c.oid,
    parents: c.parents,
    committedAt: c.committedAt
  }))
  const deploys: Deployment[] = deployments.map((d) => ({
    source: 'deployment',
    id: d.id,
    environment: d.environment,
    sha: d.sha,
    status: 'success',
    createdAt: d.createdAt,
    finishedAt: null
  }))
  return {
    timestamp: new Date(archive.timestamp).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    history: {
      repository: archive.repo,
      defaultBranch: git.defaultBranch,
      pulls,
      issues,
      commits,
      deployments: deploys,
      incidents: [],
      teams: null
    }
  }
}
