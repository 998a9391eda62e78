import {
  expandTitle,
  findMarker,
  issueBodyWithMarker,
  issueMarker,
  LABEL_COLOR,
  markerComment,
  markerPrefix,
  notify,
  type IssueApi,
  type NotifyOptions
} from '../../src/notify/index.js'

interface FakeIssue {
  number: number
  title: string
  body: string | null
  state: 'open' | 'closed'
  labels: string[]
  assignees: string[]
  pull_request?: object
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message)
  }
}

/** A fake of the GitHub issues API at the octokit edge: stateful, recording every request. */
class FakeGitHub implements IssueApi {
  issues: FakeIssue[] = []
  labels = new Map<string, { color: string; description: string }>()
  calls: Array<{ route: string; params: Record<string, unknown> }> = []
  assignable = new Set(['octocat'])
  failList: number | null = null

  async request(route: string, params: Record<string, unknown> = {}) {
    this.calls.push({ route, params })
    const url = (n: number) => `https://github.com/${params.owner}/${params.repo}/issues/${n}`
    const view = (i: FakeIssue) => ({
      ...i,
      html_url: url(i.number),
      labels: i.labels.map((name) => ({ name }))
    })
    switch (route) {
      case 'GET /repos/{owner}/{repo}/issues': {
        if (this.failList) throw new HttpError(this.failList, 'Resource not accessible by integration')
        const state = params.state as string
        const list = this.issues
          .filter((i) => i.labels.includes(params.labels as string))
          .filter((i) => state === 'all' || i.state === state)
          .sort((a, b) => b.number - a.number)
        const perPage = Number(params.per_page ?? 30)
        const page = Number(params.page ?? 1)
        return { status: 200, data: list.slice((page - 1) * perPage, page * perPage).map(view) }
      }
      case 'GET /repos/{owner}/{repo}/labels/{name}': {
        const label = this.labels.get(params.name as string)
        if (!label) throw new HttpError(404, 'Not Found')
        return { status: 200, data: { name: params.name, ...label } }
      }
      case 'POST /repos/{owner}/{repo}/labels':
        if (this.labels.has(params.name as string)) throw new HttpError(422, 'already_exists')
        this.labels.set(params.name as string, {
          color: params.color as string,
          description: params.description as string
        })
        return { status: 201, data: {} }
      case 'POST /repos/{owner}/{repo}/issues': {
        const assignees = (params.assignees as string[] | undefined) ?? []
        if (assignees.some((a) => !this.assignable.has(a))) throw new HttpError(422, 'Validation Failed')
        const labels = params.labels as string[]
        for (const l of labels)
          if (!this.labels.has(l)) this.labels.set(l, { color: 'ededed', description: '' })
        const issue: FakeIssue = {
          number: this.issues.length + 1,
          title: params.title as string,
          body: params.body as string,
          state: 'open',
          labels,
          assignees
        }
        this.issues.push(issue)
        return { status: 201, data: view(issue) }
      }
      case 'PATCH /repos/{owner}/{repo}/issues/{issue_number}': {
        const issue = this.issues.find((i) => i.number === params.issue_number)
        if (!issue) throw new HttpError(404, 'Not Found')
        if (params.title !== undefined) issue.title = params.title as string
        if (params.body !== undefined) issue.body = params.body as string
        if (params.state !== undefined) issue.state = params.state as 'open' | 'closed'
        return { status: 200, data: view(issue) }
      }
      default:
        throw new Error(`fake GitHub: unexpected ${route}`)
    }
  }

  open(label: string) {
    return this.issues.filter((i) => i.state === 'open' && i.labels.includes(label))
  }
  routes() {
    return this.calls.map((c) => c.route)
  }
}

const lines: string[] = []
const log = {
  info: (m: string) => lines.push(m),
  debug: () => {},
  warning: (m: string) => lines.push(`warning: ${m}`)
}

function options(gh: FakeGitHub, over: Partial<NotifyOptions> = {}): NotifyOptions {
  const period = over.period ?? '2026-W47'
  return {
    octokit: gh,
    owner: 'octo-org',
    repo: 'widgets',
    label: 'metrics-report',
    title: 'Engineering metrics {period}',
    body: 'The report: [reports/2026-W47/README.md](https://github.com/octo-org/widgets/blob/repo-metrics/reports/2026-W47/README.md)\n',
    period,
    marker: issueMarker('octo-org/widgets', period),
    assignees: [],
    closePrevious: true,
    log,
    ...over
  }
}

