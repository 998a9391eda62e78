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
      lastRun: null
    })
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
