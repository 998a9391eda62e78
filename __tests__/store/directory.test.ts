import { mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDirectoryStore } from '../../src/store/directory.js'
import { exportStoreToDirectory } from '../../src/store/export.js'
import { SchemaVersionError } from '../../src/store/types.js'
import { deployment, pull } from './fixtures.js'

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'store-dir-'))
}

describe('createDirectoryStore', () => {
  it('loads an empty state from a missing folder', async () => {
    const store = createDirectoryStore(join(tempDir(), 'absent'), { repository: 'o/r' })
    const state = await store.load()
    expect(state.head).toBeNull()
    expect(state.meta.repository).toBe('o/r')
    expect(state.history.pulls).toEqual([])
    expect(await store.list('')).toEqual([])
    expect(await store.readFile('meta.json')).toBeNull()
  })

  it('writes the data-branch layout, and a second identical save changes nothing', async () => {
    const dir = tempDir()
    const store = createDirectoryStore(dir, { repository: 'o/r' })
    const update = {
      pulls: [pull(1, '2025-07-01T00:00:00Z'), pull(2, '2025-08-01T00:00:00Z')],
      deployments: [deployment('9', '2025-08-03T00:00:00Z')],
      checkpoints: { pulls: { newest: '2025-08-01T00:00:00Z' } },
      lastRun: { at: '2026-01-01T00:00:00Z', mode: 'report', complete: true }
    }
    const files = [
      { path: 'snapshots/2025-08.json', content: '{"schemaVersion":1}\n' },
      { path: 'ingest/2025-08-03.jsonl', append: '{"received":1}' }
    ]
    const first = await store.save(update, files, 'first')
    expect(first.committed).toBe(true)
    expect(first.paths).toEqual([
      'history/deployments/2025-08.json',
      'history/pulls/2025-07.json',
      'history/pulls/2025-08.json',
      'ingest/2025-08-03.jsonl',
      'snapshots/2025-08.json',
      'meta.json'
    ])
    expect(await store.list('')).toEqual([
      'history/deployments/2025-08.json',
      'history/pulls/2025-07.json',
      'history/pulls/2025-08.json',
      'ingest/2025-08-03.jsonl',
      'meta.json',
      'snapshots/2025-08.json'
    ])
    const before = readFileSync(join(dir, 'history', 'pulls', '2025-07.json'), 'utf8')
    const rerun = await store.save(
      { ...update, lastRun: { at: '2026-01-02T00:00:00Z', mode: 'report', complete: true } },
      [files[0]],
      'again'
    )
    expect(rerun).toEqual({ committed: false, commitSha: null, retries: 0, paths: [] })
    expect(readFileSync(join(dir, 'history', 'pulls', '2025-07.json'), 'utf8')).toBe(before)
    const loaded = await store.load()
    expect(loaded.history.pulls.map((p) => p.number)).toEqual([1, 2])
    expect(loaded.meta.checkpoints).toEqual(update.checkpoints)
    expect(loaded.head).toMatch(/^[0-9a-f]{40}$/)
  })

  it('appends audit lines to the file as it is, and deletes files', async () => {
    const dir = tempDir()
    const store = createDirectoryStore(dir)
    await store.save({}, [{ path: 'ingest/d.jsonl', append: '{"n":1}' }], 'one')
    await store.save({}, [{ path: 'ingest/d.jsonl', append: '{"n":2}\n' }], 'two')
    expect(await store.readFile('ingest/d.jsonl')).toBe('{"n":1}\n{"n":2}\n')
    await store.save({}, [{ path: 'ingest/d.jsonl', delete: true }], 'three')
    expect(await store.readFile('ingest/d.jsonl')).toBeNull()
    expect(existsSync(join(dir, 'ingest'))).toBe(false)
  })

  it('keeps every record when several saves run at once', async () => {
    const dir = tempDir()
    await Promise.all(
      Array.from({ length: 6 }, (_, w) =>
        createDirectoryStore(dir).save(
          { pulls: [pull(100 + w, '2025-07-01T00:00:00Z')] },
          [{ path: 'ingest/all.jsonl', append: String(w) }],
          `writer ${w}`
        )
      )
    )
    const loaded = await createDirectoryStore(dir).load()
    expect(loaded.history.pulls.map((p) => p.number)).toEqual([100, 101, 102, 103, 104, 105])
    expect(
      ((await createDirectoryStore(dir).readFile('ingest/all.jsonl')) as string).trim().split('\n').sort()
    ).toEqual(['0', '1', '2', '3', '4', '5'])
    expect(readdirSync(dir).filter((n) => n.includes('.tmp-') || n.includes('lock'))).toEqual([])
  })

  it('refuses a newer schema on load and on save without writing', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'meta.json'), '{"schemaVersion": 99}\n')
    const store = createDirectoryStore(dir)
    await expect(store.load()).rejects.toThrow(SchemaVersionError)
    await expect(store.save({ pulls: [pull(1, '2025-07-01T00:00:00Z')] }, [], 'x')).rejects.toThrow(
      'schema version 99'
    )
    expect(existsSync(join(dir, 'history'))).toBe(false)
  })

  it('upgrades a version 0 folder on the next save', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'meta.json'), '{"repository":"o/r","sync":{"pulls":{"cursor":"c"}}}')
    mkdirSync(join(dir, 'history', 'pulls'), { recursive: true })
    writeFileSync(
      join(dir, 'history', 'pulls', '2025-07.json'),
      JSON.stringify([pull(4, '2025-07-04T00:00:00Z')])
    )
    const store = createDirectoryStore(dir)
    const loaded = await store.load()
    expect(loaded.meta.checkpoints).toEqual({ pulls: { cursor: 'c' } })
    expect(loaded.history.pulls).toHaveLength(1)
    const saved = await store.save({}, [], 'migrate')
    // the shard is written again in the canonical form of the activity layout
    expect(saved.paths).toEqual(['history/pulls/2025-07.json', 'meta.json'])
    expect(JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')).schemaVersion).toBe(1)
  })

  it('rejects file paths outside the store or inside its own files', async () => {
    const store = createDirectoryStore(tempDir())
    await expect(store.save({}, [{ path: '../escape.md', content: 'x' }], 'x')).rejects.toThrow(
      'Invalid data-branch file path'
    )
    await expect(
      store.save({}, [{ path: 'history/pulls/2025-01.json', content: '[]' }], 'x')
    ).rejects.toThrow('managed by the store')
  })

  it('a files-only store (a separate reports branch) writes the files and never touches meta.json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rmr-files-only-'))
    writeFileSync(join(dir, 'meta.json'), '{"schemaVersion": 99, "owner": "someone else"}')
    const store = createDirectoryStore(dir, { filesOnly: true })
    const result = await store.save(
      {},
      [{ path: 'reports/2025-07/README.md', content: '# Report\n' }],
      'report'
    )
    expect(result.paths).toEqual(['reports/2025-07/README.md'])
    expect(readFileSync(join(dir, 'meta.json'), 'utf8')).toBe(
      '{"schemaVersion": 99, "owner": "someone else"}'
    )
    await expect(store.save({ pulls: [] }, [], 'history')).rejects.toThrow(/reports only/)
  })

  it('reads several files at once, null for a missing file or a folder', async () => {
    const dir = tempDir()
    const store = createDirectoryStore(dir)
    await store.save({}, [{ path: 'reports/2025-07/README.md', content: '# July\n' }], 'x')
    const texts = await store.readFiles(['reports/2025-07/README.md', 'reports/none.md', 'reports'])
    expect([...texts]).toEqual([
      ['reports/2025-07/README.md', '# July\n'],
      ['reports/none.md', null],
      ['reports', null]
    ])
  })

  it('exports a store into another folder', async () => {
    const source = createDirectoryStore(tempDir())
    await source.save(
      { pulls: [pull(1, '2025-07-01T00:00:00Z')] },
      [{ path: 'reports/README.md', content: '# r\n' }],
      'x'
    )
    const out = tempDir()
    expect(await exportStoreToDirectory(source, out)).toEqual([
      'history/pulls/2025-07.json',
      'meta.json',
      'reports/README.md'
    ])
    expect(readFileSync(join(out, 'reports', 'README.md'), 'utf8')).toBe('# r\n')
  })
})
