import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { selectForPrune } from '../src/ingest/index.js'
import { INPUTS, type InputKind } from '../src/inputs.js'
import { METRIC_NAMES } from '../src/metrics/types.js'
import { parseSettings, readSettings, type ParseSettingsResult } from '../src/settings.js'
import type { Settings } from '../src/settings-types.js'

const ENV = { GITHUB_REPOSITORY: 'octo-org/octo-repo' }

function parse(inputs: Record<string, string>, env: NodeJS.ProcessEnv = ENV): ParseSettingsResult {
  const all: Record<string, string> = { token: 'ghs_example', ...inputs }
  return parseSettings((name) => all[name] ?? '', env)
}

function ok(inputs: Record<string, string>, env?: NodeJS.ProcessEnv): Settings {
  const result = parse(inputs, env)
  if (!result.ok)
    throw new Error(`expected valid settings, got: ${result.problems.map((p) => p.message).join(' | ')}`)
  return result.settings
}

function problems(inputs: Record<string, string>, env?: NodeJS.ProcessEnv) {
  const result = parse(inputs, env)
  if (result.ok) throw new Error(`expected problems for ${JSON.stringify(inputs)}`)
  return result.problems
}

/** The single problem for one bad input: it names the input and quotes the value. */
function onlyProblem(name: string, value: string, extra: Record<string, string> = {}) {
  const found = problems({ [name]: value, ...extra })
  expect(found).toHaveLength(1)
  expect(found[0].input).toBe(name)
  expect(found[0].message).toContain(`'${name}'`)
  return found[0]
}

describe('parseSettings defaults', () => {
  it('builds complete settings from a token and GITHUB_REPOSITORY alone', () => {
    const s = ok({})
    expect(s).toMatchObject({
      token: 'ghs_example',
      mode: 'auto',
      repository: { owner: 'octo-org', repo: 'octo-repo' },
      dataBranch: 'repo-metrics',
      reportsBranch: 'repo-metrics',
      reportsPath: 'reports',
      window: { kind: 'length', days: 90, text: '90d' },
      since: null,
      until: null,
      bucket: 'week',
      timezone: 'UTC',
      ignoreUsers: [],
      includeBots: false,
      deploymentEnvironment: 'production',
      deploymentSource: { kind: 'auto' },
      incidentLabel: null,
      issueLabel: 'metrics-report',
      issueTitle: 'Metrics report {period} for {repository}',
      issueRepository: { owner: 'octo-org', repo: 'octo-repo' },
      issueAssignees: [],
      closePreviousIssue: true,
      notify: true,
      mentionReviewers: false,
      template: null,
      issueTemplate: null,
      requestBudget: null,
      dryRun: false,
      workingHours: null,
      deploymentsJson: null,
      deploymentsFile: null,
      incidentsJson: null,
      incidentsFile: null,
      failOnInvalid: false,
      prune: { source: null, ids: [], since: null, until: null },
      apiUrl: 'https://api.github.com',
      graphqlUrl: 'https://api.github.com/graphql',
      serverUrl: 'https://github.com'
    })
    expect(s.metrics).toEqual([...METRIC_NAMES])
  })

  it('returns deeply frozen settings', () => {
    const s = ok({ 'ignore-users': 'alice' })
    expect(Object.isFrozen(s)).toBe(true)
    expect(Object.isFrozen(s.repository)).toBe(true)
    expect(Object.isFrozen(s.ignoreUsers)).toBe(true)
    expect(() => (s.ignoreUsers as string[]).push('bob')).toThrow()
  })

  it('trims whitespace around values', () => {
    expect(ok({ bucket: '  day\n' }).bucket).toBe('day')
  })
})

