/**
 * Phase 3, save: the synced history, the snapshot with its values file (src/org/values.ts) and the
 * report in one commit on the data branch, or, with a separate reports branch, history, snapshot and
 * values file on the data branch and the report files on the reports branch. Nothing is announced
 * before this phase has returned.
 */
import type { Logger } from '../log.js'
import { serializeValues } from '../org/values.js'
import type { RenderedFile } from '../report/index.js'
import type { DataStore, FileChange } from '../store/types.js'
import type { Measured } from './measure.js'
import type { Rendered } from './render.js'

export interface SaveDeps {
  store: DataStore
  reportsStore?: DataStore
  log: Logger
  /** Called with the job-summary Markdown once the report is saved (it links the report). */
  writeSummary?: (markdown: string) => Promise<void>
}

const toFile = (f: RenderedFile): FileChange => ({ path: f.path, content: f.content })

/** Saves and returns whether a commit landed. */
export async function save(deps: SaveDeps, measured: Measured, rendered: Rendered): Promise<boolean> {
  const { store, log } = deps
  const reportsStore = deps.reportsStore ?? store
  const { period, repository } = measured
  const update = { ...measured.sync.update }
  const files = rendered.report.files
  // The exact values behind the snapshot, beside it on the data branch, in the same commit.
  const values: FileChange = { path: measured.valuesPath, content: serializeValues(measured.values()) }
  let committed: boolean
  if (reportsStore === store) {
    const all = [...files.map(toFile), values]
    committed = (await store.save(update, all, `Report ${period} for ${repository}`)).committed
  } else {
    const dataFiles = [...files.filter((f) => f.target === 'data').map(toFile), values]
    const reportFiles = files.filter((f) => f.target !== 'data').map(toFile)
    committed = (await store.save(update, dataFiles, `History and snapshot ${period} for ${repository}`))
      .committed
    committed = (await reportsStore.save({}, reportFiles, `Report ${period}`)).committed || committed
  }
  log.info(committed ? `Committed to ${store.description}` : 'Nothing changed on the data branch: no commit')
  if (deps.writeSummary) await deps.writeSummary(rendered.report.summary)
  return committed
}
