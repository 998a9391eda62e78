/**
 * Reading the data branch through GraphQL: the head, meta.json, the list of shard files (names, blob
 * ids, sizes) and the caller's files in one request, then the texts of the shards a load needs, by
 * blob id, a few MB per request. Truncated blob texts (past GitHub's Blob.text cut) come through REST.
 */
import type { CollectionName } from '../../model.js'
import { NotFoundError, toGitHubError } from '../../github/errors.js'
import { META_PATH } from '../meta.js'
import type { FileState, HeadState } from '../plan.js'
import { COLLECTIONS, parseShardPath } from '../shards.js'
import type { GitContext } from './context.js'
import {
  type BlobNode,
  type HistoryListing,
  type ListEntry,
  type ListResponse,
  type ReadResponse,
  LIST_QUERY,
  buildBlobsQuery,
  buildReadQuery
} from './queries.js'

/** A shard file at a head: its blob id and size in bytes. */
export interface ListedShard {
  oid: string
  size: number
}

/**
 * The state at a head: what load() or the last save saw (`tree` is the head commit's tree). `shards`
 * holds the texts read so far; `listed` every shard file at the head.
 */
export interface BranchState extends HeadState {
  tree: string | null
  listed: Map<string, ListedShard>
  /** The files directly under `inbox/` and their texts, as the read found them. */
  inbox?: Map<string, string>
}

export interface ReadResult {
  state: BranchState
  files: Map<string, FileState>
}

/** A caller file to read: its text when an append needs it, else its blob id. */
export interface WantedFile {
  path: string
  needText: boolean
}

function repositoryNotFound(ctx: GitContext): Error {
  return new Error(
    `Repository ${ctx.repository} was not found or the token cannot read it; check the repository name and the token's contents: read permission`
  )
}

async function graphql<T>(ctx: GitContext, query: string, variables: Record<string, unknown>): Promise<T> {
  let data: T
  try {
    // `url` may not be passed beside variables: the request-object form carries it
    data = ctx.graphqlUrl
      ? await ctx.reader.graphql<T>({ query, ...variables, url: ctx.graphqlUrl })
      : await ctx.reader.graphql<T>(query, variables)
  } catch (e) {
    // GraphQL answers NOT_FOUND (in a 200) for `repository` when it is missing or the token cannot
    // see it; an HTTP 404 is a wrong endpoint, reported as it is
    const typed = toGitHubError(e)
    if (typed instanceof NotFoundError && typed.status === null) throw repositoryNotFound(ctx)
    throw e
  }
  if ((data as { repository?: unknown }).repository === null) throw repositoryNotFound(ctx)
  return data
}

/**
 * A blob's text; GraphQL truncates large ones, so those are fetched through REST. On Node 20 the
 * client hands over a large blob's answer (about 6 MB and more) as unparsed text: its JSON parser
 * for big integers runs out of stack on it and falls back to the text, so that text is parsed here.
 */
async function fullText(ctx: GitContext, node: BlobNode, oid?: string, path?: string): Promise<string> {
  if (!node.isTruncated && node.text !== null && node.text !== undefined) return node.text
  const sha = (node.oid ?? oid) as string
  const response = await ctx.reader.request('GET /repos/{owner}/{repo}/git/blobs/{file_sha}', {
    owner: ctx.owner,
    repo: ctx.repo,
    file_sha: sha
  })
  let data: unknown = response.data
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data)
    } catch {
      // reported below as an answer without content
    }
  }
  const blob = data as { content?: unknown; encoding?: unknown } | null
  if (typeof blob?.content !== 'string') {
    throw new Error(
      `Reading ${path ?? `blob ${sha}`} on ${ctx.description}: GitHub's answer for blob ${sha} has no content. Run again; if it keeps failing, check that file on the data branch.`
    )
  }
  return Buffer.from(blob.content, blob.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8')
}

async function fileStates(
  ctx: GitContext,
  data: ReadResponse,
  wanted: WantedFile[]
): Promise<Map<string, FileState>> {
  const files = new Map<string, FileState>()
  for (const [i, file] of wanted.entries()) {
    const node = data.repository?.[`f${i}`] as BlobNode | null | undefined
    if (!node) files.set(file.path, { exists: false })
    // a folder at that path: it exists, but is no file to compare with or append to
    else if (node.oid === undefined) files.set(file.path, { exists: true })
    else if (file.needText)
      files.set(file.path, {
        exists: true,
        oid: node.oid,
        text: await fullText(ctx, node, undefined, file.path)
      })
    else files.set(file.path, { exists: true, oid: node.oid })
  }
  return files
}

/** Variables of a read: the repository, the ref and one `f{i}` expression per file. */
function fileVariables(ctx: GitContext, wanted: { path: string }[]): Record<string, unknown> {
  const variables: Record<string, unknown> = { owner: ctx.owner, name: ctx.repo, ref: ctx.qualified }
  wanted.forEach((f, i) => (variables[`f${i}`] = `${ctx.branch}:${ctx.root}${f.path}`))
  return variables
}

/** How many bytes of shard text one request asks for at most (and how many blobs). */
const BATCH_BYTES = 8_000_000
const BATCH_BLOBS = 100

/**
 * The texts of shard files by blob id, in requests of at most BATCH_BYTES of text (a blob past
 * GitHub's Blob.text cut comes through REST). Returns path → text.
 */