describe('the three problems of the issue', () => {
  it('reports timezone, bucket and window at once, each naming its input', () => {
    const found = problems({ timezone: 'Mars/Olympus', bucket: 'fortnight', window: '-3d' })
    expect(found.map((p) => p.input).sort()).toEqual(['bucket', 'timezone', 'window'])
    const byInput = Object.fromEntries(found.map((p) => [p.input, p]))
    expect(byInput.timezone.message).toBe(
      "Input 'timezone' has the value 'Mars/Olympus', which is not an IANA time zone. Use a name such as 'Europe/Berlin' or 'UTC'."
    )
    expect(byInput.bucket.message).toContain("Input 'bucket' has the value 'fortnight'")
    expect(byInput.bucket.message).toContain('day, week, month')
    expect(byInput.window.message).toMatch(/^Input 'window' is invalid: '-3d' is not a window/)
    expect(byInput.window.value).toBe('-3d')
  })

  describe('readSettings through the real @actions/core and INPUT_* variables', () => {
    const saved = { ...process.env }
    let written: string[]
    beforeEach(() => {
      written = []
      jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        written.push(String(chunk))
        return true
      })
      for (const key of Object.keys(process.env)) if (key.startsWith('INPUT_')) delete process.env[key]
      process.env.GITHUB_REPOSITORY = 'octo-org/octo-repo'
      process.env.INPUT_TOKEN = 'ghs_secret_value'
    })
    afterEach(() => {
      jest.restoreAllMocks()
      process.env = { ...saved }
    })

    // core escapes ':' in annotation properties as %3A: the title reads 'Invalid input: NAME'.
    it('emits one error annotation per bad input and returns null', () => {
      process.env.INPUT_TIMEZONE = 'Mars/Olympus'
      process.env.INPUT_BUCKET = 'fortnight'
      process.env.INPUT_WINDOW = '-3d'
      expect(readSettings()).toBeNull()
      const errors = written.filter((line) => line.startsWith('::error'))
      expect(errors).toHaveLength(3)
      expect(
        errors.some((e) => e.startsWith("::error title=Invalid input%3A timezone::Input 'timezone'"))
      ).toBe(true)
      expect(errors.some((e) => e.startsWith('::error title=Invalid input%3A bucket::'))).toBe(true)
      expect(errors.some((e) => e.startsWith('::error title=Invalid input%3A window::'))).toBe(true)
      expect(written.join('')).not.toContain('ghs_secret_value')
    })

    it('returns the settings when every input is valid, and masks the token', () => {
      process.env['INPUT_DATA-BRANCH'] = 'metrics-data'
      process.env['INPUT_DRY-RUN'] = 'True'
      const s = readSettings()
      expect(s?.dataBranch).toBe('metrics-data')
      expect(s?.dryRun).toBe(true)
      expect(written.join('')).toContain('::add-mask::ghs_secret_value')
      expect(written.some((line) => line.startsWith('::error'))).toBe(false)
    })
  })
})

describe('token', () => {
  it('is required', () => {
    const found = problems({ token: '' })
    expect(found).toHaveLength(1)
    expect(found[0].input).toBe('token')
    expect(found[0].message).toContain("Input 'token' is empty")
  })

  it('never appears in a message', () => {
    const found = problems({ token: 'ghp_abc def' })
    expect(found[0].input).toBe('token')
    expect(JSON.stringify(found)).not.toContain('ghp_abc')
  })
})

describe('mode', () => {
  it.each(['auto', 'report', 'record', 'ingest-deployments', 'ingest-incidents'])('accepts %s', (mode) => {
    expect(ok({ mode }).mode).toBe(mode)
  })

  it('accepts a prune mode with a selection', () => {
    expect(ok({ mode: 'prune-deployments', 'prune-source': 'custom-ci' }).mode).toBe('prune-deployments')
  })

  it('rejects a prune mode without any selection', () => {
    const found = problems({ mode: 'prune-incidents' })
    expect(found).toHaveLength(1)
    expect(found[0].message).toContain('prune-source, prune-ids, prune-since, prune-until')
  })

  it('rejects an unknown mode and lists the accepted ones', () => {
    const p = onlyProblem('mode', 'publish')
    expect(p.message).toContain('auto, report, record, ingest-deployments')
  })
})

