/**
 * runReport over in-memory fakes of its three edges: which store gets what, when the notification is
 * sent (only after the save, never on a dry run or a partial sync) and what the log shows per phase.
 */
import { memoryLogger } from '../../src/log.js'
import { REQUESTS_AFTER_SYNC, runReport, type ReportDeps } from '../../src/pipeline/report.js'
import type { HistorySync } from '../../src/pipeline/types.js'
import { parseSettings } from '../../src/settings.js'
import type { Settings } from '../../src/settings-types.js'
import { pull } from '../metrics/builders.js'
import { fakeHistory, fakeNotifier, fakeStore } from './fakes.js'

const NOW = new Date('2026-12-01T06:00:00Z')
const PERIOD = '2026-11'
const SNAPSHOT = `snapshots/${PERIOD}.json`
const REPORT = `reports/${PERIOD}/README.md`
const VALUES = `snapshots/${PERIOD}.values.json`

function settings(inputs: Record<string, string> = {}): Settings {
  const all: Record<string, string> = {
    token: 'ghs_test',
    window: 'month',
    until: '2026-12-01T00:00:00Z',
    ...inputs
  }
  const result = parseSettings((name) => all[name] ?? '', { GITHUB_REPOSITORY: 'o/r' })
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join(' | '))
  return result.settings
}

function synced(complete = true): HistorySync {
  const merged = (n: number, day: string) =>
    pull(n, {
      createdAt: `2026-11-${day}T09:00:00Z`,
      updatedAt: `2026-11-${day}T15:00:00Z`,
      closedAt: `2026-11-${day}T15:00:00Z`,
      mergedAt: `2026-11-${day}T15:00:00Z`,
      reviews: [{ author: 'bob', state: 'APPROVED', submittedAt: `2026-11-${day}T11:00:00Z` }]
    })
  return {
    update: {
      pulls: [merged(1, '03'), merged(2, '10')],
      checkpoints: { pulls: { updatedAt: '2026-11-10T15:00:00Z' } }
    },
    complete,
    deploymentSource: 'deployment',
    notes: []
  }
}

function wire(
  options: { sync?: HistorySync; reportsStore?: boolean; dataFiles?: Record<string, string> } = {}
) {
  const timeline: string[] = []
  const store = fakeStore('data', timeline, options.dataFiles)
  const reportsStore = options.reportsStore ? fakeStore('reports', timeline) : undefined
  const history = fakeHistory(options.sync ?? synced(), timeline)
  const notifier = fakeNotifier(timeline)
  const log = memoryLogger()
  const summaries: string[] = []
  const deps: ReportDeps = {
    history,
    store,
    reportsStore,
    notifier,
    log,
    now: NOW,
    writeSummary: async (markdown) => {
      timeline.push('summary')
      summaries.push(markdown)
    }
  }
  return { timeline, store, reportsStore, history, notifier, log, summaries, deps }
}

