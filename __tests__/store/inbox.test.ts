/**
 * The record runs' inbox (src/store/inbox.ts): entry names and parsing, and the fold through
 * `withInbox` over the folder store: load() sees the entries' records by the merge rule, the next
 * save() writes them into the shards and deletes exactly the folded entries, damaged entries are
 * problems left in place, and the folder store's addFile never replaces a file.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { memoryLogger } from '../../src/log.js'
import { runReport } from '../../src/pipeline/report.js'
import { parseSettings } from '../../src/settings.js'
import { createDirectoryStore } from '../../src/store/directory.js'
import {
  compactTime,
  entriesFor,
  inboxEntry,
  isInboxPath,
  parseInboxEntry,
  parseInboxName,
  readInbox,
  withInbox
} from '../../src/store/inbox.js'
import type { DataStore } from '../../src/store/types.js'
import { fakeHistory } from '../pipeline/fakes.js'
import { deployment, pull } from './fixtures.js'

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'inbox-'))
  dirs.push(dir)
  return dir
}

const T = '2026-11-23T04:05:06.789Z'

describe('inbox entry names', () => {
  it('names an entry by write time, collection, key and content hash, the same way every time', () => {
    const record = pull(7, '2026-11-01T00:00:00Z')
    const entry = inboxEntry('pulls', [record], T)
    expect(entry.path).toMatch(/^inbox\/20261123T040506789Z-pulls-7-[0-9a-f]{12}\.json$/)
    expect(inboxEntry('pulls', [record], T)).toEqual(entry)
    expect(JSON.parse(entry.content)).toEqual({ pulls: [record] })
    // other content, other name: two runs never write one file
    const other = inboxEntry('pulls', [{ ...record, title: 'changed' }], T)
    expect(other.path).not.toBe(entry.path)
    expect(parseInboxName(entry.path)).toEqual({
      time: '20261123T040506789Z',
      collection: 'pulls',
      key: '7',
      hash: entry.path.slice(-17, -5)
    })
  })

  it('makes deployment keys safe for a file name and finds the entries of one record', () => {
    const d = deployment('42', '2026-11-01T00:00:00Z')
    const entry = inboxEntry('deployments', [d], T)
    expect(entry.path).toMatch(/^inbox\/20261123T040506789Z-deployments-deployment_42-[0-9a-f]{12}\.json$/)
    const p7 = inboxEntry('pulls', [pull(7, '2026-11-01T00:00:00Z')], '2026-11-24T00:00:00Z').path
    const p7early = inboxEntry('pulls', [pull(7, '2026-11-01T00:00:00Z')], '2026-11-22T00:00:00Z').path
    const p70 = inboxEntry('pulls', [pull(70, '2026-11-01T00:00:00Z')], T).path
    const paths = [p7, entry.path, p70, p7early, 'inbox/notes.txt']
    expect(entriesFor(paths, 'pulls', { number: 7 })).toEqual([p7early, p7])
    expect(entriesFor(paths, 'deployments', d)).toEqual([entry.path])
  })

  it('refuses records the shards would refuse, and an empty entry', () => {
    expect(() => inboxEntry('pulls', [], T)).toThrow(/at least one record/)
    expect(() => inboxEntry('pulls', [{ title: 'no number' }], T)).toThrow(/cannot record a pulls record/)
  })

  it('keeps milliseconds in the time, so entries written in one second keep their order', () => {
    expect(compactTime('2026-11-23T04:05:06.001Z') < compactTime('2026-11-23T04:05:06.002Z')).toBe(true)
    expect(compactTime('not a time')).toBe('00000000T000000000Z')
  })

  it('tells entry paths from other files', () => {
    expect(isInboxPath('inbox/x.json')).toBe(true)
    expect(isInboxPath('inbox/sub/x.json')).toBe(false)
    expect(isInboxPath('inbox/x.txt')).toBe(false)
    expect(isInboxPath('reports/x.json')).toBe(false)
  })
})

describe('parsing an entry', () => {
  it('reads the upserts of a valid entry', () => {
    const entry = inboxEntry('pulls', [pull(1, '2026-11-01T00:00:00Z')], T)
    expect(parseInboxEntry(entry.path, entry.content)).toEqual({
      update: { pulls: [pull(1, '2026-11-01T00:00:00Z')] }
    })
  })

  it.each([
    ['{ not json', /is not valid JSON/],
    ['[1, 2]', /is not a JSON object of collections/],
    ['{"secrets": []}', /"secrets", which is not a collection/],
    ['{"pulls": {}}', /holds pulls that is not an array/],
    ['{"pulls": [{"number": 1}]}', /holds a pulls record that/],
    ['{"pulls": [{"number": 1, "createdAt": "yesterday"}]}', /time is not an ISO 8601 time/]
  ])('says why %s cannot be used', (text, problem) => {
    const parsed = parseInboxEntry('inbox/x.json', text)
    expect('problem' in parsed && parsed.problem).toMatch(problem)
  })
})

/** A folder store that counts its reads, as the git store's requests would be counted. */
function counted(store: DataStore): { store: DataStore; calls: string[] } {
  const calls: string[] = []
  return {
    calls,
    store: {
      ...store,
      async list(prefix) {
        calls.push(`list ${prefix}`)
        return store.list(prefix)
      },
      async readFiles(paths) {
        calls.push(`readFiles ${paths.length}`)
        return store.readFiles(paths)
      }
    }
  }
}