describe('GitHub environment', () => {
  it('requires GITHUB_REPOSITORY', () => {
    const found = problems({}, {})
    expect(found).toHaveLength(1)
    expect(found[0].input).toBe('GITHUB_REPOSITORY')
    expect(found[0].message).toContain("Environment variable 'GITHUB_REPOSITORY' is not set")
  })

  it('rejects a malformed GITHUB_REPOSITORY', () => {
    const found = problems({}, { GITHUB_REPOSITORY: 'just-a-name' })
    expect(found[0].message).toContain("'just-a-name', which is not in the form owner/name")
  })

  it('derives the GraphQL URL from the API URL', () => {
    const s = ok({}, { ...ENV, GITHUB_API_URL: 'http://127.0.0.1:4010/' })
    expect(s.apiUrl).toBe('http://127.0.0.1:4010')
    expect(s.graphqlUrl).toBe('http://127.0.0.1:4010/graphql')
  })

  it('uses /api/graphql on GitHub Enterprise Server', () => {
    const s = ok(
      {},
      {
        ...ENV,
        GITHUB_API_URL: 'https://ghe.example.com/api/v3',
        GITHUB_SERVER_URL: 'https://ghe.example.com'
      }
    )
    expect(s.graphqlUrl).toBe('https://ghe.example.com/api/graphql')
    expect(s.serverUrl).toBe('https://ghe.example.com')
  })

  it('prefers an explicit GITHUB_GRAPHQL_URL', () => {
    const s = ok({}, { ...ENV, GITHUB_GRAPHQL_URL: 'http://localhost:9/gql' })
    expect(s.graphqlUrl).toBe('http://localhost:9/gql')
  })

  it('rejects a URL that is not http(s)', () => {
    const found = problems({}, { ...ENV, GITHUB_API_URL: 'ftp://x' })
    expect(found[0].input).toBe('GITHUB_API_URL')
  })
})

describe('branches and paths', () => {
  it('uses the data branch for reports unless reports-branch is set', () => {
    expect(ok({ 'data-branch': 'stats' }).reportsBranch).toBe('stats')
    expect(ok({ 'data-branch': 'stats', 'reports-branch': 'gh-pages' }).reportsBranch).toBe('gh-pages')
  })

  it.each(['has space', 'a..b', '-x', 'x.lock', 'refs/heads/', 'a~1'])('rejects the branch %p', (name) => {
    expect(onlyProblem('data-branch', name).message).toContain('is not a valid branch name')
  })

  it('validates reports-branch too', () => {
    onlyProblem('reports-branch', 'bad branch')
  })

  it('normalizes reports-path and rejects paths leaving the repository', () => {
    expect(ok({ 'reports-path': 'docs/metrics/' }).reportsPath).toBe('docs/metrics')
    onlyProblem('reports-path', '../outside')
    onlyProblem('reports-path', '/abs')
  })

  it('takes template paths in the repository', () => {
    const s = ok({ template: '.github/metrics/report.hbs', 'issue-template': 'issue.hbs' })
    expect(s.template).toBe('.github/metrics/report.hbs')
    expect(s.issueTemplate).toBe('issue.hbs')
    onlyProblem('template', '../../etc/passwd')
    onlyProblem('issue-template', '/tmp/x.hbs')
  })
})

describe('window', () => {
  it.each([
    ['90d', { kind: 'length', days: 90 }],
    ['1d', { kind: 'length', days: 1 }],
    ['6w', { kind: 'length', days: 42 }],
    ['3m', { kind: 'length', days: 90 }],
    ['week', { kind: 'calendar', unit: 'week' }],
    ['month', { kind: 'calendar', unit: 'month' }],
    ['quarter', { kind: 'calendar', unit: 'quarter' }]
  ])('accepts %s', (text, expected) => {
    expect(ok({ window: text }).window).toMatchObject(expected)
  })

  it.each(['-3d', '0d', '3y', 'fortnight', 'd', '90'])('rejects %p', (text) => {
    const p = onlyProblem('window', text)
    expect(p.message).toContain(`Input 'window' is invalid: '${text}'`)
    expect(p.value).toBe(text)
  })
})

