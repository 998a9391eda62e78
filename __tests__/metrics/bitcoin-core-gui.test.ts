/**
 * The review metrics on real review-request history: bitcoin-core/gui over the last 365 days of its
 * archive (../shared/datasets/bitcoin-core-gui). The figures were worked out separately from the raw
 * files (a plain walk over each reviewer's requests and reviews, and each pull request's ready events).
 */
import { computeSnapshot } from '../../src/metrics/index.js'
import type { Snapshot } from '../../src/metrics/types.js'
import { options } from './builders.js'
import { datasetAvailable, loadDataset } from './dataset.js'

const NAME = 'bitcoin-core-gui'
const maybe = datasetAvailable(NAME) ? describe : describe.skip
if (!datasetAvailable(NAME))
  console.warn(`../shared/datasets/${NAME} is absent: its metrics checks are skipped`)

maybe(`${NAME}, the last 365 days`, () => {
  let snapshot: Snapshot
  beforeAll(() => {
    const { history, timestamp } = loadDataset(NAME)
    const since = new Date(Date.parse(timestamp) - 365 * 86400000).toISOString().replace('.000Z', 'Z')
    snapshot = computeSnapshot(history, options({ since, until: timestamp, bucket: 'month' }))
  })

  it('has nine answered review requests: median 5 d 14 h, p90 49 d 21 h', () => {
    expect(snapshot.metrics.reviewTurnaround).toMatchObject({
      count: 9,
      min: 673, // #899, pablomartin4btc: 11 min 13 s
      median: 482350, // #904, pablomartin4btc
      p90: 4310670.6,
      max: 9141413 // #807, hebasto
    })
  })

  it('has seven requests still waiting at the end, the oldest for 819 days (#817)', () => {
    expect(snapshot.metrics.reviewTurnaround!.pending).toEqual({ count: 7, oldestAgeSeconds: 70779461 })
    expect(snapshot.details!.pendingReviews.map((p) => `${p.number}:${p.reviewer}`)).toEqual([
      '817:BrandonOdiwuor',
      '866:luke-jr',
      '762:davidgumberg',
      '896:pablomartin4btc',
      '896:luke-jr',
      '948:pablomartin4btc',
      '948:hebasto'
    ])
  })

  it('never answers a bot’s request (#955 asked Copilot)', () => {
    expect(Object.keys(snapshot.metrics.reviewTurnaround!.byReviewer)).not.toContain('Copilot[bot]')
  })

  it('has 36 first reviews, measured from ready-for-review', () => {
    expect(snapshot.metrics.timeToFirstReview).toMatchObject({ count: 36, median: 205078.5, p90: 2335478.5 })
  })

  it('has no out-of-order values', () => {
    expect(snapshot.dataProblems).toEqual([])
  })
})