describe('runReport: the normal path', () => {
  it('saves history, snapshot and report in one commit, then writes the summary, then announces', async () => {
    const w = wire()
    const outcome = await runReport(settings(), w.deps)

    expect(w.timeline.filter((e) => /save|summary|announce/.test(e))).toEqual([
      'data: save',
      'summary',
      'notifier: announce'
    ])
    expect(w.store.saves).toHaveLength(1)
    const [saved] = w.store.saves
    expect(saved.update).toEqual(synced().update)
    expect(saved.paths).toEqual(expect.arrayContaining([SNAPSHOT, VALUES, REPORT, 'reports/README.md']))
    expect(saved.message).toBe(`Report ${PERIOD} for o/r`)

    expect(w.notifier.sent).toHaveLength(1)
    const [sent] = w.notifier.sent
    expect(sent.label).toBe('metrics-report')
    expect(sent.title).toBe(`Metrics report ${PERIOD} for o/r`)
    expect(sent.marker).toBe(`repo-metrics-report:o/r:${PERIOD}`)
    expect(sent.period).toBe(PERIOD)
    expect(sent.body).toContain(REPORT)

    expect(outcome).toMatchObject({
      period: PERIOD,
      reportPath: REPORT,
      snapshotPath: SNAPSHOT,
      complete: true,
      committed: true,
      issue: { number: 7, url: 'https://github.com/o/r/issues/7' }
    })
    expect(JSON.parse(w.store.files.get(SNAPSHOT) as string)).toEqual(outcome.snapshot)
    expect(outcome.snapshot.metrics.pullRequests?.merged).toBe(2)
    expect(w.summaries).toHaveLength(1)
  })

  it('hands the stored checkpoints to the sync and keeps requests for the rest of the run under a budget', async () => {
    const w = wire()
    await runReport(settings({ 'request-budget': '40' }), w.deps)
    expect(w.history.requestsSeen).toHaveLength(1)
    expect(w.history.requestsSeen[0]).toMatchObject({
      checkpoints: { pulls: { updatedAt: '2026-10-01T00:00:00Z' } },
      keepRequests: REQUESTS_AFTER_SYNC,
      deploymentEnvironment: 'production'
    })
  })

  it('upgrades a stored v1 snapshot instead of refusing it, and measures the backlog', async () => {
    const first = wire()
    await runReport(settings(), first.deps)
    const written = JSON.parse(first.store.files.get(SNAPSHOT)!)
    expect(written.schemaVersion).toBe(2)
    expect(written.metrics.backlog.openPullRequests.count).toBe(0)
    // The same figures stored by an older build: schema v1, without the metrics v2 added.
    const v1 = {
      ...written,
      schemaVersion: 1,
      generatedAt: '2026-12-01T05:00:00.000Z',
      metrics: { ...written.metrics }
    }
    for (const name of ['backlog', 'reviewLoad', 'pullRequestSize']) delete v1.metrics[name]
    const old = wire({ dataFiles: { [SNAPSHOT]: JSON.stringify(v1, null, 2) } })
    const v1Metrics =
      'review-turnaround,time-to-first-review,time-to-merge,cycle-time,pull-requests,issue-first-response,' +
      'issue-time-to-close,issues,deployments,lead-time-for-changes,change-failure-rate,time-to-restore'
    await runReport(settings({ metrics: v1Metrics }), old.deps)
    const upgraded = JSON.parse(old.store.files.get(SNAPSHOT)!)
    // Same figures: the stored snapshot is kept (its generatedAt), now as v2.
    expect(upgraded).toEqual({ ...v1, schemaVersion: 2 })
    // One month of history: no earlier period with values, so no trend section.
    expect(old.store.files.get(REPORT)).not.toContain('## Trend')
  })

  it('reads the stored snapshot and index in one batched read of the data store', async () => {
    const w = wire()
    await runReport(settings(), w.deps)
    expect(w.timeline).toContain(`data: read ${SNAPSHOT} reports/README.md`)
  })

  it('logs each phase as a group and the rate limit at the start and the end of the run', async () => {
    const w = wire()
    await runReport(settings(), w.deps)
    const groups = w.log.lines.filter((l) => l.startsWith('group: ') || l.startsWith('endgroup: '))
    // `group: Measure: stored history, …` → `group: Measure`
    expect(groups.map((l) => l.split(':').slice(0, 2).join(':'))).toEqual([
      'group: Measure',
      'endgroup: Measure',
      'group: Render',
      'endgroup: Render',
      'group: Save',
      'endgroup: Save',
      'group: Announce',
      'endgroup: Announce'
    ])
    const start = w.log.lines.findIndex((l) =>
      l.includes('Rate limit at the start of the run: graphql rate limit')
    )
    const end = w.log.lines.findIndex((l) =>
      l.includes('Rate limit at the end of the run: graphql rate limit')
    )
    expect(start).toBeGreaterThan(w.log.lines.indexOf(groups[0]))
    expect(start).toBeLessThan(w.log.lines.indexOf(groups[1]))
    expect(end).toBeGreaterThan(w.log.lines.lastIndexOf(groups[groups.length - 1]))
    expect(w.log.lines[end]).toContain('3 requests')
  })

  it('never announces when the save fails', async () => {
    const w = wire()
    w.store.failSave = new Error('the branch moved too often')
    await expect(runReport(settings(), w.deps)).rejects.toThrow('the branch moved too often')
    expect(w.notifier.sent).toEqual([])
    expect(w.summaries).toEqual([])
  })

  it('sends no notification when notify is off, or when no notifier is wired', async () => {
    const off = wire()
    const outcome = await runReport(settings({ notify: 'false' }), off.deps)
    expect(off.notifier.sent).toEqual([])
    expect(outcome.issue).toBeNull()
    expect(off.log.lines.some((l) => l.startsWith('group: Announce'))).toBe(false)

    const none = wire()
    const withoutNotifier = await runReport(settings(), { ...none.deps, notifier: undefined })
    expect(withoutNotifier.issue).toBeNull()
    expect(none.store.saves).toHaveLength(1)
  })
})

