/**
 * The values file a report run writes (snapshots/PERIOD.values.json): in the same save as the snapshot,
 * on a real store (the folder backend), with the figures of the snapshot beside it, and a re-run with
 * nothing new writes nothing.
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { memoryLogger } from '../../src/log.js'
import type { Snapshot } from '../../src/metrics/types.js'
import { poolValues } from '../../src/org/pool.js'
import { parseValues, VALUES_SCHEMA_VERSION } from '../../src/org/values.js'
import { runReport } from '../../src/pipeline/report.js'
import type { HistorySync } from '../../src/pipeline/types.js'
import { parseSettings } from '../../src/settings.js'
import { createDirectoryStore } from '../../src/store/directory.js'
import type { DataStore } from '../../src/store/types.js'
import { issue, pull } from '../metrics/builders.js'
import { fakeHistory } from '../pipeline/fakes.js'
import { POOLED, figures } from './helpers.js'

const NOW = new Date('2026-12-01T06:00:00Z')

function settings() {
  const inputs: Record<string, string> = { token: 'ghs_test', window: 'month', until: '2026-12-01T00:00:00Z' }
  const result = parseSettings((name) => inputs[name] ?? '', { GITHUB_REPOSITORY: 'o/r' })
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join(' | '))
  return result.settings
}

function synced(): HistorySync {
  const merged = (n: number, day: string, reviewer: string) =>
    pull(n, {
      createdAt: `2026-11-${day}T09:00:00Z`,
      updatedAt: `2026-11-${day}T15:00:00Z`,
      closedAt: `2026-11-${day}T15:00:00Z`,
      mergedAt: `2026-11-${day}T15:00:00Z`,
      reviewRequests: [{ type: 'requested', at: `2026-11-${day}T09:30:00Z`, reviewer }],
      reviews: [{ author: reviewer, state: 'APPROVED', submittedAt: `2026-11-${day}T11:00:00Z` }]
    })
  return {
    update: {
      // 9 merged in October: outside the window, so not in the values file.
      pulls: [
        merged(1, '03', 'bob'),
        merged(2, '10', 'carol'),
        merged(3, '17', 'bob'),
        pull(9, {
          createdAt: '2026-10-29T09:00:00Z',
          mergedAt: '2026-10-30T09:00:00Z',
          closedAt: '2026-10-30T09:00:00Z',
          reviewRequests: [{ type: 'requested', at: '2026-10-29T10:00:00Z', reviewer: 'bob' }],
          reviews: [{ author: 'bob', state: 'APPROVED', submittedAt: '2026-10-29T11:00:00Z' }]
        })
      ],
      issues: [
        issue(5, {
          createdAt: '2026-11-04T00:00:00Z',
          comments: [{ author: 'bob', at: '2026-11-04T02:00:00Z' }]
        })
      ],
      checkpoints: { pulls: { updatedAt: '2026-11-17T15:00:00Z' } }
    },
    complete: true,
    deploymentSource: 'deployment',
    notes: []
  }
}

/** The folder store, with the paths of every save that committed recorded. */
function recorded(store: DataStore): { store: DataStore; saves: string[][] } {
  const saves: string[][] = []
  return {
    saves,
    store: {
      ...store,
      async save(update, files, message) {
        const result = await store.save(update, files, message)
        if (result.committed) saves.push(files.map((f) => f.path))
        return result
      }
    }
  }
}

describe('the values file of a report run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'values-file-'))
  const run = async (now = NOW) => {
    const w = recorded(createDirectoryStore(dir, { repository: 'o/r' }))
    const outcome = await runReport(settings(), {
      history: fakeHistory(synced(), []),
      store: w.store,
      log: memoryLogger(),
      now
    })
    return { ...w, outcome }
  }

  it('is written with the snapshot, in the same save, and has its figures', async () => {
    const first = await run()
    expect(first.saves).toHaveLength(1)
    expect(first.saves[0]).toEqual(
      expect.arrayContaining(['snapshots/2026-11.json', 'snapshots/2026-11.values.json'])
    )
    const snapshot = JSON.parse(readFileSync(join(dir, 'snapshots', '2026-11.json'), 'utf8')) as Snapshot
    const values = parseValues(readFileSync(join(dir, 'snapshots', '2026-11.values.json'), 'utf8'))
    expect(values).toMatchObject({
      schemaVersion: VALUES_SCHEMA_VERSION,
      repository: 'o/r',
      period: '2026-11'
    })
    expect(values.window).toEqual(snapshot.window)
    // Only the window's values: pull request 9 (merged in October) is not there.
    expect(values.metrics.timeToMerge!.seconds).toEqual([6 * 3600, 6 * 3600, 6 * 3600])
    expect(values.metrics.reviewTurnaround!.who).toEqual(['bob', 'carol', 'bob'])
    const pooled = poolValues([values], { name: 'o', generatedAt: snapshot.generatedAt }).snapshot
    // Every metric of the snapshot, with its figures.
    expect(Object.keys(pooled.metrics)).toEqual(Object.keys(snapshot.metrics))
    for (const name of POOLED) {
      expect({ [name]: figures(pooled.metrics, name) }).toEqual({ [name]: snapshot.metrics[name] })
    }
  })

  it('is not written again by a re-run with nothing new (no commit at all)', async () => {
    const before = readFileSync(join(dir, 'snapshots', '2026-11.values.json'), 'utf8')
    // An hour later: the snapshot keeps its figures (and generatedAt), the values file its bytes.
    const again = await run(new Date(NOW.getTime() + 3600 * 1000))
    expect(again.outcome.committed).toBe(false)
    expect(again.saves).toEqual([])
    expect(readFileSync(join(dir, 'snapshots', '2026-11.values.json'), 'utf8')).toBe(before)
  })
})
