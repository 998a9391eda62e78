/**
 * Issue metrics: issueFirstResponse, issueTimeToClose and the opened / closed / transferred counts.
 */
import type { Issue } from '../model.js'
import type { MetricContext } from './context.js'
import { addDuration } from './out-of-order.js'
import { authorCounts } from './pull-view.js'
import { CountCollector, DistCollector } from './stats.js'
import type { Dist, IssueCounts } from './types.js'

export class IssueMetrics {
  private readonly firstResponse: DistCollector
  private readonly toClose: DistCollector
  private readonly counts: CountCollector<'opened' | 'closed' | 'transferred'>

  /** `pullNumbers`: issues and pull requests share numbers, so an "issue" with a pull's number is that pull. */
  constructor(
    private readonly ctx: MetricContext,
    private readonly pullNumbers: ReadonlySet<number> = new Set()
  ) {
    this.firstResponse = new DistCollector(ctx.buckets)
    this.toClose = new DistCollector(ctx.buckets)
    this.counts = new CountCollector(ctx.buckets, ['opened', 'closed', 'transferred'] as const)
  }

  addIssue(issue: Issue): void {
    if (!authorCounts(this.ctx, issue.author) || this.pullNumbers.has(issue.number)) return
    const created = Date.parse(issue.createdAt)
    this.counts.add('opened', created)
    if (issue.closedAt) {
      const closed = Date.parse(issue.closedAt)
      this.counts.add('closed', closed)
      addDuration(this.ctx, this.toClose, this.source('issueTimeToClose', issue), created, closed)
    }
    for (const transfer of issue.transfers) this.counts.add('transferred', Date.parse(transfer.at))
    let first = NaN
    for (const comment of issue.comments) {
      if (!this.responds(issue, comment.author)) continue
      const at = Date.parse(comment.at)
      if (Number.isNaN(first) || at < first) first = at
    }
    if (!Number.isNaN(first))
      addDuration(this.ctx, this.firstResponse, this.source('issueFirstResponse', issue), created, first)
  }

  private source(metric: string, issue: Issue) {
    return { metric, item: 'issue' as const, number: issue.number }
  }

  /**
   * Whether a comment by `author` is a response: by someone else who counts, or by a deleted account
   * (it still happened), unless the issue's author is deleted too (then nobody can tell who wrote it).
   */
  private responds(issue: Issue, author: string | null): boolean {
    if (author === null) return issue.author !== null
    return author !== issue.author && this.ctx.counts(author)
  }

  issueFirstResponse(): Dist {
    return this.firstResponse.result()
  }

  issueTimeToClose(): Dist {
    return this.toClose.result()
  }

  issues(): IssueCounts {
    return { ...this.counts.totals }
  }
}
