import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ingest, prune, readDataProblems, PruneSelectionError } from '../../src/ingest/index.js'
import { memoryLogger } from '../../src/log.js'
import { createDirectoryStore } from '../../src/store/index.js'
import { ReadOnlyStoreError, type DataStore } from '../../src/store/types.js'
import { memoryStore } from './memory-store.js'

const sample = readFileSync(new URL('./fixtures/deployments-sample.json', import.meta.url), 'utf8')
const now = new Date('2026-11-23T04:00:00Z')

let dir: string
let store: DataStore
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ingest-test-'))
  store = createDirectoryStore(dir, { repository: 'o/r' })
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const selection = (
  over: Partial<{ source: string | null; ids: string[]; since: string | null; until: string | null }>
) => ({
  source: null,
  ids: [],
  since: null,
  until: null,
  ...over
})

describe('ingest', () => {
  it('stores the accepted sample records and keeps an audit line with payload, accepted and rejected', async () => {
    const log = memoryLogger()
    const result = await ingest({ store, kind: 'deployments', text: sample, now, dryRun: false, log })
    expect(result).toMatchObject({ accepted: 3, rejected: 3, fatal: null, committed: true })
    expect(result.errors.map((e) => e.field)).toEqual(['sha', 'status', 'startedAt'])

    const { history } = await store.load()
    expect(history.deployments.map((d) => `${d.source}:${d.provider}:${d.id}:${d.status}`)).toEqual([
      'ingest:custom-ci:ci-101:success',
      'ingest:custom-ci:ci-102:failure',
      'ingest:custom-ci:ci-103:success'
    ])
    expect(await store.list('ingest/')).toEqual(['ingest/2026-11-23.jsonl'])
    const lines = ((await store.readFile('ingest/2026-11-23.jsonl')) as string).trim().split('\n')
    expect(lines).toHaveLength(1)
    const audit = JSON.parse(lines[0])
    expect(audit).toMatchObject({
      at: '2026-11-23T04:00:00.000Z',
      operation: 'ingest',
      kind: 'deployments',
      fatal: null
    })
    expect(audit.received).toEqual(JSON.parse(sample))
    expect(audit.accepted).toEqual([
      'ingest:custom-ci:ci-101',
      'ingest:custom-ci:ci-102',
      'ingest:custom-ci:ci-103'
    ])
    expect(audit.rejected.map((r: { id: string }) => r.id)).toEqual(['ci-104', 'ci-105', 'ci-106'])
    expect(log.lines.some((l) => l.includes('3 accepted, 3 rejected'))).toBe(true)
  })

  it('upserts by source and id: a second call updates the record and appends a second audit line', async () => {
    await ingest({ store, kind: 'deployments', text: sample, now, dryRun: false, log: memoryLogger() })
    const fix = JSON.stringify({
      deployments: [
        {
          id: 'ci-102',
          environment: 'production',
          sha: '4ed3d76c452a5f3305a618a57d1072530003cab2',
          status: 'success',
          startedAt: '2025-07-28T11:00:00Z',
          source: 'custom-ci'
        },
        {
          id: 'ci-102',
          environment: 'production',
          sha: '4ed3d76c452a5f3305a618a57d1072530003cab2',
          status: 'success',
          startedAt: '2025-07-28T11:00:00Z',
          source: 'other-ci'
        }
      ]
    })
    const later = new Date('2026-11-23T05:00:00Z')
    const result = await ingest({
      store,
      kind: 'deployments',
      text: fix,
      now: later,
      dryRun: false,
      log: memoryLogger()
    })
    expect(result).toMatchObject({ accepted: 2, rejected: 0 })
    const { history } = await store.load()
    expect(history.deployments).toHaveLength(4)
    expect(history.deployments.find((d) => d.provider === 'custom-ci' && d.id === 'ci-102')?.status).toBe(
      'success'
    )
    const text = (await store.readFile('ingest/2026-11-23.jsonl')) as string
    expect(text.trim().split('\n')).toHaveLength(2)
  })

  it('writes nothing in a dry run', async () => {
    const result = await ingest({
      store,
      kind: 'deployments',
      text: sample,
      now,
      dryRun: true,
      log: memoryLogger()
    })
    expect(result).toMatchObject({ accepted: 3, rejected: 3, committed: false })
    expect((await store.load()).history.deployments).toEqual([])
    expect(await store.list('ingest/')).toEqual([])
  })

  it('stores no records for a refused payload but keeps the call in the audit', async () => {
    const result = await ingest({
      store,
      kind: 'deployments',
      text: '{ not json',
      now,
      dryRun: false,
      log: memoryLogger()
    })
    expect(result.fatal).toMatch(/not valid JSON/)
    expect(result.accepted).toBe(0)
    expect((await store.load()).history.deployments).toEqual([])
    const audit = JSON.parse(((await store.readFile('ingest/2026-11-23.jsonl')) as string).trim())
    expect(audit).toMatchObject({ receivedText: '{ not json', accepted: [], rejected: [] })
    expect(audit.fatal).toMatch(/not valid JSON/)
  })

  it('ingests incidents', async () => {
    const text = JSON.stringify({
      incidents: [
        {
          id: 'inc-1',
          title: 'API down',
          status: 'resolved',
          createdAt: '2025-07-28T11:05:00Z',
          resolvedAt: '2025-07-28T12:05:00Z',
          deploymentId: 'ci-102'
        },
        { id: 'inc-2', title: 'no time', status: 'open' }
      ]
    })
    const result = await ingest({ store, kind: 'incidents', text, now, dryRun: false, log: memoryLogger() })
    expect(result).toMatchObject({ accepted: 1, rejected: 1 })
    expect(result.errors[0].message).toBe(
      'incidents[1] (id "inc-2"): createdAt is missing (required: an ISO 8601 date-time like 2025-07-28T10:00:00Z)'
    )
    expect((await store.load()).history.incidents.map((i) => i.id)).toEqual(['inc-1'])
  })

  it('saves once, with the audit as an append, and passes a read-only refusal on', async () => {
    const mem = memoryStore()
    await ingest({ store: mem, kind: 'deployments', text: sample, now, dryRun: false, log: memoryLogger() })
    expect(mem.calls.filter((c) => c.startsWith('save'))).toEqual([
      'save Ingest deployments: 3 accepted, 3 rejected'
    ])
    const readOnly = memoryStore({}, { readOnly: true })
    await expect(
      ingest({ store: readOnly, kind: 'deployments', text: sample, now, dryRun: false, log: memoryLogger() })
    ).rejects.toBeInstanceOf(ReadOnlyStoreError)
  })
})

