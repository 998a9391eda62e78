import {
  applyHistoryUpdate,
  historyFromShards,
  parseShardPath,
  SHARD_PART_BYTES,
  serializeShard,
  stableStringify,
  withShardChanges
} from '../../src/store/shards.js'
import { pull, deployment, commit } from './fixtures.js'

const base = { repository: 'o/r', defaultBranch: 'main', teams: null }

describe('shards', () => {
  it('keeps a stored pull request that is newer than the one upserted (a record run losing a race)', () => {
    const synced = pull(5, '2025-07-01T08:00:00Z', {
      updatedAt: '2025-07-01T09:00:00Z',
      reviews: [{ author: 'bob', state: 'APPROVED', submittedAt: '2025-07-01T09:00:00Z' }]
    })
    const shards = withShardChanges(new Map(), applyHistoryUpdate(new Map(), { pulls: [synced] }))
    const stale = pull(5, '2025-07-01T08:00:00Z', { updatedAt: '2025-07-01T08:59:00Z', reviews: [] })
    expect(applyHistoryUpdate(shards, { pulls: [stale] }).size).toBe(0)
    const newer = pull(5, '2025-07-01T08:00:00Z', { updatedAt: '2025-07-01T09:30:00Z', title: 'Renamed' })
    const changed = applyHistoryUpdate(shards, { pulls: [newer] })
    expect(changed.get('history/pulls/2025-07.json')).toContain('Renamed')
  })

  it('groups records by collection and month of last activity, sorted by key, one record per line', () => {
    const changes = applyHistoryUpdate(new Map(), {
      pulls: [
        pull(12, '2025-07-30T00:00:00Z'),
        pull(3, '2025-07-01T00:00:00Z'),
        pull(100, '2025-08-02T00:00:00Z')
      ],
      commits: [commit('b'.repeat(40), '2025-07-03T00:00:00Z')]
    })
    expect([...changes.keys()].sort()).toEqual([
      'history/commits/2025-07.json',
      'history/pulls/2025-07.json',
      'history/pulls/2025-08.json'
    ])
    const july = changes.get('history/pulls/2025-07.json') as string
    const lines = july.split('\n')
    expect(lines[0]).toBe('[')
    expect(JSON.parse(lines[1].replace(/,$/, '')).number).toBe(3)
    expect(JSON.parse(lines[2]).number).toBe(12)
    expect(lines.slice(-2)).toEqual([']', ''])
  })

  it('serializes deterministically whatever the key order of the input', () => {
    const a = pull(1, '2025-07-01T00:00:00Z')
    const shuffled = Object.fromEntries(Object.entries(a).reverse()) as typeof a
    expect(serializeShard('pulls', [a])).toBe(serializeShard('pulls', [shuffled]))
    expect(stableStringify({ b: 1, a: { d: 1, c: [2, 1] } })).toBe('{"a":{"c":[2,1],"d":1},"b":1}')
    // numbered keys sort as numbers
    const text = serializeShard('pulls', [pull(10, '2025-07-01T00:00:00Z'), pull(9, '2025-07-02T00:00:00Z')])
    expect(text.indexOf('"number":9')).toBeLessThan(text.indexOf('"number":10'))
  })

  it('upserts by key: a re-run of the same records changes nothing', () => {
    const update = { pulls: [pull(1, '2025-07-01T00:00:00Z'), pull(2, '2025-07-02T00:00:00Z')] }
    const shards = withShardChanges(new Map(), applyHistoryUpdate(new Map(), update))
    expect(applyHistoryUpdate(shards, update).size).toBe(0)
    const reordered = { pulls: [...update.pulls].reverse() }
    expect(applyHistoryUpdate(shards, reordered).size).toBe(0)
    const edited = applyHistoryUpdate(shards, {
      pulls: [pull(2, '2025-07-02T00:00:00Z', { title: 'renamed' })]
    })
    expect([...edited.keys()]).toEqual(['history/pulls/2025-07.json'])
    const after = historyFromShards(withShardChanges(shards, edited), base)
    expect(after.pulls.map((p) => [p.number, p.title])).toEqual([
      [1, 'Pull 1'],
      [2, 'renamed']
    ])
  })

  it('moves a record whose month changed instead of keeping two copies', () => {
    const shards = withShardChanges(
      new Map(),
      applyHistoryUpdate(new Map(), { deployments: [deployment('7', '2025-07-31T23:00:00Z')] })
    )
    const changes = applyHistoryUpdate(shards, { deployments: [deployment('7', '2025-08-01T01:00:00Z')] })
    expect(changes.get('history/deployments/2025-07.json')).toBeNull()
    const history = historyFromShards(withShardChanges(shards, changes), base)
    expect(history.deployments).toHaveLength(1)
    expect(history.deployments[0].createdAt).toBe('2025-08-01T01:00:00Z')
  })

  it('removes records by key and deletes a shard left empty', () => {
    const shards = withShardChanges(
      new Map(),
      applyHistoryUpdate(new Map(), {
        deployments: [deployment('1', '2025-07-01T00:00:00Z'), deployment('2', '2025-08-01T00:00:00Z')]
      })
    )
    const changes = applyHistoryUpdate(shards, {
      remove: { deployments: ['deployment::1', 'deployment::absent'] }
    })
    expect(changes).toEqual(new Map([['history/deployments/2025-07.json', null]]))
    expect(applyHistoryUpdate(shards, { remove: { deployments: ['deployment::absent'] } }).size).toBe(0)
  })

  it('rejects a record without a usable time, naming the record', () => {
    expect(() => applyHistoryUpdate(new Map(), { pulls: [pull(5, 'yesterday')] })).toThrow(
      'Cannot store pulls record 5: createdAt must be an ISO 8601 time'
    )
  })

  it('reads shards in month order and names a broken file', () => {
    const shards = withShardChanges(
      new Map(),
      applyHistoryUpdate(new Map(), {
        pulls: [pull(2, '2025-08-01T00:00:00Z'), pull(1, '2025-07-01T00:00:00Z')]
      })
    )
    expect(historyFromShards(shards, base).pulls.map((p) => p.number)).toEqual([1, 2])
    shards.set('history/pulls/2025-09.json', '{oops')
    expect(() => historyFromShards(shards, base)).toThrow('history/pulls/2025-09.json is not valid JSON')
    expect(parseShardPath('history/pulls/2025-09.json')).toEqual({
      collection: 'pulls',
      month: '2025-09',
      part: 1
    })
    expect(parseShardPath('history/other/2025-09.json')).toBeNull()
  })
})