describe('notify', () => {
  beforeEach(() => lines.splice(0))

  it('opens one labelled issue, creating the label with a color and description', async () => {
    const gh = new FakeGitHub()
    const result = await notify(options(gh, { assignees: ['octocat'] }))
    expect(result).toEqual({
      number: 1,
      url: 'https://github.com/octo-org/widgets/issues/1',
      created: true,
      closed: []
    })
    expect(gh.routes()).toEqual([
      'GET /repos/{owner}/{repo}/issues',
      'GET /repos/{owner}/{repo}/labels/{name}',
      'POST /repos/{owner}/{repo}/labels',
      'POST /repos/{owner}/{repo}/issues'
    ])
    expect(gh.calls[0].params).toMatchObject({ labels: 'metrics-report', per_page: 100 })
    expect(gh.labels.get('metrics-report')).toEqual({
      color: LABEL_COLOR,
      description: expect.stringMatching(/metrics/)
    })
    const issue = gh.issues[0]
    expect(issue.title).toBe('Engineering metrics 2026-W47')
    expect(issue.labels).toEqual(['metrics-report'])
    expect(issue.assignees).toEqual(['octocat'])
    expect(issue.body).toContain('<!-- repo-metrics-report:octo-org/widgets:2026-W47 -->')
  })

  it('a re-run with the same body makes one request and no second issue', async () => {
    const gh = new FakeGitHub()
    await notify(options(gh))
    gh.calls = []
    const again = await notify(options(gh))
    expect(again).toMatchObject({ number: 1, created: false, closed: [], unchanged: true })
    expect(gh.routes()).toEqual(['GET /repos/{owner}/{repo}/issues'])
    expect(gh.open('metrics-report')).toHaveLength(1)
  })

  it("pages on to find an old period's issue behind more than 100 newer ones", async () => {
    const gh = new FakeGitHub()
    await notify(options(gh, { period: '2024-W01', marker: issueMarker('octo-org/widgets', '2024-W01') }))
    for (let n = 2; n <= 150; n++) {
      gh.issues.push({
        number: n,
        title: `Engineering metrics ${n}`,
        body: `<!-- repo-metrics-report:octo-org/widgets:p${n} -->`,
        state: 'closed',
        labels: ['metrics-report'],
        assignees: []
      })
    }
    gh.calls = []
    const again = await notify(
      options(gh, {
        period: '2024-W01',
        marker: issueMarker('octo-org/widgets', '2024-W01'),
        body: 'Corrected figures. reports/2024-W01/README.md',
        closePrevious: false
      })
    )
    expect(again).toMatchObject({ number: 1, created: false })
    expect(
      gh.calls.filter((c) => c.route === 'GET /repos/{owner}/{repo}/issues').map((c) => c.params.page)
    ).toEqual([1, 2])
    expect(gh.issues).toHaveLength(150)
  })

  it('updates the issue when the body changed', async () => {
    const gh = new FakeGitHub()
    await notify(options(gh))
    gh.calls = []
    const again = await notify(options(gh, { body: 'New figures. reports/2026-W47/README.md' }))
    expect(again.created).toBe(false)
    expect(gh.routes()).toEqual([
      'GET /repos/{owner}/{repo}/issues',
      'PATCH /repos/{owner}/{repo}/issues/{issue_number}'
    ])
    expect(gh.issues[0].body).toMatch(/^New figures/)
    expect(gh.issues).toHaveLength(1)
  })

  it('finds the issue by its marker, not by its title', async () => {
    const gh = new FakeGitHub()
    gh.labels.set('metrics-report', { color: 'ffffff', description: '' })
    // Same title, no marker: someone else's issue, left alone.
    gh.issues.push({
      number: 1,
      title: 'Engineering metrics 2026-W47',
      body: 'hand written',
      state: 'open',
      labels: ['metrics-report'],
      assignees: []
    })
    // Renamed by a user, but carrying this period's marker: ours.
    gh.issues.push({
      number: 2,
      title: 'renamed',
      body: `old\n\n${markerComment(issueMarker('octo-org/widgets', '2026-W47'))}`,
      state: 'open',
      labels: ['metrics-report'],
      assignees: []
    })
    const result = await notify(options(gh))
    expect(result).toMatchObject({ number: 2, created: false })
    expect(gh.issues[1].title).toBe('Engineering metrics 2026-W47')
    expect(gh.issues[0].body).toBe('hand written')
    expect(gh.issues).toHaveLength(2)
  })

  it("closes the previous periods' issues of this report only", async () => {
    const gh = new FakeGitHub()
    await notify(options(gh, { period: '2026-W46' }))
    // Another repository's report under the same label.
    gh.issues.push({
      number: 2,
      title: 'other',
      body: markerComment(issueMarker('octo-org/other', '2026-W46')),
      state: 'open',
      labels: ['metrics-report'],
      assignees: []
    })
    gh.calls = []
    const result = await notify(options(gh))
    expect(result).toMatchObject({ number: 3, created: true, closed: [1] })
    expect(gh.issues.map((i) => i.state)).toEqual(['closed', 'open', 'open'])
    // The label exists now: checked once, not created again.
    expect(gh.routes().filter((r) => r.includes('labels'))).toEqual([
      'GET /repos/{owner}/{repo}/labels/{name}'
    ])
  })

  it('leaves previous issues open without close-previous-issue', async () => {
    const gh = new FakeGitHub()
    await notify(options(gh, { period: '2026-W46' }))
    const result = await notify(options(gh, { closePrevious: false }))
    expect(result.closed).toEqual([])
    expect(gh.open('metrics-report')).toHaveLength(2)
  })

  it('closes a duplicate of this period and keeps the newest open one', async () => {
    const gh = new FakeGitHub()
    gh.labels.set('metrics-report', { color: 'ffffff', description: '' })
    const body = issueBodyWithMarker('x', issueMarker('octo-org/widgets', '2026-W47'))
    for (const n of [1, 2])
      gh.issues.push({
        number: n,
        title: 't',
        body,
        state: 'open',
        labels: ['metrics-report'],
        assignees: []
      })
    const result = await notify(options(gh, { closePrevious: false }))
    expect(result).toMatchObject({ number: 2, closed: [1] })
    expect(gh.open('metrics-report').map((i) => i.number)).toEqual([2])
  })

  it('updates a closed issue of this period without reopening or duplicating it', async () => {
    const gh = new FakeGitHub()
    await notify(options(gh))
    gh.issues[0].state = 'closed'
    const result = await notify(options(gh, { body: 'changed' }))
    expect(result).toMatchObject({ number: 1, created: false })
    expect(gh.issues).toHaveLength(1)
    expect(gh.issues[0].state).toBe('closed')
  })

  it('ignores pull requests carrying the label', async () => {
    const gh = new FakeGitHub()
    gh.labels.set('metrics-report', { color: 'ffffff', description: '' })
    gh.issues.push({
      number: 1,
      title: 'pr',
      body: markerComment(issueMarker('octo-org/widgets', '2026-W47')),
      state: 'open',
      labels: ['metrics-report'],
      assignees: [],
      pull_request: {}
    })
    expect((await notify(options(gh))).created).toBe(true)
  })

  it('keeps the body under 65,536 characters with the marker and the report link', async () => {
    const gh = new FakeGitHub()
    const body = `[report](https://github.com/o/r/blob/b/reports/2026-W47/README.md)\n${'row | row | row\n'.repeat(10000)}`
    await notify(options(gh, { body }))
    const sent = gh.issues[0].body!
    expect(sent.length).toBeLessThan(65536)
    expect(findMarker(sent)).toBe('repo-metrics-report:octo-org/widgets:2026-W47')
    expect(sent).toContain('shortened')
    expect(sent.match(/reports\/2026-W47\/README\.md/g)!.length).toBe(2)
  })

  it('opens the issue without assignees GitHub refuses, with a warning', async () => {
    const gh = new FakeGitHub()
    const result = await notify(options(gh, { assignees: ['not-a-collaborator'] }))
    expect(result.created).toBe(true)
    expect(gh.issues[0].assignees).toEqual([])
    expect(lines.some((l) => l.startsWith('warning:') && l.includes('issue-assignees'))).toBe(true)
  })

  it('sends the issue to the issue repository', async () => {
    const gh = new FakeGitHub()
    await notify(
      options(gh, {
        owner: 'octo-org',
        repo: 'sandbox',
        repository: 'octo-org/widgets',
        title: '{repository} {period}'
      })
    )
    expect(gh.calls.every((c) => c.params.repo === 'sandbox')).toBe(true)
    expect(gh.issues[0].title).toBe('octo-org/widgets 2026-W47')
  })

  it('explains a missing permission', async () => {
    const gh = new FakeGitHub()
    gh.failList = 403
    await expect(notify(options(gh))).rejects.toThrow(/octo-org\/widgets \(HTTP 403\).*issues: write/)
  })
})

describe('notify helpers', () => {
  it('expands the title placeholders and caps its length', () => {
    expect(
      expandTitle('Engineering metrics {period} for {repository}', { period: '2026-11', repository: 'o/r' })
    ).toBe('Engineering metrics 2026-11 for o/r')
    expect(expandTitle('x'.repeat(300), { period: '', repository: '' })).toHaveLength(256)
  })

  it('finds markers and their shared prefix', () => {
    const marker = issueMarker('o/r', '2026-W47')
    expect(findMarker(`text\n${markerComment(marker)}\n`)).toBe(marker)
    expect(findMarker('no marker')).toBeNull()
    expect(findMarker(null)).toBeNull()
    expect(markerPrefix(marker, '2026-W47')).toBe('repo-metrics-report:o/r:')
  })
})