describe('readDataProblems', () => {
  it('lists rejected records and refused calls of the window, counting repeats', async () => {
    const log = memoryLogger()
    await ingest({ store, kind: 'deployments', text: sample, now, dryRun: false, log })
    await ingest({
      store,
      kind: 'deployments',
      text: sample,
      now: new Date('2026-11-23T06:00:00Z'),
      dryRun: false,
      log
    })
    await ingest({
      store,
      kind: 'incidents',
      text: '[1]',
      now: new Date('2026-11-24T01:00:00Z'),
      dryRun: false,
      log
    })
    await ingest({
      store,
      kind: 'deployments',
      text: '{}',
      now: new Date('2026-11-20T01:00:00Z'),
      dryRun: false,
      log
    })

    const problems = await readDataProblems(store, '2026-11-23T00:00:00Z', '2026-11-25T00:00:00Z')
    expect(problems).toEqual([
      {
        kind: 'deployments',
        message:
          'deployments[3] (id "ci-104"): sha is missing (required: the 40-hex commit sha that was deployed) (received 2 times)'
      },
      {
        kind: 'deployments',
        message:
          'deployments[4] (id "ci-105"): status "exploded" is not one of success, failure, error, cancelled, in_progress (received 2 times)'
      },
      {
        kind: 'deployments',
        message: expect.stringMatching(
          /^deployments\[5\] \(id "ci-106"\): startedAt "yesterday".*\(received 2 times\)$/
        )
      },
      { kind: 'incidents', message: 'incidents[0] (no id): the record must be an object, not a number' }
    ])
    // the window is on the time of the call; until is excluded
    const early = await readDataProblems(store, '2026-11-20T00:00:00Z', '2026-11-23T04:00:00Z')
    expect(early).toEqual([
      {
        kind: 'deployments',
        message: expect.stringMatching(/^a call to ingest-deployments was refused: .*no "deployments" array/)
      }
    ])
    expect(await readDataProblems(store, '2025-01-01T00:00:00Z', '2025-02-01T00:00:00Z')).toEqual([])
  })
})