describe('since and until', () => {
  it('reads dates as midnight in the timezone', () => {
    const s = ok({ since: '2026-01-01', until: '2026-02-01', timezone: 'Europe/Berlin' })
    expect(s.since).toBe('2025-12-31T23:00:00.000Z')
    expect(s.until).toBe('2026-01-31T23:00:00.000Z')
  })

  it('reads full ISO times with an offset as given', () => {
    const s = ok({ since: '2026-01-01T10:00:00+02:00', until: '2026-01-02T00:00:00Z' })
    expect(s.since).toBe('2026-01-01T08:00:00.000Z')
    expect(s.until).toBe('2026-01-02T00:00:00.000Z')
  })

  it('allows one without the other', () => {
    expect(ok({ since: '2026-01-01' }).until).toBeNull()
    expect(ok({ until: '2026-01-01' }).since).toBeNull()
  })

  it.each(['yesterday', '2026-02-30', '2026-13-01', '01/02/2026'])('rejects %p', (text) => {
    expect(onlyProblem('since', text).message).toContain("'2026-01-31'")
  })

  it('requires since before until', () => {
    const found = problems({ since: '2026-03-01', until: '2026-02-01' })
    expect(found).toHaveLength(1)
    expect(found[0].input).toBe('since')
    expect(found[0].message).toContain('is not before until')
  })
})

describe('bucket and timezone', () => {
  it.each(['day', 'week', 'month'])('accepts bucket %s', (bucket) => {
    expect(ok({ bucket }).bucket).toBe(bucket)
  })

  it.each(['Europe/Berlin', 'America/New_York', 'UTC', 'Asia/Kolkata'])('accepts zone %s', (timezone) => {
    expect(ok({ timezone }).timezone).toBe(timezone)
  })

  it.each(['Mars/Olympus', 'CEST+99', 'berlin'])('rejects zone %p', (timezone) => {
    onlyProblem('timezone', timezone)
  })
})

describe('metrics', () => {
  it('accepts camelCase and kebab-case names, without duplicates', () => {
    expect(ok({ metrics: 'review-turnaround, cycleTime,REVIEW-TURNAROUND' }).metrics).toEqual([
      'reviewTurnaround',
      'cycleTime'
    ])
    expect(ok({ metrics: 'lead-time-for-changes\nchange-failure-rate' }).metrics).toEqual([
      'leadTimeForChanges',
      'changeFailureRate'
    ])
  })

  it('treats all as every metric', () => {
    expect(ok({ metrics: 'all' }).metrics).toEqual([...METRIC_NAMES])
  })

  it('names each unknown metric and lists the accepted names', () => {
    const found = problems({ metrics: 'review-turnaround, velocity, happiness' })
    expect(found.map((p) => p.value)).toEqual(['velocity', 'happiness'])
    expect(found[0].message).toContain('review-turnaround')
    expect(found[0].message).toContain('time-to-restore')
  })

  it('rejects a list with no names', () => {
    onlyProblem('metrics', ' , ')
  })
})

describe('people', () => {
  it('parses ignore-users and issue-assignees as login lists', () => {
    const s = ok({ 'ignore-users': '@alice, renovate[bot]\nbob', 'issue-assignees': 'carol' })
    expect(s.ignoreUsers).toEqual(['alice', 'renovate[bot]', 'bob'])
    expect(s.issueAssignees).toEqual(['carol'])
  })

  it('rejects something that is not a login', () => {
    expect(onlyProblem('ignore-users', 'alice, not a login').value).toBe('not a login')
    onlyProblem('issue-assignees', 'bad_login!')
  })

  it('allows at most 10 assignees', () => {
    const many = Array.from({ length: 11 }, (_, i) => `user${i}`).join(',')
    expect(onlyProblem('issue-assignees', many).message).toContain('at most 10')
  })
})

describe('booleans', () => {
  // Every boolean of the input table, with the Settings field it feeds.
  const names = INPUTS.filter((i) => i.kind === 'boolean').map((i) => [i.name, i.setting] as const)

  it('covers the six booleans', () => {
    expect(names.map(([name]) => name).sort()).toEqual(
      [
        'close-previous-issue',
        'dry-run',
        'fail-on-invalid',
        'include-archived',
        'include-bots',
        'include-forks',
        'mention-reviewers',
        'notify'
      ].sort()
    )
  })

  // organization inputs feed Settings.org, under the input's name in camel case
  const read = (settings: Settings, input: string, key: keyof Settings): unknown =>
    key === 'org'
      ? (settings.org as unknown as Record<string, unknown>)[
          input.replace(/-(.)/g, (_, c: string) => c.toUpperCase())
        ]
      : settings[key]

  it.each(names)('%s accepts the six spellings of core.getBooleanInput', (input, key) => {
    for (const text of ['true', 'True', 'TRUE']) expect(read(ok({ [input]: text }), input, key)).toBe(true)
    for (const text of ['false', 'False', 'FALSE'])
      expect(read(ok({ [input]: text }), input, key)).toBe(false)
  })

  it.each(names)('%s rejects other words', (input, _key) => {
    expect(onlyProblem(input, 'yes').message).toBe(
      `Input '${input}' has the value 'yes', which is not a boolean. Use 'true' or 'false'.`
    )
  })
})