describe('withInbox over the folder store', () => {
  it('folds entries into load() by the merge rule, and the next save stores them and deletes them', async () => {
    const dir = folder()
    const plain = createDirectoryStore(dir, { repository: 'o/r' })
    const stored = pull(1, '2026-11-01T00:00:00Z', { updatedAt: '2026-11-05T00:00:00Z', title: 'stored' })
    await plain.save({ pulls: [stored] }, [], 'seed')
    // a newer version of #1, an older one (never replaces the stored record), and a new #2
    const newer = { ...stored, updatedAt: '2026-11-06T00:00:00Z', title: 'newer' }
    const older = { ...stored, updatedAt: '2026-11-04T00:00:00Z', title: 'older' }
    const second = pull(2, '2026-11-02T00:00:00Z')
    const entries = [
      inboxEntry('pulls', [newer], '2026-11-06T00:00:00Z'),
      inboxEntry('pulls', [older], '2026-11-07T00:00:00Z'),
      inboxEntry('pulls', [second], '2026-11-07T00:00:01Z')
    ]
    for (const e of entries) expect((await plain.addFile!(e.path, e.content, 'record')).committed).toBe(true)

    const store = withInbox(plain)
    const state = await store.load()
    expect(state.history.pulls.map((p) => [p.number, p.title])).toEqual([
      [1, 'newer'],
      [2, 'Pull 2']
    ])
    expect(state.problems ?? []).toEqual([])
    // an entry written after the load is not folded by this run
    const late = inboxEntry('pulls', [pull(3, '2026-11-03T00:00:00Z')], '2026-11-08T00:00:00Z')
    await plain.addFile!(late.path, late.content, 'record')

    const saved = await store.save({}, [], 'report')
    expect(saved.paths).toEqual(expect.arrayContaining(entries.map((e) => e.path)))
    expect(readdirSync(join(dir, 'inbox'))).toEqual([late.path.slice('inbox/'.length)])
    const after = await plain.load()
    expect(after.history.pulls.map((p) => [p.number, p.title])).toEqual([
      [1, 'newer'],
      [2, 'Pull 2']
    ])
    // the next run folds the late one, once
    const next = withInbox(plain)
    expect((await next.load()).history.pulls.map((p) => p.number)).toEqual([1, 2, 3])
    await next.save({}, [], 'report')
    expect(readdirSync(dir)).not.toContain('inbox')
    expect((await withInbox(plain).load()).history.pulls.map((p) => p.number)).toEqual([1, 2, 3])
  })

  it("stores the caller's records after the entries' (the caller's newer record wins)", async () => {
    const plain = createDirectoryStore(folder(), { repository: 'o/r' })
    const fromEvent = pull(5, '2026-11-01T00:00:00Z', { title: 'from the event' })
    const e = inboxEntry('pulls', [fromEvent], T)
    await plain.addFile!(e.path, e.content, 'record')
    const store = withInbox(plain)
    await store.load()
    await store.save({ pulls: [{ ...fromEvent, title: 'from the sync' }] }, [], 'report')
    expect((await plain.load()).history.pulls.map((p) => p.title)).toEqual(['from the sync'])
  })

  it('reports a damaged entry as a problem, leaves it in place and folds the others', async () => {
    const dir = folder()
    const plain = createDirectoryStore(dir, { repository: 'o/r' })
    const good = inboxEntry('pulls', [pull(1, '2026-11-01T00:00:00Z')], T)
    await plain.addFile!(good.path, good.content, 'record')
    writeFileSync(join(dir, 'inbox', '20261123T000000000Z-pulls-9-000000000000.json'), '{"pulls": [trunc')
    const store = withInbox(plain)
    const state = await store.load()
    expect(state.history.pulls.map((p) => p.number)).toEqual([1])
    expect(state.problems).toEqual([
      {
        kind: 'inbox',
        message: expect.stringMatching(
          /^The recorded event inbox\/20261123T000000000Z-pulls-9-000000000000\.json on the data branch is not valid JSON .* It is left in place: fix or delete it there\.$/
        )
      }
    ])
    await store.save({}, [], 'report')
    expect(readdirSync(join(dir, 'inbox'))).toEqual(['20261123T000000000Z-pulls-9-000000000000.json'])
    // reported again by the next run, still without a crash
    expect((await withInbox(plain).load()).problems).toHaveLength(1)
  })

  it('reads 500 entries with one listing and one batched read', async () => {
    const plain = createDirectoryStore(folder(), { repository: 'o/r' })
    for (let n = 1; n <= 500; n++) {
      const e = inboxEntry('pulls', [pull(n, '2026-11-01T00:00:00Z')], `2026-11-0${1 + (n % 7)}T00:00:00Z`)
      await plain.addFile!(e.path, e.content, 'record')
    }
    const { store, calls } = counted(plain)
    const fold = await readInbox(store)
    expect(calls).toEqual(['list inbox', 'readFiles 500'])
    expect(fold.paths).toHaveLength(500)
    expect(fold.update.pulls).toHaveLength(500)
  })

  it('leaves a files-only store and a store without entries as they are', async () => {
    const plain = createDirectoryStore(folder(), { repository: 'o/r' })
    expect(withInbox(plain, { filesOnly: true })).toBe(plain)
    const state = await withInbox(plain).load()
    expect(state.problems).toBeUndefined()
    expect(state.history.pulls).toEqual([])
  })
})

