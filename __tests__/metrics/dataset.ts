/**
 * Maps a dataset folder of ../shared/datasets (archive.json, git.json, deployments.json) to `History`,
 * for the metrics tests. Archive reviews carry `createdAt`, which stands in for `submittedAt`; comments
 * are reduced to the first per author. Archives have no review-request, draft or transfer events.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type {
  Commit,
  Deployment,
  FirstComment,
  History,
  Issue,
  PullRequest,
  Review
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
  reviews: Array<{ author: string | null; state: Review['state']; createdAt: string }>
}

function firstPerAuthor(comments: ArchiveComment[]): FirstComment[] {
  const seen = new Set<string | null>()
  const result: FirstComment[] = []
  for (const comment of [...comments].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt))) {
    if (seen.has(comment.author)) continue
    seen.add(comment.author)
    result.push({ author: comment.author, at: comment.createdAt })
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
  const pulls: PullRequest[] = archive.pulls.map((p) => ({
    number: p.number,
    title: p.title,
    author: p.author,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    closedAt: p.closedAt,
    mergedAt: p.mergedAt,
    isDraft: false,
    draftEvents: [],
    firstCommitAt: null,
    mergeCommitSha: p.mergeCommit?.oid ?? null,
    baseRef: p.baseRefName,
    labels: p.labels,
    additions: 0,
    deletions: 0,
    reviewRequests: [],
    reviews: p.reviews
      .map((r) => ({ author: r.author, state: r.state, submittedAt: r.createdAt }))
      .sort((a, b) => Date.parse(a.submittedAt) - Date.parse(b.submittedAt)),
    comments: firstPerAuthor(p.comments)
  }))
  const issues: Issue[] = archive.issues.map((i) => ({
    number: i.number,
    title: i.title,
    author: i.author,
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
    closedAt: i.closedAt,
    labels: i.labels,
    comments: firstPerAuthor(i.comments),
    transfers: []
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