describe('deployments and incidents', () => {
  it.each([
    ['auto', { kind: 'auto' }],
    ['deployments', { kind: 'deployments' }],
    ['releases', { kind: 'releases' }],
    ['merges', { kind: 'merges' }],
    ['workflow:Deploy to prod', { kind: 'workflow', name: 'Deploy to prod' }],
    ['workflow:deploy.yml', { kind: 'workflow', name: 'deploy.yml' }]
  ])('accepts deployment-source %s', (text, expected) => {
    expect(ok({ 'deployment-source': text }).deploymentSource).toEqual(expected)
  })

  it.each(['workflow:', 'jenkins', 'Deployments'])('rejects deployment-source %p', (text) => {
    expect(onlyProblem('deployment-source', text).message).toContain('workflow:NAME')
  })

  it('keeps environment and incident label', () => {
    const s = ok({ 'deployment-environment': 'prod-eu', 'incident-label': 'incident' })
    expect(s.deploymentEnvironment).toBe('prod-eu')
    expect(s.incidentLabel).toBe('incident')
    onlyProblem('incident-label', 'x'.repeat(51))
  })

  it('passes ingestion JSON and file paths through', () => {
    const s = ok({ deployments: '[{"id":"1"}]', 'incidents-file': 'incidents.json' })
    expect(s.deploymentsJson).toBe('[{"id":"1"}]')
    expect(s.incidentsFile).toBe('incidents.json')
  })

  it('refuses records both inline and from a file', () => {
    expect(onlyProblem('deployments-file', 'd.json', { deployments: '[]' }).message).toContain('not both')
    onlyProblem('incidents-file', 'i.json', { incidents: '[]' })
  })

  it('shortens a long value in messages', () => {
    const long = 'x'.repeat(500)
    const p = onlyProblem('bucket', long)
    expect(p.value.length).toBeLessThanOrEqual(80)
  })
})

describe('notification issue', () => {
  it('takes label, title and another repository for testing', () => {
    const s = ok({
      'issue-label': 'stats',
      'issue-title': '{repository} {period}',
      'issue-repository': 'me/sandbox'
    })
    expect(s.issueLabel).toBe('stats')
    expect(s.issueTitle).toBe('{repository} {period}')
    expect(s.issueRepository).toEqual({ owner: 'me', repo: 'sandbox' })
  })

  it.each(['sandbox', 'a/b/c', 'own er/x'])('rejects issue-repository %p', (text) => {
    expect(onlyProblem('issue-repository', text).message).toContain('owner/name')
  })

  it('limits label and title length', () => {
    onlyProblem('issue-label', 'l'.repeat(51))
    onlyProblem('issue-title', 't'.repeat(257))
  })
})

describe('request-budget', () => {
  it('accepts a positive whole number', () => {
    expect(ok({ 'request-budget': '500' }).requestBudget).toBe(500)
  })

  it.each(['0', '-5', '1.5', 'lots'])('rejects %p', (text) => {
    onlyProblem('request-budget', text)
  })
})

describe('working hours and holidays', () => {
  it('parses a weekday range and times', () => {
    const s = ok({ 'working-hours': 'Mon-Fri 09:00-17:30', holidays: '2026-12-25, 2026-12-24' })
    expect(s.workingHours).toEqual({
      days: [1, 2, 3, 4, 5],
      start: 540,
      end: 1050,
      holidays: ['2026-12-24', '2026-12-25'],
      text: 'Mon-Fri 09:00-17:30'
    })
  })

  it('accepts full weekday names', () => {
    expect(ok({ 'working-hours': 'Monday-Thursday 08:00-16:00' }).workingHours?.days).toEqual([1, 2, 3, 4])
  })

  it('parses a list of days', () => {
    expect(ok({ 'working-hours': 'Mon,Wed,Fri 08:00-12:00' }).workingHours?.days).toEqual([1, 3, 5])
  })

  it.each(['Mon-Fri', '9-5', 'Mon-Fri 17:00-09:00', 'Moonday 09:00-17:00', 'Mon-Fri 09:00-25:00'])(
    'rejects %p',
    (text) => {
      onlyProblem('working-hours', text)
    }
  )

  it('rejects a holiday that is not a date', () => {
    expect(onlyProblem('holidays', '2026-12-25, Christmas').value).toBe('Christmas')
    onlyProblem('holidays', '2026-02-30')
  })
})

