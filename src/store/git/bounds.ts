/**
 * Bounded writes. GitHub times out large request bodies (a `POST git/trees` of several MB never
 * answers in time, so nothing is saved and every later run fails the same way), so a save is cut
 * twice:
 *
 * - into commits: history shards first, in batches of a bounded amount of content, each its own
 *   commit and non-forced ref update; meta.json (the sync checkpoints) and the caller's files only in
 *   the last. A run stopped between commits loses nothing: the committed records are upserts by key,
 *   the checkpoint has not moved, and the next run syncs the same records again and goes on.
 * - within a commit, into request bodies of at most `REQUEST_BODY_LIMIT` bytes of serialized JSON:
 *   files too big to go inline are uploaded as blobs, the rest sent in several `POST git/trees`
 *   chained with `base_tree`.
 *
 * Sizes are of the JSON text the client sends (`JSON.stringify` of the body, escaping included).
 */

/** No request body is larger than this (1 MiB). */
export const REQUEST_BODY_LIMIT = 1_048_576

/** Content per commit when a save is split (about 8 MB). */
export const COMMIT_CONTENT_BYTES = 8_000_000

/** Bytes of a request body as sent: its JSON text, in UTF-8. */
export function bodyBytes(body: unknown): number {
  return Buffer.byteLength(JSON.stringify(body), 'utf8')
}

/** One commit of a save. */
export interface CommitBatch {
  /** Path → new text, or null to delete. */
  writes: Map<string, string | null>
  /** The save's last commit: it carries meta.json and the caller's files. */
  final: boolean
}

function contentBytes(text: string | null): number {
  return text === null ? 0 : Buffer.byteLength(text, 'utf8')
}

function byPath<T>([a]: [string, T], [b]: [string, T]): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * Splits a save into commits. Everything in one commit when the content fits `commitBytes` (the
 * common case). Otherwise history shards (`isShard`) go first, in path order, in commits of at most
 * `commitBytes` of content (a shard bigger than that alone is a commit of its own), and the other
 * writes (meta.json, the caller's files) go in the last commit, with the last shards when they fit.
 */
export function splitIntoCommits(
  writes: Map<string, string | null>,
  isShard: (path: string) => boolean,
  commitBytes: number
): CommitBatch[] {
  let total = 0
  for (const text of writes.values()) total += contentBytes(text)
  if (total <= commitBytes) return [{ writes, final: true }]

  const sorted = [...writes].sort(byPath)
  const rest = sorted.filter(([path]) => !isShard(path))
  const restBytes = rest.reduce((sum, [, text]) => sum + contentBytes(text), 0)
  const batches: Map<string, string | null>[] = []
  let current = new Map<string, string | null>()
  let size = 0
  for (const [path, text] of sorted) {
    if (!isShard(path)) continue
    const bytes = contentBytes(text)
    if (current.size > 0 && size + bytes > commitBytes) {
      batches.push(current)
      current = new Map()
      size = 0
    }
    current.set(path, text)
    size += bytes
  }
  if (current.size > 0 && (rest.length === 0 || size + restBytes <= commitBytes)) {
    for (const [path, text] of rest) current.set(path, text)
    batches.push(current)
  } else {
    if (current.size > 0) batches.push(current)
    batches.push(new Map(rest))
  }
  return batches.map((batch, i) => ({ writes: batch, final: i === batches.length - 1 }))
}

/**
 * Groups tree entries into `POST git/trees` bodies of at most `limit` bytes (`{"tree":[...],
 * "base_tree":"<sha>"}`), in order. Every entry must fit a body alone (larger files go as blobs).
 */
export function treeRequestGroups<T>(entries: T[], limit: number): T[][] {
  const envelope = treeEnvelopeBytes()
  const groups: T[][] = []
  let current: T[] = []
  let size = envelope
  for (const entry of entries) {
    const bytes = bodyBytes(entry)
    if (current.length > 0 && size + 1 + bytes > limit) {
      groups.push(current)
      current = []
      size = envelope
    }
    size += (current.length > 0 ? 1 : 0) + bytes // a comma between entries
    current.push(entry)
  }
  if (current.length > 0 || groups.length === 0) groups.push(current)
  return groups
}

/** A tree body with no entries, with a base tree (the larger form, so a group never exceeds it). */
export function treeEnvelopeBytes(): number {
  return bodyBytes({ tree: [], base_tree: '0'.repeat(40) })
}

/** A blob body: the smaller of UTF-8 (escaped inside JSON) and base64. */
export function blobBody(text: string): { content: string; encoding: 'utf-8' | 'base64'; bytes: number } {
  const utf8 = bodyBytes({ content: text, encoding: 'utf-8' })
  // base64 needs no escaping: its body size is known without building the string
  const base64 = bodyBytes({ content: '', encoding: 'base64' }) + 4 * Math.ceil(contentBytes(text) / 3)
  if (utf8 <= base64) return { content: text, encoding: 'utf-8', bytes: utf8 }
  return { content: Buffer.from(text, 'utf8').toString('base64'), encoding: 'base64', bytes: base64 }
}
