/** The GraphQL documents the git store sends, and the shapes of their answers. */
import type { CollectionName } from '../../model.js'

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

export interface BlobNode {
  oid?: string
  text?: string | null
  isTruncated?: boolean
}

export interface ShardEntry {
  name: string
  oid: string
  object: BlobNode | null
}

/** `history` of a read of all collections: one folder per collection. */
export interface HistoryFolders {
  entries?: { name: string; object: { entries?: ShardEntry[] } | null }[]
}

/** `history` of a read of one collection: its shard files. */
export interface HistoryFolder {
  entries?: ShardEntry[]
}

export interface ReadResponse {
  repository: {
    ref: { target: { oid: string; tree?: { oid: string } } | null } | null
    meta?: BlobNode | null
    history?: HistoryFolders | HistoryFolder | null
    [alias: string]: unknown
  } | null
}

export interface ListEntry {
  name: string
  type: string
  object?: { entries?: ListEntry[] } | null
}

export interface ListResponse {
  repository: { object: { entries?: ListEntry[] } | null }
}