describe('pruning', () => {
  it('collects the selection', () => {
    const s = ok({
      mode: 'prune-deployments',
      'prune-source': 'custom-ci',
      'prune-ids': 'ci-1, ci-2,ci-1',
      'prune-since': '2026-01-01',
      'prune-until': '2026-02-01T00:00:00Z'
    })
    expect(s.prune).toEqual({
      source: 'custom-ci',
      ids: ['ci-1', 'ci-2'],
      since: '2026-01-01T00:00:00.000Z',
      until: '2026-02-01T00:00:00.000Z'
    })
  })

  it('validates the prune dates', () => {
    onlyProblem('prune-since', 'last week')
    const found = problems({ 'prune-since': '2026-02-01', 'prune-until': '2026-01-01' })
    expect(found[0].input).toBe('prune-since')
  })
})

describe('every input of a checked kind (from the input table)', () => {
  /** A value each kind refuses, and words its problem contains. */
  const BAD: Partial<Record<InputKind, [string, RegExp]>> = {
    boolean: ['yes', /is not a boolean/],
    choice: ['fortnight', /is not accepted\. Use one of: /],
    logins: ['not a login', /is not a GitHub login/],
    branch: ['a..b', /is not a valid branch name/],
    path: ['../outside', /is not a path inside the repository/],
    label: ['l'.repeat(51), /is longer than 50 characters\. Use a shorter label\./],
    title: ['t'.repeat(257), /is longer than 256 characters\. Use a shorter title\./],
    repository: ['a/b/c', /is not in the form owner\/name/],
    instant: ['yesterday', /is not a date/],
    dates: ['Christmas', /is not a date/],
    count: ['0', /is not a positive whole number/],
    zone: ['Mars/Olympus', /is not an IANA time zone/]
  }
  const cases = INPUTS.filter((i) => BAD[i.kind]).map((i) => [i.name, i.kind] as const)

  it.each(cases)('%s (%s) refuses a bad value, naming the input', (name, kind) => {
    const [value, words] = BAD[kind]!
    const p = onlyProblem(name, value)
    expect(p.message).toMatch(words)
    expect(p.message.startsWith(`Input '${name}' has the value '`)).toBe(true)
  })

  it('reports the problems of many inputs at once, in the order of action.yml', () => {
    const found = problems({ 'prune-until': 'later', bucket: 'fortnight', mode: 'publish', 'dry-run': 'yes' })
    expect(found.map((p) => p.input)).toEqual(['mode', 'bucket', 'dry-run', 'prune-until'])
  })
})

describe('the prune selection check is the one pruning uses', () => {
  const selections: Array<[string, Record<string, string>]> = [
    ['nothing', {}],
    ['a source', { 'prune-source': 'ci' }],
    ['ids', { 'prune-ids': 'a, b' }],
    ['a start', { 'prune-since': '2026-01-01' }],
    ['an end', { 'prune-until': '2026-01-01' }]
  ]
  it.each(selections)('agrees with selectForPrune on %s', (_what, given) => {
    const result = parse({ mode: 'prune-deployments', ...given })
    const asGiven = {
      source: given['prune-source'] ?? null,
      ids: (given['prune-ids'] ?? '').split(','),
      since: given['prune-since'] ?? null,
      until: given['prune-until'] ?? null
    }
    const pruneRefuses = (() => {
      try {
        selectForPrune([], 'deployments', asGiven)
        return false
      } catch {
        return true
      }
    })()
    expect(!result.ok).toBe(pruneRefuses)
    if (result.ok) expect(() => selectForPrune([], 'deployments', result.settings.prune)).not.toThrow()
  })
})
