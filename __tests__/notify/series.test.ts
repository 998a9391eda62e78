/**
 * Two windows never share an issue, and one never closes the other's: a 30-day report's run closes
 * the previous 30-day issue, not the 7-day report's (close-previous-issue).
 */
import { issueMarker, notify, type IssueApi } from '../../src/notify/index.js'

interface Issue {
  number: number
  title: string
  body: string
  state: string
}

/** Just enough of the issues API: list, label check, create, update. */
function fakeGitHub(): IssueApi & { issues: Issue[] } {
  const issues: Issue[] = []
  const view = (i: Issue) => ({ ...i, html_url: `https://github.com/o/r/issues/${i.number}` })
  return {
    issues,
    async request(route: string, params: Record<string, unknown> = {}) {
      if (route === 'GET /repos/{owner}/{repo}/issues')
        return { status: 200, data: [...issues].sort((a, b) => b.number - a.number).map(view) }
      if (route === 'GET /repos/{owner}/{repo}/labels/{name}') return { status: 200, data: {} }
      if (route === 'POST /repos/{owner}/{repo}/issues') {
        const issue = {
          number: issues.length + 1,
          title: String(params.title),
          body: String(params.body),
          state: 'open'
        }
        issues.push(issue)
        return { status: 201, data: view(issue) }
      }
      if (route === 'PATCH /repos/{owner}/{repo}/issues/{issue_number}') {
        const issue = issues.find((i) => i.number === params.issue_number)!
        if (params.state) issue.state = String(params.state)
        return { status: 200, data: view(issue) }
      }
      throw new Error(`unexpected ${route}`)
    }
  }
}

const log = { info: () => {}, debug: () => {}, warning: () => {} }

const send = (gh: IssueApi, period: string) =>
  notify({
    octokit: gh,
    owner: 'o',
    repo: 'r',
    label: 'metrics-report',
    title: 'Metrics {period}',
    body: `Report ${period}`,
    period,
    marker: issueMarker('o/r', period),
    assignees: [],
    closePrevious: true,
    log
  })

describe('issues of different windows', () => {
  it('stay apart: each window closes only its own previous issue, and an old date-named one', async () => {
    const gh = fakeGitHub()
    await send(gh, '2026-11-22') // written under an old name
    await send(gh, '2026-11-23-7d')
    await send(gh, '2026-11-23-30d')
    expect(gh.issues.map((i) => [i.number, i.state])).toEqual([
      [1, 'closed'],
      [2, 'open'],
      [3, 'open']
    ])
    const next = await send(gh, '2026-11-24-7d')
    expect(next.closed).toEqual([2])
    expect(gh.issues.filter((i) => i.state === 'open').map((i) => i.title)).toEqual([
      'Metrics 2026-11-23-30d',
      'Metrics 2026-11-24-7d'
    ])
  })
})
