/**
 * The pipeline's in-memory view (applyUpdate) and the store's shards follow one merge rule: a report
 * must never compute on a record the store refuses to keep.
 */
import { applyUpdate } from '../../src/pipeline/apply-update.js'
import type { History, Issue } from '../../src/model.js'
import { applyHistoryUpdate, historyFromShards, withShardChanges } from '../../src/store/shards.js'
import type { HistoryUpdate } from '../../src/store/types.js'
import { pull } from '../store/fixtures.js'

const issue = (number: number, updatedAt: string, title: string): Issue => ({
  number,
  title,
  author: 'carol',
  createdAt: '2025-07-01T08:00:00Z',
  updatedAt,
  closedAt: null,
  labels: [],
  comments: [],
  transfers: []
})

const base = { repository: 'o/r', defaultBranch: 'main', teams: null }

/** The history as stored after `seed`, then what the store keeps after `update`. */
function storedAfter(seed: HistoryUpdate, update: HistoryUpdate): { before: History; after: History } {
  const shards = withShardChanges(new Map(), applyHistoryUpdate(new Map(), seed))
  const after = withShardChanges(shards, applyHistoryUpdate(shards, update))
  return { before: historyFromShards(shards, base), after: historyFromShards(after, base) }
}

describe('applyUpdate and the store agree on stale records', () => {
  const renamed = pull(7, '2025-07-01T08:00:00Z', { updatedAt: '2025-07-02T10:00:00Z', title: 'New title' })
  const stale = pull(7, '2025-07-01T08:00:00Z', { updatedAt: '2025-07-02T09:00:00Z', title: 'Old title' })

  it('an older pull request does not replace a newer one in the in-memory view (the stale-title case)', () => {
    const { before, after } = storedAfter({ pulls: [renamed] }, { pulls: [stale] })
    const view = applyUpdate(before, { pulls: [stale] })
    expect(view.pulls.map((p) => p.title)).toEqual(['New title'])
    expect(view.pulls).toEqual(after.pulls)
  })

  it('an older issue does not replace a newer one, a newer one does, in both', () => {
    const seed = { issues: [issue(3, '2025-07-05T00:00:00Z', 'Current')] }
    const update = {
      issues: [issue(3, '2025-07-04T00:00:00Z', 'Earlier'), issue(4, '2025-07-04T00:00:00Z', 'New')]
    }
    const { before, after } = storedAfter(seed, update)
    const view = applyUpdate(before, update)
    expect(view.issues.map((i) => `${i.number}:${i.title}`)).toEqual(['3:Current', '4:New'])
    expect(view.issues).toEqual(after.issues)

    const newer = { issues: [issue(3, '2025-07-06T00:00:00Z', 'Renamed')] }
    expect(applyUpdate(view, newer).issues.map((i) => i.title)).toEqual(['Renamed', 'New'])
  })

  it('of two upserts of one key in an update, the newer stays whatever their order', () => {
    const { before, after } = storedAfter({}, { pulls: [renamed, stale] })
    const view = applyUpdate({ ...before }, { pulls: [renamed, stale] })
    expect(view.pulls.map((p) => p.title)).toEqual(['New title'])
    expect(after.pulls.map((p) => p.title)).toEqual(['New title'])
  })

  it('a removal then an older upsert of the same key stores the upsert (nothing left to be newer than)', () => {
    const update: HistoryUpdate = { pulls: [stale], remove: { pulls: ['7'] } }
    const { before, after } = storedAfter({ pulls: [renamed] }, update)
    const view = applyUpdate(before, update)
    expect(view.pulls.map((p) => p.title)).toEqual(['Old title'])
    expect(view.pulls).toEqual(after.pulls)
  })
})
