/** The GraphQL documents the git store sends, and the shapes of their answers. */

const BLOB_WITH_TEXT = '... on Blob { oid text isTruncated }'
const BLOB_OID = '... on Blob { oid }'

export interface ReadQueryOptions {
  /**
   * Read meta.json and list the history's shard files (names, blob ids, sizes: `list`), or neither
   * (null). Shard texts are read by blob id afterwards (buildBlobsQuery), only those a load needs.
   */
  history: 'list' | null
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
    fields.push(
      `history: object(expression: $history) { ... on Tree { entries { name object { ... on Tree { entries { name oid size } } } } } }`
    )
    // the record runs' inbox entries are small: read with the listing
    vars.push('$inbox: String!')
    fields.push(
      `inbox: object(expression: $inbox) { ... on Tree { entries { name object { ${BLOB_WITH_TEXT} } } } }`
    )
  }
  options.files.forEach((file, i) => {
    vars.push(`$f${i}: String!`)
    fields.push(`f${i}: object(expression: $f${i}) { ${file.needText ? BLOB_WITH_TEXT : BLOB_OID} }`)
  })
  return `query DataBranchRead(${vars.join(', ')}) { repository(owner: $owner, name: $name) { ${fields.join(' ')} } }`
}

/** Texts of `count` blobs by id, as aliases `b0`, `b1`, … (variables of the same names). */
export function buildBlobsQuery(count: number): string {
  const vars = ['$owner: String!', '$name: String!']
  const fields: string[] = []
  for (let i = 0; i < count; i++) {
    vars.push(`$b${i}: GitObjectID!`)
    fields.push(`b${i}: object(oid: $b${i}) { ${BLOB_WITH_TEXT} }`)
  }
  return `query DataBranchBlobs(${vars.join(', ')}) { repository(owner: $owner, name: $name) { ${fields.join(' ')} } }`
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

/** A shard file in a listing: name, blob id, bytes. */
export interface ShardEntry {
  name: string
  oid: string
  size: number
}

/** `history` of a read: one folder per collection, each listing its shard files. */
export interface HistoryListing {
  entries?: { name: string; object: { entries?: ShardEntry[] } | null }[]
}

export interface ReadResponse {
  repository: {
    ref: { target: { oid: string; tree?: { oid: string } } | null } | null
    meta?: BlobNode | null
    history?: HistoryListing | null
    inbox?: { entries?: { name: string; object: BlobNode | null }[] } | null
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
