/**
 * The Git Data API backend: the data branch read with one GraphQL request, written as one commit
 * (a tree on `base_tree` with inline contents, a commit, a non-forced ref update; an orphan commit and
 * a new ref when the branch is missing). When another writer moved the branch first, the save re-reads
 * the new head, re-applies the same upserts and files on it and tries again after a jittered backoff.
 * It never forces a ref update, so no other writer's records are ever dropped.
 */
import type { getOctokit } from '@actions/github'
import type { CollectionName } from '../model.js'
import {
  type DataStore,
  type FileChange,
  type HistoryUpdate,
  type LoadedState,
  type SaveResult,
  ReadOnlyStoreError
} from './types.js'
import { META_PATH, parseMeta } from './meta.js'
import {
  type FileState,
  type HeadState,
  type SavePlan,
  checkFileChanges,
  filesToRead,
  planSave
} from './plan.js'
import { COLLECTIONS, historyFromShards, withShardChanges } from './shards.js'

export type Octokit = ReturnType<typeof getOctokit>

export interface GitDataStoreOptions {
  /**
   * Reports only (a `reports-branch` other than the data branch): caller files are written, meta.json
   * and history are neither read as data nor written.
   */
  filesOnly?: boolean
  octokit: Octokit
  owner: string
  repo: string
  branch: string
  /** Full GraphQL endpoint when it is not `{baseUrl}/graphql` (GitHub Enterprise Server derives it itself). */
  graphqlUrl?: string
  /** Save attempts before giving up on a branch that keeps moving (default 8). */
  maxAttempts?: number
  /** First backoff step in ms (default 100); each retry doubles it, with ±50% jitter, capped at 5 s. */
  backoffMs?: number
  /** Inline contents above this many bytes are uploaded as blobs first (default 400 kB). */
  inlineLimit?: number
  /** Shard bytes above which the history is read one collection per request (default 8 MB). */
  splitThreshold?: number
  sleep?: (ms: number) => Promise<void>
  random?: () => number
  /** Receives one line per recovered problem (a retried conflict, a fallback read). */
  log?: (message: string) => void
}

/** Cached state at a head: what load() or the last save saw. */
interface Cached extends HeadState {
  tree: string | null
}

interface RequestErrorLike {
  status?: number
  message?: string
  response?: { data?: { message?: string } }
}

function errorStatus(e: unknown): number | undefined {
  return typeof (e as RequestErrorLike)?.status === 'number' ? (e as RequestErrorLike).status : undefined
}

function errorMessage(e: unknown): string {
  const err = e as RequestErrorLike
  return err?.response?.data?.message ?? err?.message ?? String(e)
}

// ---- GraphQL documents -----------------------------------------------------------------------

const BLOB_WITH_TEXT = '... on Blob { oid text isTruncated }'
const BLOB_OID = '... on Blob { oid }'

export interface ReadQueryOptions {
  /** Read meta.json and the history: all collections, one collection, or none. */
  history: 'all' | CollectionName | null
  /** Caller files to read: text when an append needs it, else the blob id only. */
  files: { needText: boolean }[]
}

/** The one GraphQL document a read sends (exported so tests validate it against GitHub's schema). */
export function buildReadQuery(options: ReadQueryOptions): string {
  const vars = ['$owner: String!', '$name: String!', '$ref: String!']
  const fields = ['ref(qualifiedName: $ref) { target { oid ... on Commit { tree { oid } } } }']
  if (options.history !== null) {
    vars.push('$meta: String!', '$history: String!')
    fields.push(`meta: object(expression: $meta) { ${BLOB_WITH_TEXT} }`)
    const shardEntries = `entries { name oid object { ... on Blob { text isTruncated } } }`
    if (options.history === 'all') {
      fields.push(
        `history: object(expression: $history) { ... on Tree { entries { name object { ... on Tree { ${shardEntries} } } } } }`
      )
    } else {
      fields.push(`history: object(expression: $history) { ... on Tree { ${shardEntries} } }`)
    }
  }
  options.files.forEach((file, i) => {
    vars.push(`$f${i}: String!`)
    fields.push(`f${i}: object(expression: $f${i}) { ${file.needText ? BLOB_WITH_TEXT : BLOB_OID} }`)
  })
  return `query DataBranchRead(${vars.join(', ')}) { repository(owner: $owner, name: $name) { ${fields.join(' ')} } }`
}