describe('runReport: a separate reports branch', () => {
  it('puts history and snapshot on the data store and only the report files on the reports store', async () => {
    const w = wire({ reportsStore: true, dataFiles: { 'reports/README.md': '# Not this index\n' } })
    w.reportsStore?.files.set('reports/README.md', '# Our reports, kept by hand\n')
    const outcome = await runReport(settings({ 'reports-branch': 'metrics-reports' }), w.deps)
    const reports = w.reportsStore!

    expect(w.store.saves).toHaveLength(1)
    expect(w.store.saves[0].update).toEqual(synced().update)
    expect(w.store.saves[0].paths).toEqual([SNAPSHOT, VALUES])
    expect(w.store.saves[0].message).toBe(`History and snapshot ${PERIOD} for o/r`)

    expect(reports.saves).toHaveLength(1)
    expect(reports.saves[0].update).toEqual({})
    expect(reports.saves[0].paths).toEqual(expect.arrayContaining([REPORT, 'reports/README.md']))
    expect(reports.saves[0].paths.every((p) => p.startsWith('reports/'))).toBe(true)
    expect(reports.loads).toBe(0)

    // The index is read from, and written to, the reports store.
    const index = reports.files.get('reports/README.md') as string
    expect(index).toContain('# Our reports, kept by hand')
    expect(index).not.toContain('Not this index')
    expect(w.store.files.get('reports/README.md')).toBe('# Not this index\n')

    expect(w.timeline.filter((e) => /save|announce/.test(e))).toEqual([
      'data: save',
      'reports: save',
      'notifier: announce'
    ])
    expect(outcome.committed).toBe(true)
    expect(outcome.reportUrl).toContain('/blob/metrics-reports/')
  })
})

describe('runReport: dry run', () => {
  it('saves nothing, sends no notification and writes the dry-run summary', async () => {
    const w = wire({ reportsStore: true })
    const outcome = await runReport(
      settings({ 'dry-run': 'true', 'reports-branch': 'metrics-reports' }),
      w.deps
    )
    expect(w.store.saves).toEqual([])
    expect(w.reportsStore?.saves).toEqual([])
    expect(w.timeline.some((e) => e.endsWith(': save'))).toBe(false)
    expect(w.notifier.sent).toEqual([])

    expect(w.summaries).toHaveLength(1)
    expect(w.summaries[0]).toContain('### Dry run: nothing was written')
    expect(w.summaries[0]).toContain(`\`${REPORT}\``)
    expect(w.summaries[0]).toContain(`Metrics report ${PERIOD} for o/r`)
    expect(w.log.lines).toContain(
      'notice: dry-run: the report was rendered into the job summary; nothing was written.'
    )

    expect(outcome).toMatchObject({ period: PERIOD, reportPath: REPORT, committed: false, issue: null })
  })
})

describe('runReport: a partial sync', () => {
  it('saves what it read but sends no notification until a run completes the sync', async () => {
    const w = wire({ sync: synced(false) })
    const outcome = await runReport(settings(), w.deps)
    expect(w.store.saves).toHaveLength(1)
    expect(w.notifier.sent).toEqual([])
    expect(w.log.lines).toContain(
      'notice: The notification issue waits for a complete sync: a later run opens or updates it.'
    )
    expect(outcome.complete).toBe(false)
    expect(outcome.issue).toBeNull()
    expect(outcome.snapshot.complete).toBe(false)
  })
})
