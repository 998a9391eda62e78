import { SCHEMA_VERSION, SchemaVersionError } from '../../src/store/types.js'
import { applyMetaUpdate, metaChangedBeyondLastRun, parseMeta, serializeMeta } from '../../src/store/meta.js'
import { planSave } from '../../src/store/plan.js'

const where = 'branch repo-metrics of o/r'

describe('meta.json', () => {
  it('starts empty when there is no meta.json', () => {
    const { meta, storedVersion } = parseMeta(null, where, 'o/r')
    expect(storedVersion).toBeNull()
    expect(meta).toEqual({
      schemaVersion: SCHEMA_VERSION,
      repository: 'o/r',
      defaultBranch: null,
      checkpoints: {},
      teams: null,
      lastRun: null,
      // a new branch starts in the activity layout
      layout: 'activity',
      deploymentKinds: []
    })
  })

  it('keeps the activity layout only with valid deployment kinds, and adds the kinds a save brings', () => {
    const text = (extra: object) => JSON.stringify({ schemaVersion: 1, repository: 'o/r', ...extra })
    expect(
      parseMeta(text({ layout: 'activity', deploymentKinds: [['deployment', null]] }), where, 'o/r').meta
        .layout
    ).toBe('activity')
    expect(parseMeta(text({ layout: 'activity' }), where, 'o/r').meta.layout).toBeUndefined()
    expect(
      parseMeta(text({ layout: 'activity', deploymentKinds: [['x']] }), where, 'o/r').meta.layout
    ).toBeUndefined()
    expect(parseMeta(text({ layout: 'creation' }), where, 'o/r').meta.layout).toBeUndefined()
    const meta = parseMeta(
      text({ layout: 'activity', deploymentKinds: [['release', null]] }),
      where,
      'o/r'
    ).meta
    const next = applyMetaUpdate(meta, {
      deployments: [
        {
          source: 'deployment',
          id: '1',
          environment: 'production',
          sha: null,
          status: 'success',
          createdAt: '2025-01-01T00:00:00Z',
          finishedAt: null
        },
        {
          source: 'release',
          id: 'v1',
          environment: null,
          sha: null,
          status: 'success',
          createdAt: '2025-01-01T00:00:00Z',
          finishedAt: null
        }
      ]
    })
    expect(next.deploymentKinds).toEqual([
      ['deployment', 'production'],
      ['release', null]
    ])
    // a branch still in the creation-month layout learns its kinds when it is laid out, not here
    expect(
      applyMetaUpdate(parseMeta(text({}), where, 'o/r').meta, { deployments: [] }).deploymentKinds
    ).toBeUndefined()
  })

  it('migrates a version 0 meta (no schemaVersion, checkpoints under "sync")', () => {
    const { meta, storedVersion } = parseMeta(
      JSON.stringify({ repository: 'o/r', sync: { pulls: { cursor: 'x' } } }),
      where,
      'o/r'
    )
    expect(storedVersion).toBe(0)
    expect(meta.schemaVersion).toBe(1)
    expect(meta.checkpoints).toEqual({ pulls: { cursor: 'x' } })
  })

  it('refuses a newer schema version, naming the branch, both versions and the fix', () => {
    const text = JSON.stringify({ schemaVersion: SCHEMA_VERSION + 1 })
    expect(() => parseMeta(text, where, 'o/r')).toThrow(SchemaVersionError)
    expect(() => parseMeta(text, where, 'o/r')).toThrow(
      new RegExp(
        `branch repo-metrics of o/r uses schema version ${SCHEMA_VERSION + 1}.*supports up to ${SCHEMA_VERSION}.*Upgrade the action`
      )
    )
    expect(() => parseMeta('{"schemaVersion":"2"}', where, 'o/r')).toThrow(SchemaVersionError)
    expect(() => parseMeta('not json', where, 'o/r')).toThrow(
      'meta.json on branch repo-metrics of o/r is not valid JSON'
    )
  })

  it('merges checkpoints (null deletes) and serializes with sorted keys', () => {
    const { meta } = parseMeta(null, where, 'o/r')
    const next = applyMetaUpdate(meta, {
      checkpoints: { pulls: { at: '1' }, issues: { at: '2' } },
      defaultBranch: 'main'
    })
    const after = applyMetaUpdate(next, { checkpoints: { issues: null } })
    expect(after.checkpoints).toEqual({ pulls: { at: '1' } })
    expect(meta.checkpoints).toEqual({})
    const text = serializeMeta(after)
    expect(text.indexOf('"checkpoints"')).toBeLessThan(text.indexOf('"schemaVersion"'))
    expect(text.endsWith('}\n')).toBe(true)
  })

  it('does not count a new lastRun alone as a change', () => {
    const { meta } = parseMeta(null, where, 'o/r')
    const text = serializeMeta(
      applyMetaUpdate(meta, { lastRun: { at: '2026-01-01T00:00:00Z', mode: 'report', complete: true } })
    )
    const rerun = applyMetaUpdate(parseMeta(text, where, 'o/r').meta, {
      lastRun: { at: '2026-01-02T00:00:00Z', mode: 'report', complete: true }
    })
    expect(metaChangedBeyondLastRun(text, rerun)).toBe(false)
    expect(metaChangedBeyondLastRun(text, applyMetaUpdate(rerun, { teams: { core: ['a'] } }))).toBe(true)
    // ...so a re-run plans no write at all
    const plan = planSave(
      { head: 'h', metaText: text, shards: new Map() },
      { lastRun: rerun.lastRun },
      [],
      new Map(),
      where,
      'o/r'
    )
    expect(plan.writes.size).toBe(0)
  })
})
