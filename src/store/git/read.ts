/**
 * Reading the data branch through GraphQL: the head, meta.json, every shard and the caller's files in
 * one request; for a large history (or when that request times out) the head, meta and files first,
 * then one request per collection. Truncated blob texts are fetched through REST.
 */
import type { CollectionName } from '../../model.js'
import { TimedOutError, ResourceLimitsError, NotFoundError, toGitHubError } from '../../github/errors.js'
import { META_PATH } from '../meta.js'
import type { FileState, HeadState } from '../plan.js'
import { COLLECTIONS } from '../shards.js'
import type { GitContext } from './context.js'
import {
  type BlobNode,
  type HistoryFolder,
  type HistoryFolders,
  type ListEntry,
  type ListResponse,
  type ReadResponse,
  type ShardEntry,
  LIST_QUERY,
  buildReadQuery
} from './queries.js'

/** The state at a head: what load() or the last save saw (`tree` is the head commit's tree). */
export interface BranchState extends HeadState {
  tree: string | null
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

/**
 * True when the one-request read failed because it was too big or too slow, so smaller reads may
 * work. GitHub's "too large" answers are not typed by src/github/errors.ts yet, so they are matched
 * here.
 */
function tooBigToReadAtOnce(error: unknown): boolean {
  const typed = toGitHubError(error)
  if (typed instanceof TimedOutError || typed instanceof ResourceLimitsError) return true
  return typed !== null && /too large/i.test(typed.message)
}

async function graphql<T>(ctx: GitContext, query: string, variables: Record<string, unknown>): Promise<T> {
  let data: T
  try {
    // `url` may not be passed beside variables: the request-object form carries it
    data = ctx.graphqlUrl
      ? await ctx.octokit.graphql<T>({ query, ...variables, url: ctx.graphqlUrl })
      : await ctx.octokit.graphql<T>(query, variables)
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
  const response = await ctx.octokit.request('GET /repos/{owner}/{repo}/git/blobs/{file_sha}', {
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

async function readShardEntries(
  ctx: GitContext,
  collection: string,
  entries: ShardEntry[],
  shards: Map<string, string>
): Promise<void> {
  for (const entry of entries) {
    if (!entry.name.endsWith('.json') || !entry.object) continue
    const path = `history/${collection}/${entry.name}`
    shards.set(path, await fullText(ctx, entry.object, entry.oid, path))
  }
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
  wanted.forEach((f, i) => (variables[`f${i}`] = `${ctx.branch}:${f.path}`))
  return variables
}

/** One request: the head, meta.json, every shard and the wanted files. */
async function readAllAtOnce(ctx: GitContext, wanted: WantedFile[]): Promise<ReadResult> {
  const variables = {
    ...fileVariables(ctx, wanted),
    meta: `${ctx.branch}:${META_PATH}`,
    history: `${ctx.branch}:history`
  }
  const data = await graphql<ReadResponse>(ctx, buildReadQuery({ history: 'all', files: wanted }), variables)
  const repoData = data.repository as NonNullable<ReadResponse['repository']>
  const target = repoData.ref?.target ?? null
  const shards = new Map<string, string>()
  for (const folder of (repoData.history as HistoryFolders | null)?.entries ?? []) {
    if (!COLLECTIONS.includes(folder.name as CollectionName)) continue
    await readShardEntries(ctx, folder.name, folder.object?.entries ?? [], shards)
  }
  const metaText = target && repoData.meta ? await fullText(ctx, repoData.meta, undefined, META_PATH) : null
  const state: BranchState = {
    head: target?.oid ?? null,
    tree: target?.tree?.oid ?? null,
    metaText,
    shards: target ? shards : new Map()
  }
  return { state, files: target ? await fileStates(ctx, data, wanted) : new Map() }
}

/** The shards of every collection at `head`, one request per collection. */
async function readCollections(ctx: GitContext, head: string): Promise<Map<string, string>> {
  const shards = new Map<string, string>()
  for (const collection of COLLECTIONS) {
    const data = await graphql<ReadResponse>(ctx, buildReadQuery({ history: collection, files: [] }), {
      owner: ctx.owner,
      name: ctx.repo,
      ref: ctx.qualified,
      meta: `${head}:${META_PATH}`,
      history: `${head}:history/${collection}`
    })
    const tree = data.repository?.history as HistoryFolder | null
    await readShardEntries(ctx, collection, tree?.entries ?? [], shards)
  }
  return shards
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
    shards: new Map()
  }
  return { state, files }
}

/** Texts of files at the head, 50 per request (null when absent or a folder). */
export async function readFiles(ctx: GitContext, paths: string[]): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>()
  for (let i = 0; i < paths.length; i += 50) {
    const chunk = paths.slice(i, i + 50)
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
    expression: `${ctx.branch}:${prefix}`
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

/**
 * Reads of the head, meta.json and the whole history: in one request until the history proves large
 * (over `splitThreshold` bytes of shards) or that request fails as too big, then the head, meta and
 * files first and one request per collection.
 */
export function createHistoryReader(
  ctx: GitContext,
  options: { splitThreshold: number }
): (wanted: WantedFile[]) => Promise<ReadResult> {
  let splitReads = false

  async function readSplit(wanted: WantedFile[]): Promise<ReadResult> {
    const first = await readHeadAndFiles(ctx, wanted, true)
    if (first.state.head !== null) first.state.shards = await readCollections(ctx, first.state.head)
    return first
  }

  return async function readFull(wanted: WantedFile[]): Promise<ReadResult> {
    if (splitReads) return readSplit(wanted)
    let result: ReadResult
    try {
      result = await readAllAtOnce(ctx, wanted)
    } catch (e) {
      if (!tooBigToReadAtOnce(e)) throw e
      ctx.log(
        `Reading ${ctx.description} in one request failed (${toGitHubError(e)?.message}); reading one collection per request`
      )
      splitReads = true
      return readSplit(wanted)
    }
    let bytes = 0
    for (const text of result.state.shards.values()) bytes += text.length
    if (bytes > options.splitThreshold) splitReads = true
    return result
  }
}