describe('month shards split into parts', () => {
  const body = 'x'.repeat(5_000)
  const month = (count: number, from = 1) =>
    Array.from({ length: count }, (_, i) => pull(from + i, '2025-07-01T00:00:00Z', { title: body }))

  it('splits a busy month into parts under SHARD_PART_BYTES, by key order, and reads them back whole', () => {
    const changes = applyHistoryUpdate(new Map(), { pulls: month(200) })
    const paths = [...changes.keys()].sort()
    expect(paths.length).toBe(Math.ceil((200 * 5_100) / SHARD_PART_BYTES))
    expect(paths).toContain('history/pulls/2025-07.json')
    expect(paths).toContain('history/pulls/2025-07.2.json')
    for (const text of changes.values())
      expect(Buffer.byteLength(text as string)).toBeLessThanOrEqual(SHARD_PART_BYTES)
    const first = JSON.parse(changes.get('history/pulls/2025-07.json') as string) as Array<{ number: number }>
    const second = JSON.parse(changes.get('history/pulls/2025-07.2.json') as string) as Array<{
      number: number
    }>
    expect(first[first.length - 1].number).toBeLessThan(second[0].number)
    const history = historyFromShards(withShardChanges(new Map(), changes), base)
    expect(history.pulls.map((p) => p.number)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1))
    expect(parseShardPath('history/pulls/2025-07.2.json')).toEqual({
      collection: 'pulls',
      month: '2025-07',
      part: 2
    })
    expect(parseShardPath('history/pulls/2025-07.1.json')).toBeNull()
  })

  it('an upsert into a stored part rewrites only what changed, and a shrinking month deletes its spare parts', () => {
    const shards = withShardChanges(new Map(), applyHistoryUpdate(new Map(), { pulls: month(200) }))
    const last = pull(200, '2025-07-01T00:00:00Z', { title: body, updatedAt: '2025-07-20T00:00:00Z' })
    const changed = applyHistoryUpdate(shards, { pulls: [last] })
    expect([...changed.keys()]).toHaveLength(1)
    expect([...changed.keys()][0]).toMatch(/^history\/pulls\/2025-07\.\d+\.json$/)
    const removed = applyHistoryUpdate(shards, {
      remove: { pulls: Array.from({ length: 190 }, (_, i) => String(i + 11)) }
    })
    expect(removed.get('history/pulls/2025-07.json')).toBeDefined()
    expect(removed.get('history/pulls/2025-07.2.json')).toBeNull()
    const after = historyFromShards(withShardChanges(shards, removed), base)
    expect(after.pulls.map((p) => p.number)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1))
  })
})
