/** Small builders for hand-made timelines in the metrics tests. */
import type { Deployment, History, Issue, PullRequest } from '../../src/model.js'
import type { MetricOptions } from '../../src/metrics/index.js'
import { METRIC_NAMES } from '../../src/metrics/types.js'

export function pull(number: number, fields: Partial<PullRequest> = {}): PullRequest {
  return {
    number,
    title: `PR ${number}`,
    author: 'alice',
    createdAt: '2026-11-02T09:00:00Z',
    updatedAt: '2026-11-02T09:00:00Z',
    closedAt: null,
    mergedAt: null,
    isDraft: false,
    draftEvents: [],
    firstCommitAt: null,
    mergeCommitSha: null,
    baseRef: 'main',
    labels: [],
    additions: 1,
    deletions: 1,
    reviewRequests: [],
    reviews: [],
    comments: [],
    ...fields
  }
}

export function issue(number: number, fields: Partial<Issue> = {}): Issue {
  return {
    number,
    title: `Issue ${number}`,
    author: 'alice',
    createdAt: '2026-11-02T09:00:00Z',
    updatedAt: '2026-11-02T09:00:00Z',
    closedAt: null,
    labels: [],
    comments: [],
    transfers: [],
    ...fields
  }
}

export function deployment(id: string, fields: Partial<Deployment> = {}): Deployment {
  return {
    source: 'deployment',
    id,
    environment: 'production',
    sha: null,
    status: 'success',
    createdAt: '2026-11-02T09:00:00Z',
    finishedAt: null,
    ...fields
  }
}

export function history(fields: Partial<History> = {}): History {
  return {
    repository: 'acme/widgets',
    defaultBranch: 'main',
    pulls: [],
    issues: [],
    commits: [],
    deployments: [],
    incidents: [],
    teams: null,
    ...fields
  }
}

/** A week window (Mon 2026-11-02 to Mon 2026-11-09, UTC), all metrics, daily buckets. */
export function options(fields: Partial<MetricOptions> = {}): MetricOptions {
  return {
    since: '2026-11-02T00:00:00Z',
    until: '2026-11-09T00:00:00Z',
    period: '2026-W45',
    bucket: 'day',
    timezone: 'UTC',
    metrics: [...METRIC_NAMES],
    ignoreUsers: [],
    includeBots: false,
    deploymentEnvironment: 'production',
    deploymentSource: 'auto',
    incidentLabel: null,
    workingHours: null,
    generatedAt: '2026-11-09T00:00:00Z',
    complete: true,
    ...fields
  }
}

export const HOUR = 3600