export async function readShardTexts(
  ctx: GitContext,
  files: Array<{ path: string } & ListedShard>
): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  let i = 0
  while (i < files.length) {
    const batch: typeof files = []
    let bytes = 0
    while (
      i < files.length &&
      batch.length < BATCH_BLOBS &&
      (batch.length === 0 || bytes + files[i].size <= BATCH_BYTES)
    ) {
      bytes += files[i].size
      batch.push(files[i++])
    }
    const variables: Record<string, unknown> = { owner: ctx.owner, name: ctx.repo }
    batch.forEach((file, j) => (variables[`b${j}`] = file.oid))
    const data = await graphql<ReadResponse>(ctx, buildBlobsQuery(batch.length), variables)
    for (const [j, file] of batch.entries()) {
      const node = data.repository?.[`b${j}`] as BlobNode | null | undefined
      if (!node) {
        throw new Error(
          `Reading ${file.path} on ${ctx.description}: GitHub has no blob ${file.oid} although the branch lists it. Run again.`
        )
      }
      out.set(file.path, await fullText(ctx, node, file.oid, file.path))
    }
  }
  return out
}

/** The shard files a listing holds, by path. */
function listedShards(history: HistoryListing | null | undefined): Map<string, ListedShard> {
  const listed = new Map<string, ListedShard>()
  for (const folder of history?.entries ?? []) {
    if (!COLLECTIONS.includes(folder.name as CollectionName)) continue
    for (const entry of folder.object?.entries ?? []) {
      const path = `history/${folder.name}/${entry.name}`
      if (parseShardPath(path)) listed.set(path, { oid: entry.oid, size: entry.size })
    }
  }
  return listed
}

/**
 * The head, meta.json, the shard listing and the wanted files in one request, then the texts of the
 * shards `select` keeps (all when it is absent), batched.
 */
export async function readBranch(
  ctx: GitContext,
  wanted: WantedFile[],
  select?: (path: string, metaText: string | null) => boolean
): Promise<ReadResult> {
  const variables = {
    ...fileVariables(ctx, wanted),
    meta: `${ctx.branch}:${ctx.root}${META_PATH}`,
    history: `${ctx.branch}:${ctx.root}history`,
    inbox: `${ctx.branch}:${ctx.root}inbox`
  }
  const data = await graphql<ReadResponse>(ctx, buildReadQuery({ history: 'list', files: wanted }), variables)
  const repoData = data.repository as NonNullable<ReadResponse['repository']>
  const target = repoData.ref?.target ?? null
  if (!target) {
    const empty: BranchState = {
      head: null,
      tree: null,
      metaText: null,
      shards: new Map(),
      listed: new Map()
    }
    return { state: empty, files: new Map() }
  }
  const metaText = repoData.meta ? await fullText(ctx, repoData.meta, undefined, META_PATH) : null
  const listed = listedShards(repoData.history as HistoryListing | null)
  const chosen = [...listed].filter(([path]) => !select || select(path, metaText))
  const shards = await readShardTexts(
    ctx,
    chosen.map(([path, entry]) => ({ path, ...entry }))
  )
  const inbox = new Map<string, string>()
  for (const entry of repoData.inbox?.entries ?? []) {
    if (!entry.object || entry.object.oid === undefined) continue
    const path = `inbox/${entry.name}`
    inbox.set(path, await fullText(ctx, entry.object, entry.object.oid, path))
  }
  const state: BranchState = {
    head: target.oid,
    tree: target.tree?.oid ?? null,
    metaText,
    shards,
    listed,
    partial: shards.size < listed.size,
    inbox
  }
  return { state, files: await fileStates(ctx, data, wanted) }
}

/** The head and the wanted files (and meta.json when asked, as one more file), without the history. */
export async function readHeadAndFiles(
  ctx: GitContext,
  wanted: WantedFile[],
  withMeta: boolean
): Promise<ReadResult> {
  const all = withMeta ? [...wanted, { path: META_PATH, needText: true }] : wanted
  const data = await graphql<ReadResponse>(
    ctx,
    buildReadQuery({ history: null, files: all }),
    fileVariables(ctx, all)
  )
  const target = data.repository?.ref?.target ?? null
  const files = target ? await fileStates(ctx, data, all) : new Map<string, FileState>()
  const metaState = files.get(META_PATH)
  if (withMeta) files.delete(META_PATH)
  const state: BranchState = {
    head: target?.oid ?? null,
    tree: target?.tree?.oid ?? null,
    metaText: metaState?.exists ? (metaState.text ?? null) : null,
    shards: new Map(),
    listed: new Map(),
    partial: true
  }
  return { state, files }
}

/** Texts of files at the head, 100 per request (null when absent or a folder). */
export async function readFiles(ctx: GitContext, paths: string[]): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>()
  for (let i = 0; i < paths.length; i += 100) {
    const chunk = paths.slice(i, i + 100)
    const { state, files } = await readHeadAndFiles(
      ctx,
      chunk.map((path) => ({ path, needText: true })),
      false
    )
    for (const path of chunk) {
      const file = files.get(path)
      out.set(path, state.head !== null && file?.exists && file.text !== undefined ? file.text : null)
    }
  }
  return out
}

/** Every file path under a folder at the head, recursively (four levels per request). */
export async function listFiles(ctx: GitContext, prefix: string): Promise<string[]> {
  const data = await graphql<ListResponse>(ctx, LIST_QUERY, {
    owner: ctx.owner,
    name: ctx.repo,
    expression: `${ctx.branch}:${ctx.root}${prefix}`
  })
  const out: string[] = []
  const visit = async (entries: ListEntry[], base: string): Promise<void> => {
    for (const entry of entries) {
      const path = base === '' ? entry.name : `${base}/${entry.name}`
      if (entry.type === 'blob') out.push(path)
      else if (entry.type === 'tree') {
        if (entry.object?.entries) await visit(entry.object.entries, path)
        else if (entry.object === undefined) out.push(...(await listFiles(ctx, path)))
      }
    }
  }
  await visit(data.repository.object?.entries ?? [], prefix)
  return out
}
