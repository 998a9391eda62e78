import {
  COLLECTIONS,
  isOlderThanStored,
  mergeHistory,
  mergeRecords,
  repositoryFields
} from '../../src/store/merge.js'
import { applyMetaUpdate, emptyMeta } from '../../src/store/meta.js'
import type { History } from '../../src/model.js'
import { commit, deployment, pull } from './fixtures.js'

const empty: History = {
  repository: 'o/r',
  defaultBranch: 'main',
  pulls: [],
  issues: [],
  commits: [],
  deployments: [],
  incidents: [],
  teams: null
}

describe('the merge rule', () => {
  it('compares pull requests and issues by updatedAt; records without one always replace', () => {
    const older = pull(1, '2025-07-01T00:00:00Z', { updatedAt: '2025-07-02T00:00:00Z' })
    const newer = pull(1, '2025-07-01T00:00:00Z', { updatedAt: '2025-07-03T00:00:00Z' })
    expect(isOlderThanStored(older, newer)).toBe(true)
    expect(isOlderThanStored(newer, older)).toBe(false)
    expect(isOlderThanStored(newer, newer)).toBe(false)
    expect(isOlderThanStored(newer, undefined)).toBe(false)
    expect(isOlderThanStored(commit('a', '2025-07-01T00:00:00Z'), commit('a', '2025-08-01T00:00:00Z'))).toBe(
      false
    )
  })

  it('removes first, then upserts, and reports the keys whose entry changed', () => {
    const stored = pull(1, '2025-07-01T00:00:00Z', { updatedAt: '2025-07-05T00:00:00Z', title: 'kept' })
    const records = new Map<string, unknown>([
      ['1', stored],
      ['2', pull(2, '2025-07-01T00:00:00Z')]
    ])
    const changed = mergeRecords(
      'pulls',
      records,
      [
        pull(1, '2025-07-01T00:00:00Z', { updatedAt: '2025-07-04T00:00:00Z' }),
        pull(3, '2025-07-03T00:00:00Z')
      ],
      ['2', '9']
    )
    expect([...changed].sort()).toEqual(['2', '3'])
    expect(records.get('1')).toBe(stored)
    expect([...records.keys()]).toEqual(['1', '3'])
  })

  it('gives teams and the default branch only when the update carries them, to meta and history alike', () => {
    expect(repositoryFields({})).toEqual({})
    expect(repositoryFields({ teams: null, defaultBranch: 'trunk' })).toEqual({
      teams: null,
      defaultBranch: 'trunk'
    })
    const update = { teams: { core: ['a'] }, defaultBranch: 'trunk' }
    const meta = applyMetaUpdate(emptyMeta('o/r'), update)
    const history = mergeHistory(empty, update)
    expect([meta.teams, meta.defaultBranch]).toEqual([history.teams, history.defaultBranch])
    expect(mergeHistory(history, {}).teams).toEqual({ core: ['a'] })
  })

  it('leaves untouched collections and the input as they were', () => {
    const start = { ...empty, deployments: [deployment('a', '2025-07-01T00:00:00Z')] }
    const next = mergeHistory(start, { deployments: [deployment('b', '2025-07-02T00:00:00Z')] })
    expect(next.deployments.map((d) => d.id)).toEqual(['a', 'b'])
    expect(start.deployments).toHaveLength(1)
    for (const collection of COLLECTIONS.filter((c) => c !== 'deployments'))
      expect(next[collection]).toBe(start[collection])
  })
})
