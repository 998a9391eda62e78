/**
 * Class: silent overwrite between sources (issue 15). Records are upserted by key, so two different
 * records must never share one: (source `ci:east`, id `42`) and (source `ci`, id `east:42`) are two
 * records. Generated over the characters a key is built with; then through ingestion, through data
 * stored under the earlier keys (read as before, pruned by id as before).
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ingest, prune } from '../../src/ingest/index.js'
import { memoryLogger } from '../../src/log.js'
import { recordKey, type Deployment, type Incident } from '../../src/model.js'
import { createDirectoryStore } from '../../src/store/index.js'
import type { DataStore } from '../../src/store/types.js'
import { seededRandom } from '../text/generate.js'

const PIECES = [':', '::', '%', '%3A', '%25', 'ci', 'east', '42', 'a', '\\', '"', ' ', '']

function randomPart(random: () => number, allowEmpty: boolean): string {
  let text = ''
  const n = Math.floor(random() * 4) + (allowEmpty ? 0 : 1)
  for (let i = 0; i < n; i++) text += PIECES[Math.floor(random() * PIECES.length)]
  return text || (allowEmpty ? '' : 'x')
}

describe('recordKey', () => {
  it('gives distinct generated deployments and incidents distinct keys', () => {
    const random = seededRandom(42)
    for (const collection of ['deployments', 'incidents'] as const) {
      const byKey = new Map<string, string>()
      for (let i = 0; i < 3000; i++) {
        const record = {
          source: random() < 0.8 ? 'ingest' : randomPart(random, false),
          provider: random() < 0.1 ? undefined : randomPart(random, false),
          id: randomPart(random, false)
        }
        const identity = JSON.stringify([record.source, record.provider ?? null, record.id])
        const key = recordKey(collection, record)
        const seen = byKey.get(key)
        expect({ key, identity: seen ?? identity }).toEqual({ key, identity })
        byKey.set(key, identity)
      }
      expect(byKey.size).toBeGreaterThan(1000)
    }
  })

  it('keeps the keys of records without ":" or "%" as they were', () => {
    expect(recordKey('deployments', { source: 'ingest', provider: 'custom-ci', id: 'ci-1' })).toBe(
      'ingest:custom-ci:ci-1'
    )
    expect(recordKey('deployments', { source: 'deployment', id: '77' })).toBe('deployment::77')
    expect(recordKey('incidents', { source: 'issue', id: '12' })).toBe('issue::12')
  })
})

const now = new Date('2026-11-23T04:00:00Z')
let dir: string
let store: DataStore
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'record-keys-'))
  store = createDirectoryStore(dir, { repository: 'o/r' })
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const deployment = (source: string, id: string, startedAt = '2026-11-20T10:00:00Z') => ({
  id,
  source,
  environment: 'production',
  sha: 'a'.repeat(40),
  status: 'success',
  startedAt
})

describe('ingestion from two systems', () => {
  it('stores both records whenever source and id split differently around ":"', async () => {
    const random = seededRandom(7)
    const pairs: Array<[[string, string], [string, string]]> = []
    for (let i = 0; i < 30; i++) {
      const [a, b, c] = [randomPart(random, false), randomPart(random, false), randomPart(random, false)]
      pairs.push([
        [`${a}:${b}`.slice(0, 100), c],
        [a, `${b}:${c}`]
      ])
    }
    for (const [first, second] of pairs) {
      for (const [source, id] of [first, second]) {
        const text = JSON.stringify({ deployments: [deployment(source, id)] })
        const result = await ingest({
          store,
          kind: 'deployments',
          text,
          now,
          dryRun: false,
          log: memoryLogger()
        })
        expect(result.accepted).toBe(1)
      }
    }
    const stored = (await store.load()).history.deployments
    const identities = new Set(stored.map((d) => JSON.stringify([d.provider, d.id])))
    const sent = new Set(pairs.flat().map(([source, id]) => JSON.stringify([source, id])))
    expect(identities).toEqual(sent)
  })

  it('keeps (ci:east, 42) and (ci, east:42) apart, also for incidents', async () => {
    const incident = (source: string, id: string) => ({
      id,
      source,
      title: 'outage',
      status: 'open',
      createdAt: '2026-11-20T10:00:00Z'
    })
    for (const [source, id] of [
      ['ci:east', '42'],
      ['ci', 'east:42']
    ]) {
      const log = memoryLogger()
      await ingest({
        store,
        kind: 'deployments',
        text: JSON.stringify([deployment(source, id)]),
        now,
        dryRun: false,
        log
      })
      await ingest({
        store,
        kind: 'incidents',
        text: JSON.stringify([incident(source, id)]),
        now,
        dryRun: false,
        log
      })
    }
    const { history } = await store.load()
    expect(history.deployments.map((d) => [d.provider, d.id])).toHaveLength(2)
    expect(history.incidents.map((d) => [d.provider, d.id])).toHaveLength(2)
  })
})

describe('data stored under the earlier keys', () => {
  /** A shard as the earlier build wrote it: records sorted by the earlier key `source:provider:id`. */
  function writeOldShard(records: Array<Deployment | Incident>, path: string): string {
    const oldKey = (r: Deployment | Incident) => `${r.source}:${r.provider ?? ''}:${r.id}`
    const sorted = [...records].sort((a, b) => (oldKey(a) < oldKey(b) ? -1 : 1))
    const text = `[\n${sorted.map((r) => JSON.stringify(r, Object.keys(r).sort())).join(',\n')}\n]\n`
    mkdirSync(join(dir, path, '..'), { recursive: true })
    writeFileSync(join(dir, path), text)
    return text
  }
  const stored = (provider: string, id: string, createdAt = '2026-10-05T10:00:00Z'): Deployment => ({
    source: 'ingest',
    provider,
    id,
    environment: 'production',
    sha: 'b'.repeat(40),
    status: 'success',
    createdAt,
    finishedAt: null
  })

  it('reads every record, updates one in place and prunes by id as before', async () => {
    const records = [
      stored('ci', 'east:42'),
      stored('ci:west', '7'),
      stored('plain', 'p-1'),
      stored('pct', '50%')
    ]
    writeOldShard(records, 'history/deployments/2026-10.json')
    const septemberText = writeOldShard(
      [stored('old', 'o:1', '2026-09-01T00:00:00Z')],
      'history/deployments/2026-09.json'
    )

    const loaded = (await store.load()).history.deployments
    expect(loaded.map((d) => `${d.provider}|${d.id}`).sort()).toEqual([
      'ci:west|7',
      'ci|east:42',
      'old|o:1',
      'pct|50%',
      'plain|p-1'
    ])

    // an update of a stored record replaces it: no second copy under a new key
    const update = JSON.stringify([
      { ...deployment('ci', 'east:42', '2026-10-05T10:00:00Z'), status: 'failure' }
    ])
    await ingest({ store, kind: 'deployments', text: update, now, dryRun: false, log: memoryLogger() })
    const after = (await store.load()).history.deployments
    expect(after).toHaveLength(5)
    expect(after.find((d) => d.id === 'east:42')?.status).toBe('failure')
    // a shard the save did not touch keeps its bytes
    expect(readFileSync(join(dir, 'history/deployments/2026-09.json'), 'utf8')).toBe(septemberText)

    const selection = { source: null, ids: ['east:42', '50%'], since: null, until: null }
    const { removed } = await prune({
      store,
      kind: 'deployments',
      selection,
      dryRun: false,
      log: memoryLogger(),
      now
    })
    expect(removed).toHaveLength(2)
    const left = (await store.load()).history.deployments.map((d) => `${d.provider}|${d.id}`).sort()
    expect(left).toEqual(['ci:west|7', 'old|o:1', 'plain|p-1'])
  })
})
