/**
 * Phase 2, render: the report, its charts, the index, the snapshot file and the issue body, in
 * memory. Reads the stored snapshot and index; writes nothing.
 */
import type { Snapshot } from '../metrics/types.js'
import { parseStoredSnapshot } from '../metrics/upgrade.js'
import { renderReport, type RenderedReport } from '../report/index.js'
import type { Settings } from '../settings-types.js'
import type { DataStore } from '../store/types.js'
import type { Measured } from './measure.js'

export interface RenderDeps {
  store: DataStore
  /** Where reports go when `reports-branch` differs from the data branch (default: store). */
  reportsStore?: DataStore
  /** Reads a user template from the repository's default branch (null when absent). */
  readRepositoryFile?: (path: string) => Promise<string | null>
}

export interface Rendered {
  /** The snapshot the report shows: the stored one when the figures did not change. */
  snapshot: Snapshot
  report: RenderedReport
  /** The notification issue's title, placeholders expanded. */
  title: string
}

export async function render(settings: Settings, deps: RenderDeps, measured: Measured): Promise<Rendered> {
  const { store } = deps
  const reportsStore = deps.reportsStore ?? store
  const { repository, snapshotPath } = measured
  const indexPath = `${settings.reportsPath}/README.md`
  let stored: string | null
  let existingIndex: string | null
  if (reportsStore === store) {
    // One read for both where the store can batch.
    const files = await store.readFiles([snapshotPath, indexPath])
    stored = files.get(snapshotPath) ?? null
    existingIndex = files.get(indexPath) ?? null
  } else {
    stored = await store.readFile(snapshotPath)
    existingIndex = await reportsStore.readFile(indexPath)
  }
  // A re-run with nothing new keeps the stored snapshot byte for byte, so it makes no commit. A
  // snapshot of an older schema is upgraded first (so it compares equal only when nothing differs).
  const snapshot = sameFigures(stored, measured.computed, snapshotPath) ?? measured.computed

  const template = settings.template ? await loadTemplate(settings.template, deps) : null
  const issueTemplate = settings.issueTemplate ? await loadTemplate(settings.issueTemplate, deps) : null
  const report = await renderReport({
    snapshot,
    previous: measured.previous,
    trend: measured.trend,
    previousCovered: measured.previousCovered,
    repository,
    serverUrl: settings.serverUrl,
    reportsBranch: settings.reportsBranch,
    reportsPath: settings.reportsPath,
    mentionReviewers: settings.mentionReviewers,
    template,
    issueTemplate,
    existingIndex
  })
  const title = settings.issueTitle
    .replaceAll('{period}', measured.period)
    .replaceAll('{repository}', repository)
  return { snapshot, report, title }
}

/** The stored snapshot (upgraded) when its figures equal the computed ones, else null. */
function sameFigures(storedText: string | null, computed: Snapshot, path: string): Snapshot | null {
  if (!storedText) return null
  let stored: Snapshot | null
  try {
    stored = parseStoredSnapshot(storedText, path)
  } catch {
    return null
  }
  if (!stored) return null
  const same =
    JSON.stringify({ ...stored, generatedAt: '' }) === JSON.stringify({ ...computed, generatedAt: '' })
  return same ? stored : null
}

async function loadTemplate(path: string, deps: RenderDeps): Promise<{ name: string; text: string }> {
  const text = deps.readRepositoryFile ? await deps.readRepositoryFile(path) : null
  if (text === null) {
    throw new Error(
      `The template '${path}' was not found on the repository's default branch. Commit it there, or clear the input to use the bundled template.`
    )
  }
  return { name: path, text }
}
