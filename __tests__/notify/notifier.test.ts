/** The issue Notifier: the pipeline's Notification becomes one labelled issue in the configured repository. */
import type { IssueApi } from '../../src/notify/index.js'
import { createIssueNotifier } from '../../src/notify/notifier.js'
import type { Notification } from '../../src/pipeline/types.js'

/** Answers as GitHub does for a repository with no issues and no label yet; records every request. */
function emptyRepository(): IssueApi & { calls: Array<{ route: string; params: Record<string, unknown> }> } {
  const calls: Array<{ route: string; params: Record<string, unknown> }> = []
  const created: Array<{ number: number; title: string; body: string; state: string; html_url: string }> = []
  return {
    calls,
    async request(route, params = {}) {
      calls.push({ route, params })
      switch (route) {
        case 'GET /repos/{owner}/{repo}/issues':
          return { status: 200, data: created }
        case 'GET /repos/{owner}/{repo}/labels/{name}':
          throw Object.assign(new Error('Not Found'), { status: 404 })
        case 'POST /repos/{owner}/{repo}/labels':
          return { status: 201, data: {} }
        case 'POST /repos/{owner}/{repo}/issues': {
          const issue = {
            number: created.length + 1,
            title: params.title as string,
            body: params.body as string,
            state: 'open',
            html_url: `https://github.com/${params.owner}/${params.repo}/issues/${created.length + 1}`
          }
          created.push(issue)
          return { status: 201, data: issue }
        }
        default:
          throw new Error(`unexpected request ${route}`)
      }
    }
  }
}

const notification: Notification = {
  label: 'metrics-report',
  title: 'Metrics report 2026-11 for o/r',
  body: 'See [the report](https://github.com/o/r/blob/repo-metrics/reports/2026-11/README.md).',
  period: '2026-11',
  marker: 'repo-metrics-report:o/r:2026-11',
  assignees: [],
  closePrevious: false
}

describe('createIssueNotifier', () => {
  it('opens the issue in its own repository, then finds it again by marker instead of opening a second', async () => {
    const api = emptyRepository()
    const lines: string[] = []
    const notifier = createIssueNotifier({
      octokit: api,
      owner: 'test-org',
      repo: 'sandbox',
      log: { info: (m) => lines.push(m), debug: () => undefined, warning: (m) => lines.push(m) }
    })
    expect(notifier.description).toBe('issues of test-org/sandbox')

    const first = await notifier.announce(notification)
    expect(first).toEqual({
      number: 1,
      url: 'https://github.com/test-org/sandbox/issues/1',
      created: true,
      unchanged: false
    })
    const post = api.calls.find((c) => c.route === 'POST /repos/{owner}/{repo}/issues')
    expect(post?.params).toMatchObject({ owner: 'test-org', repo: 'sandbox', labels: ['metrics-report'] })
    expect(post?.params.body).toContain('<!-- repo-metrics-report:o/r:2026-11 -->')

    const again = await notifier.announce(notification)
    expect(again).toEqual({ ...first, created: false, unchanged: true })
    expect(api.calls.filter((c) => c.route === 'POST /repos/{owner}/{repo}/issues')).toHaveLength(1)
  })
})