/** Listing of a folder, four levels deep in one request (deeper folders get a follow-up request). */
export const LIST_QUERY = `query DataBranchList($owner: String!, $name: String!, $expression: String!) {
  repository(owner: $owner, name: $name) {
    object(expression: $expression) {
      ... on Tree { entries { name type object { ... on Tree { entries { name type object {
        ... on Tree { entries { name type object { ... on Tree { entries { name type } } } } } } } } } } }
    }
  }
}`

interface BlobNode {
  oid?: string
  text?: string | null
  isTruncated?: boolean
}

interface ShardEntry {
  name: string
  oid: string
  object: BlobNode | null
}

interface ReadResponse {
  repository: {
    ref: { target: { oid: string; tree?: { oid: string } } | null } | null
    meta?: BlobNode | null
    history?:
      | { entries?: { name: string; object: { entries?: ShardEntry[] } | null }[] }
      | { entries?: ShardEntry[] }
      | null
    [alias: string]: unknown
  } | null
}

interface ListEntry {
  name: string
  type: string
  object?: { entries?: ListEntry[] } | null
}

// ---- the store -------------------------------------------------------------------------------

export function createGitDataStore(options: GitDataStoreOptions): DataStore & {
  /** Reads several files in one request (for exporting the branch). */
  readFiles(paths: string[]): Promise<Map<string, string | null>>
} {
  const { octokit, owner, repo, branch } = options
  const filesOnlyStore = options.filesOnly ?? false
  const repository = `${owner}/${repo}`
  const description = `branch ${branch} of ${repository}`
  const qualified = `refs/heads/${branch}`
  const maxAttempts = options.maxAttempts ?? 8
  const backoffMs = options.backoffMs ?? 100
  const inlineLimit = options.inlineLimit ?? 400_000
  const splitThreshold = options.splitThreshold ?? 8_000_000
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const random = options.random ?? Math.random
  const log = options.log ?? (() => undefined)
  let cache: Cached | null = null
  let splitReads = false

  async function graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    let data: T
    try {
      // `url` may not be passed beside variables: the request-object form carries it
      data = options.graphqlUrl
        ? await octokit.graphql<T>({ query, ...variables, url: options.graphqlUrl })
        : await octokit.graphql<T>(query, variables)
    } catch (e) {
      const message = errorMessage(e)
      if (/Could not resolve to a Repository/i.test(message)) {
        throw new Error(
          `Repository ${repository} was not found or the token cannot read it; check the repository name and the token's contents: read permission`
        )
      }
      throw e
    }
    const repoData = (data as { repository?: unknown }).repository
    if (repoData === null) {
      throw new Error(
        `Repository ${repository} was not found or the token cannot read it; check the repository name and the token's contents: read permission`
      )
    }
    return data
  }

  async function blobText(sha: string): Promise<string> {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/git/blobs/{file_sha}', {
      owner,
      repo,
      file_sha: sha
    })
    return Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8')
  }

  async function fullText(node: BlobNode, oid?: string): Promise<string> {
    if (node.isTruncated || node.text === null || node.text === undefined)
      return blobText((node.oid ?? oid) as string)
    return node.text
  }

  async function readShardEntries(
    collection: string,
    entries: ShardEntry[],
    shards: Map<string, string>
  ): Promise<void> {
    for (const entry of entries) {
      if (!entry.name.endsWith('.json') || !entry.object) continue
      shards.set(`history/${collection}/${entry.name}`, await fullText(entry.object, entry.oid))
    }
  }

  interface ReadResult {
    state: Cached
    files: Map<string, FileState>
  }

  async function fileStates(
    data: ReadResponse,
    wanted: { path: string; needText: boolean }[]
  ): Promise<Map<string, FileState>> {
    const files = new Map<string, FileState>()
    for (const [i, file] of wanted.entries()) {
      const node = data.repository?.[`f${i}`] as BlobNode | null | undefined
      if (!node) files.set(file.path, { exists: false })
      // a folder at that path: it exists, but is no file to compare with or append to
      else if (node.oid === undefined) files.set(file.path, { exists: true })
      else if (file.needText)
        files.set(file.path, { exists: true, oid: node.oid, text: await fullText(node) })
      else files.set(file.path, { exists: true, oid: node.oid })
    }
    return files
  }

  /** One request: the head, meta.json, every shard and the caller's files. */
  async function readFull(wanted: { path: string; needText: boolean }[]): Promise<ReadResult> {
    if (splitReads) return readSplit(wanted)
    const variables: Record<string, unknown> = {
      owner,
      name: repo,
      ref: qualified,
      meta: `${branch}:${META_PATH}`,
      history: `${branch}:history`
    }
    wanted.forEach((f, i) => (variables[`f${i}`] = `${branch}:${f.path}`))
    let data: ReadResponse
    try {
      data = await graphql<ReadResponse>(buildReadQuery({ history: 'all', files: wanted }), variables)
    } catch (e) {
      const status = errorStatus(e)
      if (
        status === 502 ||
        status === 504 ||
        /timeout|timed out|too large|RESOURCE_LIMITS/i.test(errorMessage(e))
      ) {
        log(
          `Reading ${description} in one request failed (${errorMessage(e)}); reading one collection per request`
        )
        splitReads = true
        return readSplit(wanted)
      }
      throw e
    }
    const repoData = data.repository as NonNullable<ReadResponse['repository']>
    const target = repoData.ref?.target ?? null
    const shards = new Map<string, string>()
    const history = repoData.history as {
      entries?: { name: string; object: { entries?: ShardEntry[] } | null }[]
    } | null
    let bytes = 0
    for (const folder of history?.entries ?? []) {
      if (!COLLECTIONS.includes(folder.name as CollectionName)) continue
      await readShardEntries(folder.name, folder.object?.entries ?? [], shards)
    }
    for (const text of shards.values()) bytes += text.length
    if (bytes > splitThreshold) splitReads = true
    const metaText = target && repoData.meta ? await fullText(repoData.meta) : null
    const state: Cached = {
      head: target?.oid ?? null,
      tree: target?.tree?.oid ?? null,
      metaText,
      shards: target ? shards : new Map()
    }
    return { state, files: target ? await fileStates(data, wanted) : new Map() }
  }

  /** For a large history: the head, meta and files first, then one request per collection. */
  async function readSplit(wanted: { path: string; needText: boolean }[]): Promise<ReadResult> {
    const first = await readHeadAndFiles(wanted, true)
    if (first.state.head === null) return first
    const shards = new Map<string, string>()
    for (const collection of COLLECTIONS) {
      const data = await graphql<ReadResponse>(buildReadQuery({ history: collection, files: [] }), {
        owner,
        name: repo,
        ref: qualified,
        meta: `${first.state.head}:${META_PATH}`,
        history: `${first.state.head}:history/${collection}`
      })
      const tree = data.repository?.history as { entries?: ShardEntry[] } | null
      await readShardEntries(collection, tree?.entries ?? [], shards)
    }
    first.state.shards = shards
    return first
  }

  /** The head (and meta when asked) with the caller's files, without the history. */
  async function readHeadAndFiles(
    wanted: { path: string; needText: boolean }[],
    withMeta: boolean
  ): Promise<ReadResult> {
    const variables: Record<string, unknown> = { owner, name: repo, ref: qualified }
    wanted.forEach((f, i) => (variables[`f${i}`] = `${branch}:${f.path}`))
    let query = buildReadQuery({ history: null, files: wanted })
    if (withMeta) {
      // meta rides along as one more file alias
      const metaIndex = wanted.length
      variables[`f${metaIndex}`] = `${branch}:${META_PATH}`
      query = buildReadQuery({ history: null, files: [...wanted, { needText: true }] })
    }
    const data = await graphql<ReadResponse>(query, variables)
    const target = data.repository?.ref?.target ?? null
    const all = withMeta ? [...wanted, { path: META_PATH, needText: true }] : wanted
    const files = target ? await fileStates(data, all) : new Map<string, FileState>()
    const metaState = files.get(META_PATH)
    if (withMeta) files.delete(META_PATH)
    const state: Cached = {
      head: target?.oid ?? null,
      tree: target?.tree?.oid ?? null,
      metaText: metaState?.exists ? (metaState.text ?? null) : null,
      shards: new Map()
    }
    return { state, files }
  }

  async function readForSave(files: FileChange[], firstAttempt: boolean): Promise<ReadResult> {
    const wanted = filesToRead(files)
    if (firstAttempt && cache) {
      if (wanted.length === 0) return { state: cache, files: new Map() }
      const probe = await readHeadAndFiles(wanted, false)
      if (probe.state.head === cache.head) return { state: cache, files: probe.files }
    }
    return readFull(wanted)
  }

  function backoff(attempt: number): number {
    const base = Math.min(5000, backoffMs * 2 ** (attempt - 1))
    return Math.round(base * (0.5 + random()))
  }

  async function write<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call()
    } catch (e) {
      const status = errorStatus(e)
      const message = errorMessage(e)
      if (status === 403 && !/rate limit/i.test(message)) {
        throw new ReadOnlyStoreError(
          `Cannot write to ${description}: the token may not write (${message}). A pull request from a fork gets a read-only token; ` +
            'nothing was saved, and the next scheduled run records this history from GitHub.'
        )
      }
      if (status === 404) {
        throw new Error(
          `Cannot write to ${description} (${what}: 404 Not Found): give the workflow "permissions: contents: write" or use a token that can push to ${repository}`
        )
      }
      throw e
    }
  }

  /**
   * One commit attempt; `{ conflict }` (with the commit that did not land) when another writer moved
   * or created the branch first.
   */
  async function commit(
    state: Cached,
    plan: SavePlan,
    message: string
  ): Promise<{ sha: string; tree: string } | { conflict: string }> {
    const tree: { path: string; mode: '100644'; type: 'blob'; sha?: string | null; content?: string }[] = []
    for (const [path, text] of [...plan.writes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (text === null) {
        if (state.head !== null) tree.push({ path, mode: '100644', type: 'blob', sha: null })
      } else if (Buffer.byteLength(text, 'utf8') > inlineLimit) {
        const { data } = await write('create blob', () =>
          octokit.request('POST /repos/{owner}/{repo}/git/blobs', {
            owner,
            repo,
            content: text,
            encoding: 'utf-8'
          })
        )
        tree.push({ path, mode: '100644', type: 'blob', sha: data.sha })
      } else {
        tree.push({ path, mode: '100644', type: 'blob', content: text })
      }
    }
    const { data: newTree } = await write('create tree', () =>
      octokit.request('POST /repos/{owner}/{repo}/git/trees', {
        owner,
        repo,
        tree,
        ...(state.tree !== null ? { base_tree: state.tree } : {})
      })
    )
    const { data: newCommit } = await write('create commit', () =>
      octokit.request('POST /repos/{owner}/{repo}/git/commits', {
        owner,
        repo,
        message,
        tree: newTree.sha,
        parents: state.head !== null ? [state.head] : []
      })
    )
    try {
      if (state.head === null) {
        await write('create branch', () =>
          octokit.request('POST /repos/{owner}/{repo}/git/refs', {
            owner,
            repo,
            ref: qualified,
            sha: newCommit.sha
          })
        )
      } else {
        await write('update branch', () =>
          octokit.request('PATCH /repos/{owner}/{repo}/git/refs/{ref}', {
            owner,
            repo,
            ref: `heads/${branch}`,
            sha: newCommit.sha,
            force: false
          })
        )
      }
    } catch (e) {
      const status = errorStatus(e)
      const text = errorMessage(e)
      if (status === 422 && /fast forward|already exists|does not exist/i.test(text))
        return { conflict: newCommit.sha }
      if (status !== undefined && status >= 500) {
        // the update may have landed before the error: look before reporting a failure
        const probe = await readHeadAndFiles([], false).catch(() => null)
        if (probe?.state.head === newCommit.sha) return { sha: newCommit.sha, tree: newTree.sha }
      }
      throw e
    }
    return { sha: newCommit.sha, tree: newTree.sha }
  }

  async function readFiles(paths: string[]): Promise<Map<string, string | null>> {
    const out = new Map<string, string | null>()
    for (let i = 0; i < paths.length; i += 50) {
      const chunk = paths.slice(i, i + 50)
      const { state, files } = await readHeadAndFiles(
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

  async function listUnder(prefix: string): Promise<string[]> {
    const data = await graphql<{ repository: { object: { entries?: ListEntry[] } | null } }>(LIST_QUERY, {
      owner,
      name: repo,
      expression: `${branch}:${prefix}`
    })
    const out: string[] = []
    const visit = async (entries: ListEntry[], base: string): Promise<void> => {
      for (const entry of entries) {
        const path = base === '' ? entry.name : `${base}/${entry.name}`
        if (entry.type === 'blob') out.push(path)
        else if (entry.type === 'tree') {
          if (entry.object?.entries) await visit(entry.object.entries, path)
          else if (entry.object === undefined) out.push(...(await listUnder(path)))
        }
      }
    }
    await visit(data.repository.object?.entries ?? [], prefix)
    return out
  }

  return {
    description,

    async load(): Promise<LoadedState> {
      const { state } = await readFull([])
      const { meta } = parseMeta(state.metaText, description, repository)
      cache = state
      return { meta, history: historyFromShards(state.shards, meta), head: state.head }
    },

    async readFile(path: string): Promise<string | null> {
      return (await readFiles([path])).get(path) ?? null
    },

    readFiles,

    async list(prefix: string): Promise<string[]> {
      const clean = prefix.replace(/^\/+|\/+$/g, '')
      return (await listUnder(clean)).sort()
    },

    async save(update: HistoryUpdate, files: FileChange[], message: string): Promise<SaveResult> {
      checkFileChanges(files)
      let retries = 0
      let refused: { sha: string; paths: string[] } | null = null
      for (let attempt = 1; ; attempt++) {
        const { state, files: current } = await readForSave(files, attempt === 1)
        if (refused !== null && state.head === refused.sha) {
          // a retried request had landed after all (the refusal was for its repeat): done
          cache = state
          return { committed: true, commitSha: refused.sha, retries, paths: refused.paths }
        }
        // refuses a newer schema before anything is written
        const plan = planSave(state, update, files, current, description, repository, filesOnlyStore)
        if (plan.writes.size === 0) {
          cache = state
          return { committed: false, commitSha: state.head, retries, paths: [] }
        }
        const result = await commit(state, plan, message)
        if (!('conflict' in result)) {
          const metaText = plan.writes.has(META_PATH)
            ? (plan.writes.get(META_PATH) as string)
            : state.metaText
          cache = {
            head: result.sha,
            tree: result.tree,
            metaText,
            shards: withShardChanges(state.shards, plan.shardChanges)
          }
          return { committed: true, commitSha: result.sha, retries, paths: [...plan.writes.keys()].sort() }
        }
        retries++
        cache = null
        refused = { sha: result.conflict, paths: [...plan.writes.keys()].sort() }
        if (attempt >= maxAttempts) {
          throw new Error(
            `Could not save to ${description}: other writers moved the branch ${retries} times in a row. Nothing was lost or forced; run the job again.`
          )
        }
        const wait = backoff(attempt)
        log(`${description} moved while saving (attempt ${attempt}); re-reading and retrying in ${wait} ms`)
        await sleep(wait)
      }
    }
  }
}
