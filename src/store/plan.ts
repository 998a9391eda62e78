/**
 * The backend-independent part of a save: given the state at a head, which files change. Both the
 * git and the folder backend call planSave on every attempt (a retry after a concurrent writer plans
 * again on the new head, so nothing another writer stored is dropped).
 */
import { createHash } from 'node:crypto'
import type { FileChange, HistoryUpdate, Meta } from './types.js'
import { META_PATH, applyMetaUpdate, metaChangedBeyondLastRun, parseMeta, serializeMeta } from './meta.js'
import {
  type ShardTexts,
  applyHistoryUpdate,
  historyFromShards,
  parseShardPath,
  withShardChanges
} from './shards.js'
import { deploymentKinds, openPartIndex, relayoutShards } from './layout.js'

/** What a backend read at one head. */
export interface HeadState {
  head: string | null
  metaText: string | null
  /** The shards read (all of them unless `partial`). */
  shards: ShardTexts
  /** True when only some shards were read (a windowed load): never true for a branch still to lay out. */
  partial?: boolean
}

/** What is known about a caller file at the head: its text, or just its git blob id. */
export interface FileState {
  exists: boolean
  text?: string
  oid?: string
}

export interface SavePlan {
  /** Path → new text, or null to delete. Empty when nothing changed. */
  writes: Map<string, string | null>
  meta: Meta
  /** Shards after the save (for the backend's cache). */
  shardChanges: Map<string, string | null>
}

/** git's blob id of a text (the same sha `git hash-object` prints). */
export function gitBlobSha(text: string): string {
  const body = Buffer.from(text, 'utf8')
  return createHash('sha1').update(`blob ${body.length}\0`).update(body).digest('hex')
}

/** Rejects file paths the caller may not write: absolute, `..`, or the store's own files. */
export function checkFileChanges(files: readonly FileChange[]): void {
  for (const file of files) {
    const path = file.path
    const parts = path.split('/')
    if (
      path === '' ||
      path.startsWith('/') ||
      parts.some((p) => p === '' || p === '.' || p === '..') ||
      path.includes('\\')
    ) {
      throw new Error(
        `Invalid data-branch file path ${JSON.stringify(path)}: use a relative path like reports/2026-11/README.md`
      )
    }
    if (path === META_PATH || path.startsWith('history/')) {
      throw new Error(
        `The file ${path} is managed by the store; pass history changes as a HistoryUpdate instead of a file`
      )
    }
  }
}

/** Paths whose current text a save needs (appends), and paths whose identity suffices. */
export function filesToRead(files: readonly FileChange[]): { path: string; needText: boolean }[] {
  const out = new Map<string, boolean>()
  for (const file of files) out.set(file.path, (out.get(file.path) ?? false) || 'append' in file)
  return [...out].map(([path, needText]) => ({ path, needText }))
}

function appendLine(current: string, line: string): string {
  const head = current === '' || current.endsWith('\n') ? current : `${current}\n`
  return head + (line.endsWith('\n') ? line : `${line}\n`)
}

export function planSave(
  state: HeadState,
  update: HistoryUpdate,
  files: readonly FileChange[],
  current: Map<string, FileState>,
  where: string,
  repository: string,
  filesOnly = false
): SavePlan {
  if (filesOnly && Object.keys(update).length > 0) {
    throw new Error(`Internal: ${where} holds reports only; history updates go to the data branch`)
  }
  // A files-only store (a separate reports branch) never reads or writes meta.json: it may be any
  // branch, even one with a meta.json of its own.
  const { meta: before } = filesOnly
    ? { meta: parseMeta(null, where, repository).meta }
    : parseMeta(state.metaText, where, repository)
  let shardChanges = filesOnly ? new Map<string, string | null>() : applyHistoryUpdate(state.shards, update)
  const relayout = !filesOnly && before.layout !== 'activity'
  if (relayout) {
    if (state.partial) throw new Error(`Internal: ${where} must be read whole before its shards are laid out`)
    shardChanges = withRelayout(state.shards, shardChanges)
  }
  const writes = new Map<string, string | null>(shardChanges)

  // caller files, applied in order (an append after a content change appends to the new content)
  const finalText = new Map<string, string | null>()
  for (const file of files) {
    if ('delete' in file) {
      finalText.set(file.path, null)
    } else if ('content' in file) {
      finalText.set(file.path, file.content)
    } else {
      let base: string
      if (finalText.has(file.path)) {
        base = finalText.get(file.path) ?? ''
      } else {
        const known = current.get(file.path)
        if (known?.exists && known.text === undefined)
          throw new Error(`Internal: ${file.path} was not read before appending`)
        base = known?.exists ? (known.text as string) : ''
      }
      finalText.set(file.path, appendLine(base, file.append))
    }
  }
  for (const [path, text] of finalText) {
    const known = current.get(path) ?? { exists: false }
    if (text === null) {
      if (known.exists) writes.set(path, null)
      continue
    }
    if (known.exists) {
      const same = known.text !== undefined ? known.text === text : known.oid === gitBlobSha(text)
      if (same) continue
    }
    writes.set(path, text)
  }

  let meta = applyMetaUpdate(before, update)
  if (relayout) {
    // the whole history was read: its deployment kinds are known
    const after = historyFromShards(withShardChanges(state.shards, shardChanges), meta)
    meta = { ...meta, layout: 'activity', deploymentKinds: deploymentKinds(after.deployments) }
  }
  if (!filesOnly && meta.layout === 'activity') {
    const { openParts: _known, ...rest } = meta
    const openParts = openPartIndex(withShardChanges(state.shards, shardChanges), meta.openParts)
    meta = Object.keys(openParts).length > 0 ? { ...rest, openParts } : rest
  }
  if (!filesOnly && (writes.size > 0 || metaChangedBeyondLastRun(state.metaText, meta))) {
    const text = serializeMeta(meta)
    if (text !== state.metaText) writes.set(META_PATH, text)
  }
  return { writes, meta, shardChanges }
}

/**
 * The shard changes of a save that also lays the branch out by last activity (the first save of this
 * version on a branch of an earlier one): the update's changes, then every record in its shard.
 */
function withRelayout(shards: ShardTexts, changes: Map<string, string | null>): Map<string, string | null> {
  const updated = withShardChanges(shards, changes)
  const final = withShardChanges(updated, relayoutShards(updated))
  const out = new Map<string, string | null>()
  for (const path of shards.keys()) if (!final.has(path)) out.set(path, null)
  for (const [path, text] of final) if (shards.get(path) !== text) out.set(path, text)
  return out
}

/** True for paths the store reads on load (meta and shards). */
export function isStorePath(path: string): boolean {
  return path === META_PATH || parseShardPath(path) !== null
}
