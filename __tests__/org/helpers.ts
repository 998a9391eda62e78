/** Shared by the organization tests. */
import { METRIC_NAMES, type MetricName, type Metrics, type Snapshot } from '../../src/metrics/types.js'

/** Every metric is pooled. */
export const POOLED: readonly MetricName[] = METRIC_NAMES

/**
 * A pooled metric's figures as one repository's snapshot writes them: pooled backlog items also name
 * their repository (numbers are per repository), which a repository's own snapshot does not.
 */
export function figures(metrics: Partial<Metrics>, name: MetricName): unknown {
  const value = metrics[name]
  if (name !== 'backlog' || !value) return value
  const backlog = value as Metrics['backlog']
  const strip = (list: Metrics['backlog']['unansweredIssues']) => ({
    ...list,
    oldest: list.oldest.map(({ repository, ...item }) => {
      expect(typeof repository).toBe('string')
      return item
    })
  })
  return {
    ...backlog,
    awaitingFirstReview: strip(backlog.awaitingFirstReview),
    unansweredIssues: strip(backlog.unansweredIssues)
  }
}

/** Pooled details as one repository's snapshot writes them (without the items' repository). */
export function plainDetails(details: Snapshot['details']): Snapshot['details'] {
  if (!details) return details
  const strip = <T extends { repository?: string }>(items: readonly T[]) =>
    items.map(({ repository, ...item }) => {
      expect(typeof repository).toBe('string')
      return item
    })
  return { pendingReviews: strip(details.pendingReviews), slowestMerges: strip(details.slowestMerges) }
}
