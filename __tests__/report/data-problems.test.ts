/** The report's "Data problems" section lists the values dropped as out of order, each with its link. */
import { readFileSync } from 'node:fs'
import type { Snapshot } from '../../src/metrics/types.js'
import { renderReport } from '../../src/report/index.js'

const snapshot = JSON.parse(
  readFileSync(new URL('./fixtures/snapshot.json', import.meta.url), 'utf8')
) as Snapshot

describe('data problems in the report', () => {
  it('lists the count and every dropped value with a link to its pull request or issue', async () => {
    const r = await renderReport({
      snapshot: {
        ...snapshot,
        dataProblems: [
          {
            kind: 'out-of-order',
            message: "2 values were dropped because GitHub's timestamps are out of order: timeToMerge 1",
            items: [
              {
                metric: 'issueFirstResponse',
                item: 'issue',
                number: 21,
                start: '2026-11-04T09:00:00Z',
                end: '2026-11-03T09:00:00Z',
                seconds: -86400
              },
              {
                metric: 'timeToMerge',
                item: 'pull',
                number: 7,
                start: '2104-03-31T09:00:00Z',
                end: '2026-11-03T09:00:00Z',
                seconds: -28272 * 86400
              }
            ]
          }
        ]
      },
      previous: null,
      repository: 'octo-org/widgets',
      serverUrl: 'https://github.com',
      reportsBranch: 'repo-metrics',
      reportsPath: 'reports',
      mentionReviewers: false,
      template: null,
      issueTemplate: null,
      existingIndex: null
    })
    const md = r.files.find((f) => f.path === `reports/${snapshot.period}/README.md`)!.content
    const section = md.slice(md.indexOf('## Data problems'))
    expect(section).toContain(
      "- **out-of-order**: 2 values were dropped because GitHub's timestamps are out of order"
    )
    expect(section).toContain(
      '  - Issue first response, [#21](https://github.com/octo-org/widgets/issues/21): ends 2026-11-03T09:00:00Z, before it starts 2026-11-04T09:00:00Z (-1 d)\n'
    )
    expect(section).toContain(
      '  - Time to merge, [#7](https://github.com/octo-org/widgets/pull/7): ends 2026-11-03T09:00:00Z, before it starts 2104-03-31T09:00:00Z (-28272 d)\n'
    )
    // The issue keeps to the messages: the items are in the report it links.
    expect(r.issueBody).toContain('out-of-order')
    expect(r.issueBody).not.toContain('widgets/pull/7)')
  })
})
