/** The report's backlog ("Waiting now"), review load, size and trend sections, from a v2 snapshot. */
import { readFileSync } from 'node:fs'
import type { Snapshot } from '../../src/metrics/types.js'
import { renderReport, type RenderReportInput } from '../../src/report/index.js'

const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/snapshot.json', import.meta.url), 'utf8')
) as Snapshot
const previous = JSON.parse(
  readFileSync(new URL('./fixtures/previous.json', import.meta.url), 'utf8')
) as Snapshot

const snapshot: Snapshot = {
  ...fixture,
  schemaVersion: 2,
  metrics: {
    ...fixture.metrics,
    backlog: {
      openPullRequests: {
        count: 3,
        age: { count: 3, median: 86400 * 3, max: 86400 * 40, min: 3600, mean: 1, p90: 1 },
        ageBands: [{ label: 'under 1 day', belowSeconds: 86400, count: 3 }]
      },
      awaitingFirstReview: {
        count: 12,
        oldestAgeSeconds: 86400 * 40,
        oldest: [
          { number: 41, title: 'Fix *everything* @octo-org/team', author: 'dana', ageSeconds: 86400 * 40 }
        ]
      },
      unansweredIssues: {
        count: 1,
        oldestAgeSeconds: 7200,
        oldest: [{ number: 7, title: 'Crash on start', author: null, ageSeconds: 7200 }]
      }
    },
    reviewLoad: { reviewers: [{ reviewer: 'erin', waiting: 4, reviewsGiven: 9 }] },
    pullRequestSize: {
      count: 2,
      median: 120,
      p90: 300,
      bands: [{ label: 'M (100–499)', from: 100, below: 500, count: 2, timeToMergeMedianSeconds: 7200 }]
    }
  }
}

const input = (mentionReviewers: boolean): RenderReportInput => ({
  snapshot,
  previous,
  trend: [
    { period: '2026-11-16', since: '', until: '', values: { timeToMerge: { median: 3600, count: 4 } } },
    { period: '2026-11-23', since: '', until: '', values: { timeToMerge: { median: null, count: 0 } } }
  ],
  previousCovered: true,
  repository: 'octo-org/widgets',
  serverUrl: 'https://github.com',
  reportsBranch: 'repo-metrics',
  reportsPath: 'reports',
  mentionReviewers,
  template: null,
  issueTemplate: null,
  existingIndex: null
})

describe('report sections on what is waiting', () => {
  it('shows the backlog with its oldest items, escaped, and its chart', async () => {
    const r = await renderReport(input(false))
    const md = r.reportMarkdown
    expect(md).toContain('## Waiting now')
    expect(md).toContain('- Open pull requests ready for review (drafts left out): **3**, median age 3 d')
    expect(md).toContain(
      '- Of those, with no review from anyone but their author: **12**, the oldest ready for 40 d.'
    )
    expect(md).toContain(
      '- Open issues with no answer from anyone but their author: **1**, the oldest open for 2 h.'
    )
    expect(md).toContain('[#41](https://github.com/octo-org/widgets/pull/41) Fix \\*everything\\*')
    // The title's mention is neutralised (by format.ts's escaping): nobody is pinged.
    expect(md).not.toContain('@octo-org/team')
    expect(md).toContain('- …and 11 more.')
    expect(md).toContain('[#7](https://github.com/octo-org/widgets/issues/7) Crash on start')
    expect(r.files.map((f) => f.path)).toEqual(
      expect.arrayContaining([
        'reports/2026-11-23/backlog.svg',
        'reports/2026-11-23/size.svg',
        'reports/2026-11-23/trend.svg'
      ])
    )
    expect(r.issueBody).toContain(
      '**Waiting now:** open pull requests 3, of them with no review yet 12; issues with no answer 1.'
    )
  })

  it('lists the review load with plain names unless mention-reviewers, the size bands and the trend', async () => {
    const plain = (await renderReport(input(false))).reportMarkdown
    expect(plain).toContain('| erin | 4 | 9 |')
    expect(plain).toContain('| M (100–499) | 2 | 2 h |')
    expect(plain).toContain('| 2026-11-16 | 1 h (n = 4) |')
    expect(plain).toContain('| 2026-11-23 | no data |')
    const mentioned = (await renderReport(input(true))).reportMarkdown
    expect(mentioned).toContain('| @erin | 4 | 9 |')
  })
})
