/**
 * GitHub GraphQL views of the git object store: `Repository.ref(qualifiedName)` and
 * `Repository.object(expression)`. They return plain objects whose property names are the schema's
 * field names (`__typename` picks the concrete type of the GitObject interface), so a default
 * graphql-js field resolver reads them. Nested objects (`TreeEntry.object`, `Commit.tree`) are lazy
 * getters: a query only pays for what it selects.
 */
import type { GitStore } from './objects.js'
import { typeOfMode } from './objects.js'

export interface GqlBlob {
  __typename: 'Blob'
  id: string
  oid: string
  abbreviatedOid: string
  text: string | null
  byteSize: number
  isBinary: boolean
  isTruncated: boolean
}

export interface GqlTreeEntry {
  __typename: 'TreeEntry'
  name: string
  path: string
  type: string
  mode: number
  oid: string
  size: number
  extension: string | null
  isGenerated: boolean
  readonly object: GqlObject | null
}

export interface GqlTree {
  __typename: 'Tree'
  id: string
  oid: string
  abbreviatedOid: string
  readonly entries: GqlTreeEntry[]
}

export interface GqlCommit {
  __typename: 'Commit'
  id: string
  oid: string
  abbreviatedOid: string
  message: string
  messageHeadline: string
  committedDate: string
  authoredDate: string
  pushedDate: null
  readonly tree: GqlTree
  parents: (args?: { first?: number }) => { totalCount: number; nodes: GqlCommit[] }
}

export type GqlObject = GqlBlob | GqlTree | GqlCommit

export interface GqlRef {
  __typename: 'Ref'
  id: string
  name: string
  prefix: string
  readonly target: GqlCommit | null
}

function nodeId(kind: string, key: string): string {
  return Buffer.from(`${kind}:${key}`, 'utf8').toString('base64').replace(/=+$/, '')
}

/** Mode as GraphQL's `TreeEntry.mode: Int` (the octal git mode read as a number: 100644 → 33188). */
function modeNumber(mode: string): number {
  return parseInt(mode, 8)
}

function looksBinary(content: Buffer): boolean {
  return content.subarray(0, 8000).includes(0)
}

/** The GraphQL view of one object by oid (`path` is the entry path it was reached through). */
export function objectView(git: GitStore, oid: string, path = ''): GqlObject | null {
  const obj = git.getObject(oid)
  if (!obj) return null
  const common = { oid: obj.sha, abbreviatedOid: obj.sha.slice(0, 7) }
  if (obj.type === 'blob') {
    const binary = looksBinary(obj.content)
    const truncated = obj.content.length > git.blobTextLimit
    return {
      __typename: 'Blob',
      id: nodeId('Blob', obj.sha),
      ...common,
      text: binary
        ? null
        : (truncated ? obj.content.subarray(0, git.blobTextLimit) : obj.content).toString('utf8'),
      byteSize: obj.content.length,
      isBinary: binary,
      isTruncated: truncated
    }
  }
  if (obj.type === 'tree') {
    return {
      __typename: 'Tree',
      id: nodeId('Tree', obj.sha),
      ...common,
      get entries() {
        return obj.entries.map((entry) => {
          const entryPath = path ? `${path}/${entry.name}` : entry.name
          const dot = entry.name.lastIndexOf('.')
          return {
            __typename: 'TreeEntry' as const,
            name: entry.name,
            path: entryPath,
            type: typeOfMode(entry.mode),
            mode: modeNumber(entry.mode),
            oid: entry.sha,
            size: typeOfMode(entry.mode) === 'blob' ? git.sizeOf(entry.sha) : 0,
            extension: entry.mode !== '040000' && dot > 0 ? entry.name.slice(dot) : null,
            isGenerated: false,
            get object() {
              return objectView(git, entry.sha, entryPath)
            }
          }
        })
      }
    }
  }
  const commit = obj.commit
  return {
    __typename: 'Commit',
    id: nodeId('Commit', obj.sha),
    ...common,
    message: commit.message,
    messageHeadline: commit.message.split('\n')[0],
    committedDate: commit.committer.date,
    authoredDate: commit.author.date,
    pushedDate: null,
    get tree() {
      return objectView(git, commit.tree) as GqlTree
    },
    parents: (args?: { first?: number }) => {
      const nodes = commit.parents.map((p) => objectView(git, p) as GqlCommit)
      return {
        totalCount: nodes.length,
        nodes: args?.first !== undefined ? nodes.slice(0, args.first) : nodes
      }
    }
  }
}

/**
 * `Repository.ref(qualifiedName)`: `refs/heads/x`, or a short branch name as GitHub accepts it.
 * Null when the ref does not exist.
 */
export function resolveRef(git: GitStore, qualifiedName: string): GqlRef | null {
  let full: string
  if (qualifiedName.startsWith('refs/')) full = qualifiedName
  else if (git.getRef(`refs/heads/${qualifiedName}`) !== undefined) full = `refs/heads/${qualifiedName}`
  else if (git.getRef(`refs/tags/${qualifiedName}`) !== undefined) full = `refs/tags/${qualifiedName}`
  else return null
  const sha = git.getRef(full)
  if (sha === undefined) return null
  const parts = full.split('/')
  const prefix = `${parts.slice(0, 2).join('/')}/`
  return {
    __typename: 'Ref',
    id: nodeId('Ref', full),
    name: full.slice(prefix.length),
    prefix,
    get target() {
      return objectView(git, sha) as GqlCommit | null
    }
  }
}

/**
 * `Repository.object(expression)`: `BRANCH:PATH`, `OID:PATH`, `BRANCH` (its commit) or `OID`.
 * Null when any part does not resolve, like GitHub.
 */
export function resolveObject(git: GitStore, expression: string): GqlObject | null {
  const colon = expression.indexOf(':')
  const revision = colon === -1 ? expression : expression.slice(0, colon)
  const path = colon === -1 ? null : expression.slice(colon + 1).replace(/^\/+|\/+$/g, '')
  if (path === null && /^[0-9a-f]{40}$/i.test(revision)) return objectView(git, revision.toLowerCase())
  const commit = git.resolveCommit(revision === '' ? 'HEAD' : revision)
  if (!commit) return null
  if (path === null) return objectView(git, commit)
  const tree = (git.getCommit(commit) as { tree: string }).tree
  if (path === '') return objectView(git, tree)
  const entry = git.lookupPath(tree, path)
  return entry ? objectView(git, entry.sha, path) : null
}
