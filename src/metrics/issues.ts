/**
 * Issue metrics: issueFirstResponse, issueTimeToClose and the opened / closed / transferred counts.
 */
import type { Issue } from '../model.js'
import type { IssueItem, MetricValues } from '../org/values.js'
import type { MetricContext } from './context.js'
import { addDuration } from './out-of-order.js'
import { authorCounts } from './pull-view.js'
import { CountCollector, DistCollector } from './stats.js'
import type { Dist, IssueCounts } from './types.js'

export class IssueMetrics {
  private readonly firstResponse: DistCollector
  private readonly toClose: DistCollector
  private readonly counts: CountCollector<'opened' | 'closed' | 'transferred'>
  /** The issues that count in the window, for the values file (src/org/values.ts). */
  private readonly items: IssueItem[] = []

  /** `pullNumbers`: issues and pull requests share numbers, so an "issue" with a pull's number is that pull. */
  constructor(
    private readonly ctx: MetricContext,
    private readonly pullNumbers: ReadonlySet<number> = new Set()
  ) {
    // Values are attributed (issueFirstResponse: the responder; issueTimeToClose: the issue's author)
    // and keep their issue's number.
    this.firstResponse = new DistCollector(ctx.buckets, { who: true, item: true })
    this.toClose = new DistCollector(ctx.buckets, { who: true, item: true })
    this.counts = new CountCollector(ctx.buckets, ['opened', 'closed', 'transferred'] as const)
  }

  addIssue(issue: Issue): void {
    if (!authorCounts(this.ctx, issue.author) || this.pullNumbers.has(issue.number)) return
    const created = Date.parse(issue.createdAt)
    const opened = this.counts.add('opened', created)
    let closed = false
    let valued = false
    if (issue.closedAt) {
      const closedAt = Date.parse(issue.closedAt)
      closed = this.counts.add('closed', closedAt)
      valued = addDuration(
        this.ctx,
        this.toClose,
        this.source('issueTimeToClose', issue),
        created,
        closedAt,
        issue.author
      )
    }
    const transfers = issue.transfers.map((transfer) => ({
      at: transfer.at,
      from: transfer.from,
      counted: this.counts.add('transferred', Date.parse(transfer.at))
    }))
    let first = NaN
    let responder: string | null = null
    for (const comment of issue.comments) {
      if (!this.responds(issue, comment.author)) continue
      const at = Date.parse(comment.at)
      if (Number.isNaN(first) || at < first) {
        first = at
        responder = comment.author
      }
    }
    if (!Number.isNaN(first)) {
      const source = this.source('issueFirstResponse', issue)
      if (addDuration(this.ctx, this.firstResponse, source, created, first, responder)) valued = true
    }
    if (opened || closed || valued || transfers.some((t) => t.counted)) {
      const { number, createdAt, author } = issue
      this.items.push({ number, createdAt, author, opened, closed, transfers })
    }
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

  /** The values file's part for the issue metrics (src/org/values.ts). */
  values(): Pick<MetricValues, 'issueFirstResponse' | 'issueTimeToClose' | 'issues'> {
    return {
      issueFirstResponse: this.firstResponse.collected(),
      issueTimeToClose: this.toClose.collected(),
      issues: this.issues()
    }
  }

  /** The issues that count in the window (the values file's `issueItems`). */
  issueItems(): IssueItem[] {
    return [...this.items]
  }
}