describe('prune', () => {
  const more = JSON.stringify({
    deployments: [
      {
        id: 'x-1',
        environment: 'production',
        sha: 'a'.repeat(40),
        status: 'success',
        startedAt: '2025-08-02T10:00:00Z',
        source: 'other-ci'
      },
      {
        id: 'ci-101',
        environment: 'production',
        sha: 'b'.repeat(40),
        status: 'success',
        startedAt: '2025-08-03T10:00:00Z'
      }
    ]
  })
  const seed = async () => {
    await ingest({ store, kind: 'deployments', text: sample, now, dryRun: false, log: memoryLogger() })
    await ingest({ store, kind: 'deployments', text: more, now, dryRun: false, log: memoryLogger() })
    // a deployment the sync found on GitHub: never pruned
    await store.save(
      {
        deployments: [
          {
            source: 'deployment',
            id: '77',
            environment: 'production',
            sha: null,
            status: 'success',
            createdAt: '2025-07-28T10:30:00Z',
            finishedAt: null
          }
        ]
      },
      [],
      'sync'
    )
  }
  const keys = async () =>
    (await store.load()).history.deployments.map((d) => `${d.source}:${d.provider ?? ''}:${d.id}`).sort()

  it('lists what would go in a dry run and removes nothing', async () => {
    await seed()
    const log = memoryLogger()
    const result = await prune({
      store,
      kind: 'deployments',
      selection: selection({ source: 'custom-ci' }),
      dryRun: true,
      log
    })
    expect(result.removed).toEqual([
      'ingest:custom-ci:ci-101',
      'ingest:custom-ci:ci-102',
      'ingest:custom-ci:ci-103'
    ])
    expect(log.lines.some((l) => l.includes('would remove 3'))).toBe(true)
    expect(await keys()).toHaveLength(6)
  })

  it('removes by source, by ids, and by time range, only ingested records', async () => {
    await seed()
    const byIds = await prune({
      store,
      kind: 'deployments',
      selection: selection({ ids: ['ci-101', '77'] }),
      dryRun: false,
      log: memoryLogger(),
      now
    })
    expect(byIds.removed).toEqual(['ingest:custom-ci:ci-101', 'ingest:ingest:ci-101'])
    const byTime = await prune({
      store,
      kind: 'deployments',
      selection: selection({ since: '2025-07-28T11:00:00Z', until: '2025-08-01' }),
      dryRun: false,
      log: memoryLogger(),
      now
    })
    expect(byTime.removed).toEqual(['ingest:custom-ci:ci-102', 'ingest:custom-ci:ci-103'])
    const bySource = await prune({
      store,
      kind: 'deployments',
      selection: selection({ source: 'other-ci' }),
      dryRun: false,
      log: memoryLogger(),
      now
    })
    expect(bySource.removed).toEqual(['ingest:other-ci:x-1'])
    expect(await keys()).toEqual(['deployment::77'])
    const audit = ((await store.readFile('ingest/2026-11-23.jsonl')) as string)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(audit.filter((l) => l.operation === 'prune').map((l) => l.removed.length)).toEqual([2, 2, 1])
  })

  it('combines criteria with AND', async () => {
    await seed()
    const result = await prune({
      store,
      kind: 'deployments',
      selection: selection({ source: 'custom-ci', ids: ['ci-101', 'x-1'] }),
      dryRun: true,
      log: memoryLogger()
    })
    expect(result.removed).toEqual(['ingest:custom-ci:ci-101'])
  })

  it('refuses an empty selection and bad dates', async () => {
    await seed()
    await expect(
      prune({
        store,
        kind: 'deployments',
        selection: selection({ ids: [' '] }),
        dryRun: false,
        log: memoryLogger()
      })
    ).rejects.toThrow(/needs a selection.*would remove every ingested record/)
    await expect(
      prune({
        store,
        kind: 'deployments',
        selection: selection({ since: 'last week' }),
        dryRun: false,
        log: memoryLogger()
      })
    ).rejects.toBeInstanceOf(PruneSelectionError)
    await expect(
      prune({
        store,
        kind: 'incidents',
        selection: selection({ since: '2025-02-01', until: '2025-01-01' }),
        dryRun: false,
        log: memoryLogger()
      })
    ).rejects.toThrow(/must be after/)
    expect(await keys()).toHaveLength(6)
  })

  it('prunes incidents', async () => {
    const text = JSON.stringify({
      incidents: [
        { id: 'i1', title: 't', status: 'open', createdAt: '2025-07-28T10:00:00Z', source: 'pager' }
      ]
    })
    await ingest({ store, kind: 'incidents', text, now, dryRun: false, log: memoryLogger() })
    const result = await prune({
      store,
      kind: 'incidents',
      selection: selection({ source: 'pager' }),
      dryRun: false,
      log: memoryLogger(),
      now
    })
    expect(result.removed).toEqual(['ingest:pager:i1'])
    expect((await store.load()).history.incidents).toEqual([])
  })
})
