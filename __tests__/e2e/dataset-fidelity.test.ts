/**
 * Nothing is lost between GitHub and the numbers: the snapshot the bundled action commits after
 * reading a real repository through the emulator (GraphQL sync → data branch → metrics) equals the
 * engine's figures computed straight from the dataset files.
 */
import { computeSnapshot } from '../../src/metrics/index.js'
import type { MetricName } from '../../src/metrics/types.js'
import { datasetAvailable, loadDataset as loadDatasetHistory } from '../metrics/dataset.js'
import { api, distExists, DATASETS, run, startWith } from './helpers.js'

/**
 * The metrics the dataset files determine on their own: review requests and drafts where the folder has
 * a timeline.json (bitcoin-core-gui), none elsewhere; no first commits (so no cycle time).
 */
const COMPARED: MetricName[] = [
  'reviewTurnaround',
  'timeToFirstReview',
  'timeToMerge',
  'pullRequests',
  'issueFirstResponse',
  'issueTimeToClose',
  'issues',
  'deployments',
  'leadTimeForChanges',
  'changeFailureRate',
  'timeToRestore'
]

const names = ['ietf-tls-esni', 'cfrg-vdaf', 'bitcoin-core-gui'].filter((name) => datasetAvailable(name))
const maybe = distExists && names.length ? describe : describe.skip
if (!names.length) console.warn('../shared/datasets is absent: the dataset fidelity test is skipped')

maybe('dataset fidelity through the whole pipeline', () => {
  it.each(names)('%s: the committed snapshot equals the engine on the dataset files', async (name) => {
    const { loadDataset } = await import('../../tools/github-emulator/dataset.js')
    const seed = loadDataset(`${DATASETS}/${name}`)
    const emulator = await startWith(seed)
    try {
      const since = '2015-01-01T00:00:00Z'
      const result = await run(emulator, seed, 'schedule', {}, { since, bucket: 'month', notify: 'false' })
      expect(result.exitCode).toBe(0)
      const file = await api<{ content: string }>(
        emulator.url,
        `/repos/${seed.owner}/${seed.name}/contents/${result.outputs['snapshot-path']}?ref=repo-metrics`
      )
      const committed = JSON.parse(Buffer.from(file.content, 'base64').toString('utf8'))

      const { history } = loadDatasetHistory(name)
      const direct = computeSnapshot(history, {
        since: committed.window.since,
        until: committed.window.until,
        period: committed.period,
        bucket: 'month',
        timezone: 'UTC',
        metrics: COMPARED,
        ignoreUsers: [],
        includeBots: false,
        deploymentEnvironment: 'production',
        deploymentSource: 'auto',
        incidentLabel: null,
        workingHours: null,
        generatedAt: committed.generatedAt,
        complete: true,
        dataProblems: []
      })
      for (const metric of COMPARED)
        expect([metric, committed.metrics[metric]]).toEqual([metric, direct.metrics[metric]])
      expect(committed.details.pendingReviews).toEqual(direct.details!.pendingReviews)
      expect(committed.metrics.pullRequests.opened).toBe(history.pulls.length)
      const requests = history.pulls.reduce((n, p) => n + p.reviewRequests.length, 0)
      if (requests > 0) {
        // The review-request history reached the numbers: answered requests and waiting ones.
        expect(committed.metrics.reviewTurnaround.count).toBeGreaterThan(0)
        expect(committed.metrics.reviewTurnaround.pending.count).toBeGreaterThan(0)
      }
    } finally {
      await emulator.stop()
    }
  })
})
