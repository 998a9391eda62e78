/**
 * Pooling against two real repositories' histories (../shared/datasets): an organization of one has
 * its figures exactly, and the two pooled have the figures of the union of their histories, as the
 * metrics engine computes them (the second repository's numbers moved out of the first's way).
 */
import { computeSnapshot, measureWindow, type MetricOptions } from '../../src/metrics/index.js'
import type { History } from '../../src/model.js'
import { poolValues } from '../../src/org/pool.js'
import { parseValues, serializeValues, type SnapshotValues } from '../../src/org/values.js'
import { options } from '../metrics/builders.js'
import { POOLED, figures, plainDetails } from './helpers.js'
import { DATASETS_DIR, datasetAvailable, loadDataset } from '../metrics/dataset.js'

const NAMES = ['cfrg-vdaf', 'ietf-tls-esni']
const present = NAMES.every(datasetAvailable)

// One year up to the end of the shorter archive, weekly, in New York (daylight-saving changes inside).
const UNTIL = '2025-07-29T00:00:00Z'
const o: MetricOptions = options({
  since: '2024-07-29T00:00:00Z',
  until: UNTIL,
  period: '2025-07-28',
  bucket: 'week',
  timezone: 'America/New_York',
  deploymentSource: 'deployment',
  workingHours: { days: [1, 2, 3, 4, 5], start: 540, end: 1020, holidays: [], text: 'Mon-Fri 09:00-17:00' }
})

function valuesOf(h: History): SnapshotValues {
  return parseValues(serializeValues(measureWindow(h, o).values()))
}

/** The history with pull request and issue numbers moved by `offset` (numbers are per repository). */
function renumbered(h: History, offset: number): History {
  return {
    ...h,
    pulls: h.pulls.map((p) => ({ ...p, number: p.number + offset })),
    issues: h.issues.map((i) => ({ ...i, number: i.number + offset }))
  }
}

;(present ? describe : describe.skip)(`pooling the datasets in ${DATASETS_DIR}`, () => {
  const [a, b] = NAMES.map((name) => loadDataset(name).history)
  const bMoved = renumbered(b, 100000)

  it('an organization of one has the repository’s figures exactly', () => {
    for (const h of [a, b]) {
      const snapshot = computeSnapshot(h, o)
      const pooled = poolValues([valuesOf(h)], { name: 'org', generatedAt: o.generatedAt }).snapshot
      for (const name of POOLED)
        expect({ [name]: figures(pooled.metrics, name) }).toEqual({ [name]: snapshot.metrics[name] })
      expect(snapshot.metrics.timeToMerge!.count).toBeGreaterThan(20)
    }
  })

  it('two pooled have the figures of the union of their histories', () => {
    const whole = computeSnapshot(
      {
        ...a,
        repository: 'org/union',
        pulls: [...a.pulls, ...bMoved.pulls],
        issues: [...a.issues, ...bMoved.issues],
        commits: [...a.commits, ...bMoved.commits],
        deployments: [...a.deployments, ...bMoved.deployments]
      },
      o
    )
    const pooled = poolValues([valuesOf(a), valuesOf(bMoved)], { name: 'org', generatedAt: o.generatedAt })
    for (const name of POOLED)
      expect({ [name]: figures(pooled.snapshot.metrics, name) }).toEqual({ [name]: whole.metrics[name] })
    // Both contribute to the distributions, the deployments and the lead times.
    const each = [a, bMoved].map((h) => computeSnapshot(h, o).metrics)
    for (const m of each) {
      expect(m.timeToFirstReview!.count).toBeGreaterThan(0)
      expect(m.deployments!.count).toBeGreaterThan(0)
      expect(m.leadTimeForChanges!.count).toBeGreaterThan(0)
    }
    expect(pooled.snapshot.metrics.timeToMerge!.count).toBe(
      each[0].timeToMerge!.count + each[1].timeToMerge!.count
    )
    expect(pooled.droppedIssueCopies).toEqual([])
    // The ten slowest merges of the two, from each one's ten slowest.
    expect(plainDetails(pooled.snapshot.details)).toEqual(whole.details)
    expect(new Set(pooled.snapshot.details!.slowestMerges.map((m) => m.repository)).size).toBe(2)
  })
})

;(datasetAvailable('bitcoin-core-gui') ? it : it.skip)(
  'an organization of one has the figures of a repository with review requests, per reviewer (bitcoin-core/gui)',
  () => {
    const h = loadDataset('bitcoin-core-gui').history
    const gui = { ...o, since: '2024-08-19T00:00:00Z', until: '2026-08-17T00:00:00Z', period: '2026-08-16' }
    const snapshot = computeSnapshot(h, gui)
    const values = parseValues(serializeValues(measureWindow(h, gui).values()))
    const pooled = poolValues([values], { name: 'org', generatedAt: gui.generatedAt }).snapshot
    for (const name of POOLED)
      expect({ [name]: figures(pooled.metrics, name) }).toEqual({ [name]: snapshot.metrics[name] })
    expect(snapshot.metrics.reviewTurnaround!.count).toBeGreaterThan(5)
    expect(Object.keys(snapshot.metrics.reviewTurnaround!.byReviewer).length).toBeGreaterThan(1)
  }
)
