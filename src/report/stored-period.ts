/**
 * Reports written before period names said which window they cover are still found. Length and
 * explicit windows used to be named by the date of their end alone (`2026-11-23`), so a 7-day and a
 * 30-day report ending on the same day shared one name. Now each has its own (`2026-11-23-7d`); a run
 * whose window has no snapshot under its own name, but one under the old name that covers this very
 * window, keeps the old name, and so updates that report, snapshot and notification issue instead of
 * starting a second one. A report under the old name for another window is left alone.
 */
import type { Snapshot } from '../metrics/types.js'
import { periodsOfWindow, type ResolvedWindow } from '../period.js'

/** Reads several data-store files at once (null for a missing one). */
export type ReadFiles = (paths: string[]) => Promise<Array<string | null>>

export function snapshotPath(period: string): string {
  return `snapshots/${period}.json`
}

/** Whether a stored snapshot (its text) was written for `period`'s window. */
export function coversWindow(text: string | null, period: string): boolean {
  if (!text) return false
  let window: Snapshot['window'] | undefined
  try {
    window = (JSON.parse(text) as Snapshot).window
  } catch {
    return false
  }
  if (!window?.since || !window.until) return false
  return periodsOfWindow(window.since, window.until, window.timezone || 'UTC').includes(period)
}

/** The window with the period name this run writes under: its own, or the old one it was found by. */
export async function findStoredPeriod(window: ResolvedWindow, read: ReadFiles): Promise<ResolvedWindow> {
  const legacy = window.legacyPeriod
  if (!legacy || legacy === window.period) return window
  const [own, old] = await read([snapshotPath(window.period), snapshotPath(legacy)])
  if (own !== null || !coversWindow(old, window.period)) return window
  return { ...window, period: legacy }
}
