/**
 * Report names never collide, and reports written under the old names are still found: a length or
 * explicit window named by the date of its end alone keeps that name when its snapshot covers this
 * very window, and only then.
 */
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { main } from '../../src/cli.js'
import { resolveWindow } from '../../src/period.js'
import { coversWindow, findStoredPeriod, snapshotPath } from '../../src/report/stored-period.js'
import type { WindowSpec } from '../../src/settings-types.js'

const days7: WindowSpec = { kind: 'length', days: 7, text: '7d' }
const now = new Date('2026-11-23T09:00:00Z')
const sevenDays = resolveWindow({ window: days7, since: null, until: null, timezone: 'UTC', now })

/** A snapshot text as a run of `window` wrote it. */
const snapshotOf = (window: { since: string; until: string }, timezone = 'UTC') =>
  JSON.stringify({ schemaVersion: 1, period: 'whatever', window: { ...window, bucket: 'day', timezone } })

function reader(files: Record<string, string>) {
  const asked: string[][] = []
  const read = async (paths: string[]) => {
    asked.push(paths)
    return paths.map((p) => files[p] ?? null)
  }
  return { read, asked }
}

describe('findStoredPeriod', () => {
  it('keeps the old name when its snapshot covers this window (a run earlier the same day)', async () => {
    const earlier = resolveWindow({
      window: days7,
      since: null,
      until: null,
      timezone: 'UTC',
      now: new Date('2026-11-23T04:00:00Z')
    })
    const { read, asked } = reader({ 'snapshots/2026-11-23.json': snapshotOf(earlier) })
    expect((await findStoredPeriod(sevenDays, read)).period).toBe('2026-11-23')
    expect(asked).toEqual([['snapshots/2026-11-23-7d.json', 'snapshots/2026-11-23.json']])
  })

  it('takes the new name when the old snapshot is of another window (a 30-day report that day)', async () => {
    const thirty = resolveWindow({
      window: { kind: 'length', days: 30, text: '30d' },
      since: null,
      until: null,
      timezone: 'UTC',
      now
    })
    const { read } = reader({ 'snapshots/2026-11-23.json': snapshotOf(thirty) })
    expect((await findStoredPeriod(sevenDays, read)).period).toBe('2026-11-23-7d')
  })

  it('prefers a snapshot under the new name', async () => {
    const { read } = reader({
      'snapshots/2026-11-23-7d.json': snapshotOf(sevenDays),
      'snapshots/2026-11-23.json': snapshotOf(sevenDays)
    })
    expect((await findStoredPeriod(sevenDays, read)).period).toBe('2026-11-23-7d')
  })

  it('finds an explicit window by its old name', async () => {
    const span = resolveWindow({
      window: days7,
      since: '2026-01-01',
      until: '2026-02-01',
      timezone: 'UTC',
      now
    })
    const { read } = reader({ 'snapshots/2026-02-01.json': snapshotOf(span) })
    expect(await findStoredPeriod(span, read)).toEqual({ ...span, period: '2026-02-01' })
    const other = resolveWindow({
      window: days7,
      since: '2026-01-15',
      until: '2026-02-01',
      timezone: 'UTC',
      now
    })
    expect((await findStoredPeriod(other, read)).period).toBe('2026-01-15-to-2026-02-01')
  })

  it('reads nothing for a calendar window, whose name always said which window', async () => {
    const week = resolveWindow({
      window: { kind: 'calendar', unit: 'week', text: 'week' },
      since: null,
      until: null,
      timezone: 'UTC',
      now
    })
    const { read, asked } = reader({})
    expect(await findStoredPeriod(week, read)).toBe(week)
    expect(asked).toEqual([])
  })

  it('ignores an unreadable old snapshot', () => {
    expect(coversWindow('{ not json', '2026-11-23-7d')).toBe(false)
    expect(coversWindow('{}', '2026-11-23-7d')).toBe(false)
    expect(coversWindow(null, '2026-11-23-7d')).toBe(false)
    expect(snapshotPath('2026-11-23-7d')).toBe('snapshots/2026-11-23-7d.json')
  })
})

describe('report names through the whole pipeline (folder store, emulator)', () => {
  it('writes 7-day and 30-day reports ending the same day side by side, and updates one found by its old name', async () => {
    const { generateRepository } = await import('../../tools/github-emulator/generate.js')
    const { startEmulator } = await import('../../tools/github-emulator/server.js')
    const seed = generateRepository({ prs: 40, seed: 5 })
    const emulator = await startEmulator({ seed, port: 0 })
    const dir = mkdtempSync(join(tmpdir(), 'rmr-names-'))
    const write = process.stdout.write
    process.stdout.write = (() => true) as typeof process.stdout.write
    const report = (window: string) =>
      main(
        ['report', '--repo', `${seed.owner}/${seed.name}`, '--api-url', emulator.url, '--store', dir].concat([
          '--window',
          window,
          '--until',
          seed.until
        ]),
        { GITHUB_TOKEN: 'names-test-token' }
      )
    const day = seed.until.slice(0, 10)
    try {
      expect(await report('7d')).toBe(0)
      expect(await report('30d')).toBe(0)
      const snapshots = readdirSync(join(dir, 'snapshots')).sort()
      // Each snapshot with its values file (src/org/values.ts) beside it.
      expect(snapshots).toEqual([
        `${day}-30d.json`,
        `${day}-30d.values.json`,
        `${day}-7d.json`,
        `${day}-7d.values.json`
      ])
      const seven = JSON.parse(readFileSync(join(dir, 'snapshots', `${day}-7d.json`), 'utf8'))
      const thirty = JSON.parse(readFileSync(join(dir, 'snapshots', `${day}-30d.json`), 'utf8'))
      expect(Date.parse(seven.window.until) - Date.parse(seven.window.since)).toBe(7 * 86400000)
      expect(Date.parse(thirty.window.until) - Date.parse(thirty.window.since)).toBe(30 * 86400000)

      // As an older version wrote it: the 7-day report under the date alone.
      renameSync(join(dir, 'snapshots', `${day}-7d.json`), join(dir, 'snapshots', `${day}.json`))
      renameSync(join(dir, 'reports', `${day}-7d`), join(dir, 'reports', day))
      rmSync(join(dir, 'snapshots', `${day}-7d.values.json`))
      writeFileSync(join(dir, 'snapshots', `${day}.json`), JSON.stringify({ ...seven, period: day }, null, 2))
      expect(await report('7d')).toBe(0)
      expect(readdirSync(join(dir, 'snapshots')).sort()).toEqual([
        `${day}-30d.json`,
        `${day}-30d.values.json`,
        `${day}.json`,
        `${day}.values.json`
      ])
      expect(existsSync(join(dir, 'reports', `${day}-7d`))).toBe(false)
      const index = readFileSync(join(dir, 'reports', 'README.md'), 'utf8')
      expect(index).toContain(`[${day}](${day}/README.md)`)
      expect(index).toContain(`[${day}-30d](${day}-30d/README.md)`)
    } finally {
      process.stdout.write = write
      await emulator.stop()
    }
  })
})
