/**
 * Progress of a history sync, read from the sync's own GraphQL answers: every round asks for one
 * page of each collection with its `totalCount`, so records read and the total are known without
 * the sync reporting them itself. The sync (src/github/sync.ts) is not changed: the client it gets is
 * the run's client with its `graphql` observed.
 */
import type { GitHubClient } from '../github/client.js'
import { CHECKPOINT_KEYS } from '../github/sync.js'
import type { CollectionName } from '../model.js'
import type { HistorySyncRequest } from './types.js'

export interface SyncProgress {
  /** `pull requests`, `issues`, `commits`, `deployments` or `releases`. */
  collection: string
  /** Records read so far (for a resumed backfill, with those stored before). */
  read: number
  /** Records the sync will read in all, when known; null for an update, which stops at the first unchanged record. */
  total: number | null
}

interface Connection {
  totalCount?: number
  nodes?: unknown[]
}

interface PartSpec {
  collection: string
  /** The connection in a round's `repository`. */
  connection(repository: Record<string, unknown>): Connection | undefined
  /** Where records stored before count as read: a backfill resumed from a cursor. */
  stored?: CollectionName
  /** The document reads the collection as an update (newest changes first, stops early). */
  updating(document: string, request: HistorySyncRequest): boolean
}

const ordered = (alias: string) => (document: string) =>
  new RegExp(`\\b${alias}: \\w+\\([^)]*field: UPDATED_AT`).test(document)

const PARTS: Record<string, PartSpec> = {
  pulls: {
    collection: 'pull requests',
    connection: (r) => r.pulls as Connection | undefined,
    stored: 'pulls',
    updating: ordered('pulls')
  },
  issues: {
    collection: 'issues',
    connection: (r) => r.issues as Connection | undefined,
    stored: 'issues',
    updating: ordered('issues')
  },
  commits: {
    collection: 'commits',
    connection: (r) =>
      (r.commits as { target?: { history?: Connection } | null } | null | undefined)?.target?.history,
    stored: 'commits',
    updating: () => false
  },
  deployments: {
    collection: 'deployments',
    connection: (r) => r.deployments as Connection | undefined,
    updating: (_d, request) => request.checkpoints[CHECKPOINT_KEYS.deployments] !== undefined
  },
  releases: {
    collection: 'releases',
    connection: (r) => r.releases as Connection | undefined,
    updating: (_d, request) => request.checkpoints[CHECKPOINT_KEYS.releases] !== undefined
  }
}

/**
 * `client` with its GraphQL answers watched: after each sync round, `onProgress` hears of every
 * collection the round read. Anything else (REST, follow-up pages) passes through unobserved.
 */
export function observeSyncProgress(
  client: GitHubClient,
  request: HistorySyncRequest,
  onProgress: (progress: SyncProgress) => void
): GitHubClient {
  const read = new Map<string, number>()
  /** Collections whose total is known (a backfill): their later update rounds only re-read. */
  const totals = new Map<string, number>()
  const observe = (document: string, variables: Record<string, unknown>, data: unknown): void => {
    const repository = (data as { repository?: Record<string, unknown> | null } | null)?.repository
    if (!repository || typeof repository !== 'object') return
    for (const [alias, part] of Object.entries(PARTS)) {
      const connection = part.connection(repository)
      if (!connection || !Array.isArray(connection.nodes)) continue
      const updating = part.updating(document, request) || typeof connection.totalCount !== 'number'
      if (updating && totals.has(alias)) continue
      if (!read.has(alias)) {
        // A backfill resumed from a cursor has already read what is stored.
        const after = variables[`${alias}After`]
        const resumed = after !== null && after !== undefined
        read.set(alias, resumed && part.stored ? (request.stored?.[part.stored] ?? 0) : 0)
      }
      const count = (read.get(alias) ?? 0) + connection.nodes.length
      read.set(alias, count)
      if (updating) {
        onProgress({ collection: part.collection, read: count, total: null })
        continue
      }
      const total = connection.totalCount as number
      totals.set(alias, total)
      onProgress({ collection: part.collection, read: Math.min(count, total), total })
    }
  }
  return {
    ...client,
    graphql: async <T>(
      document: string,
      variables: Record<string, unknown> = {},
      options?: { retries?: number }
    ): Promise<T> => {
      const data = await client.graphql<T>(document, variables, options)
      try {
        observe(document, variables, data)
      } catch {
        // Progress is for the eyes only: an answer it cannot read never fails the sync.
      }
      return data
    }
  }
}