describe("the folder store's addFile", () => {
  it('writes a new file, does nothing for the same content and never replaces other content', async () => {
    const dir = folder()
    const store = createDirectoryStore(dir, { repository: 'o/r' })
    expect((await store.addFile!('inbox/a.json', 'one', 'm')).committed).toBe(true)
    expect(readFileSync(join(dir, 'inbox', 'a.json'), 'utf8')).toBe('one')
    expect(await store.addFile!('inbox/a.json', 'one', 'm')).toMatchObject({ committed: false, paths: [] })
    await expect(store.addFile!('inbox/a.json', 'two', 'm')).rejects.toThrow(
      /a different file is already stored/
    )
    expect(readFileSync(join(dir, 'inbox', 'a.json'), 'utf8')).toBe('one')
    await expect(store.addFile!('history/pulls/2026-11.json', '[]', 'm')).rejects.toThrow(
      /managed by the store/
    )
  })
})

describe('a report run over the inbox', () => {
  it("counts the recorded pull requests, lists a damaged entry in the report's data problems and keeps it", async () => {
    const dir = folder()
    const plain = createDirectoryStore(dir, { repository: 'o/r' })
    const merged = pull(4, '2026-11-03T09:00:00Z', {
      updatedAt: '2026-11-03T15:00:00Z',
      closedAt: '2026-11-03T15:00:00Z',
      mergedAt: '2026-11-03T15:00:00Z'
    })
    const good = inboxEntry('pulls', [merged], '2026-11-03T15:00:01Z')
    await plain.addFile!(good.path, good.content, 'record')
    const damaged = 'inbox/20261104T000000000Z-pulls-5-0123456789ab.json'
    writeFileSync(join(dir, ...damaged.split('/')), 'not json')

    const parsed = parseSettings(
      (name) => ({ token: 'ghs_test', window: 'month', until: '2026-12-01T00:00:00Z' })[name] ?? '',
      { GITHUB_REPOSITORY: 'o/r' }
    )
    if (!parsed.ok) throw new Error('settings')
    const timeline: string[] = []
    const history = fakeHistory(
      { update: {}, complete: true, deploymentSource: 'deployment', notes: [] },
      timeline
    )
    const outcome = await runReport(parsed.settings, {
      history,
      store: withInbox(plain),
      log: memoryLogger(),
      now: new Date('2026-12-01T06:00:00Z')
    })
    expect(outcome.snapshot.metrics.pullRequests?.merged).toBe(1)
    expect(outcome.snapshot.dataProblems).toEqual(
      expect.arrayContaining([{ kind: 'inbox', message: expect.stringContaining(damaged) }])
    )
    expect(readFileSync(join(dir, 'reports', '2026-11', 'README.md'), 'utf8')).toContain(damaged)
    // the good entry is folded into the shard and removed; the damaged one stays
    expect(readdirSync(join(dir, 'inbox'))).toEqual([damaged.slice('inbox/'.length)])
    expect((await plain.load()).history.pulls.map((p) => p.number)).toEqual([4])
  })
})
