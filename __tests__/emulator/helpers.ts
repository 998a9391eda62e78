/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON walked freely in tests */
/** Shared helpers for the emulator's tests: the dataset seed, an in-process emulator, fetch wrappers. */
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { loadDataset } from '../../tools/github-emulator/dataset.js'
import { startEmulator, type RunningEmulator } from '../../tools/github-emulator/server.js'
import type { SeedRepository } from '../../tools/github-emulator/types.js'
import type { GitStore } from '../../tools/github-emulator/git/index.js'

export const DATASET_DIR = resolve(process.cwd(), '..', 'shared', 'datasets', 'ietf-tls-esni')
export const hasDataset = existsSync(join(DATASET_DIR, 'archive.json'))
if (!hasDataset)
  console.warn(
    `emulator tests: ${DATASET_DIR} is absent, the dataset tests are skipped (they need ../shared/datasets)`
  )

let seed: SeedRepository | undefined
export function datasetSeed(): SeedRepository {
  seed ??= loadDataset(DATASET_DIR)
  return seed
}

export interface ArchivePull {
  number: number
  author: string | null
  createdAt: string
  updatedAt: string
  reviews: { author: string | null; state: string; createdAt: string }[]
  comments: { author: string | null; createdAt: string }[]
}
export interface Archive {
  repo: string
  pulls: ArchivePull[]
  issues: {
    number: number
    labels: string[]
    createdAt: string
    closedAt: string | null
    comments: unknown[]
  }[]
}
let archive: Archive | undefined
export function datasetArchive(): Archive {
  archive ??= JSON.parse(readFileSync(join(DATASET_DIR, 'archive.json'), 'utf8')) as Archive
  return archive
}

export const AUTH = { authorization: 'token test-token', 'content-type': 'application/json' }

export async function start(
  options: { faults?: string[]; seed?: SeedRepository; rateLimit?: number } = {}
): Promise<RunningEmulator> {
  return startEmulator({
    seed: options.seed ?? datasetSeed(),
    port: 0,
    faults: options.faults,
    rateLimit: options.rateLimit
  })
}

export async function gql(
  emu: RunningEmulator,
  query: string,
  variables?: Record<string, unknown>
): Promise<{ status: number; body: { data?: any; errors?: { message: string; type?: string }[] } }> {
  const res = await fetch(`${emu.url}/graphql`, {
    method: 'POST',
    headers: AUTH,
    body: JSON.stringify({ query, variables })
  })
  return { status: res.status, body: (await res.json()) as never }
}

export async function rest(
  emu: RunningEmulator,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {}
): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(`${emu.url}${path}`, {
    method,
    headers: { ...AUTH, ...headers },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers }
}

/** A small hand-made seed for tests that need events the datasets lack (review requests, drafts, teams, runs). */
export function tinySeed(): SeedRepository {
  const user = (login: string) => ({ login, type: 'User' as const })
  return {
    owner: 'acme',
    name: 'widgets',
    ownerIsOrganization: true,
    defaultBranch: 'main',
    createdAt: '2026-01-01T00:00:00Z',
    until: '2026-03-01T00:00:00Z',
    labels: [{ name: 'bug', color: 'd73a4a', description: 'Something is broken' }],
    teams: [{ slug: 'core', name: 'Core', members: ['alice', 'bob', 'carol'] }],
    pulls: [
      {
        number: 1,
        id: 'PR_one',
        databaseId: 101,
        title: 'First',
        author: user('alice'),
        createdAt: '2026-01-02T10:00:00Z',
        updatedAt: '2026-01-05T10:00:00Z',
        closedAt: '2026-01-05T10:00:00Z',
        mergedAt: '2026-01-05T10:00:00Z',
        mergedBy: user('bob'),
        isDraft: false,
        baseRefName: 'main',
        headRefName: 'feature-1',
        additions: 10,
        deletions: 2,
        mergeCommitOid: 'c'.repeat(40),
        labels: ['bug'],
        commits: [
          { oid: 'a'.repeat(40), authoredDate: '2026-01-01T09:00:00Z', committedDate: '2026-01-01T09:00:00Z' }
        ],
        reviews: [
          {
            databaseId: 501,
            author: user('bob'),
            state: 'APPROVED',
            submittedAt: '2026-01-04T10:00:00Z',
            createdAt: '2026-01-04T09:00:00Z',
            commitOid: 'a'.repeat(40)
          }
        ],
        comments: [
          { databaseId: 601, author: { login: 'dependabot', type: 'Bot' }, createdAt: '2026-01-03T10:00:00Z' }
        ],
        events: [
          { type: 'ReadyForReviewEvent', createdAt: '2026-01-02T11:00:00Z', actor: user('alice') },
          {
            type: 'ReviewRequestedEvent',
            createdAt: '2026-01-02T12:00:00Z',
            actor: user('alice'),
            reviewer: { type: 'User', login: 'bob' }
          },
          {
            type: 'ReviewRequestedEvent',
            createdAt: '2026-01-02T12:00:01Z',
            actor: user('alice'),
            reviewer: { type: 'Team', slug: 'core' }
          },
          {
            type: 'ReviewRequestRemovedEvent',
            createdAt: '2026-01-02T13:00:00Z',
            actor: user('alice'),
            reviewer: { type: 'User', login: 'dave' }
          },
          { type: 'MergedEvent', createdAt: '2026-01-05T10:00:00Z', actor: user('bob') },
          { type: 'ClosedEvent', createdAt: '2026-01-05T10:00:00Z', actor: user('bob') }
        ]
      },
      {
        number: 2,
        id: 'PR_two',
        databaseId: 102,
        title: 'Second',
        author: { login: 'renovate', type: 'Bot' },
        createdAt: '2026-01-10T10:00:00Z',
        updatedAt: '2026-01-11T10:00:00Z',
        closedAt: null,
        mergedAt: null,
        mergedBy: null,
        isDraft: true,
        baseRefName: 'main',
        headRefName: 'feature-2',
        additions: 1,
        deletions: 1,
        mergeCommitOid: null,
        labels: [],
        commits: [],
        reviews: [],
        comments: [],
        events: [
          {
            type: 'ReviewRequestedEvent',
            createdAt: '2026-01-10T11:00:00Z',
            actor: user('alice'),
            reviewer: { type: 'User', login: 'carol' }
          }
        ]
      }
    ],
    issues: [
      {
        number: 3,
        id: 'I_three',
        databaseId: 103,
        title: 'Broken',
        author: user('carol'),
        createdAt: '2026-01-12T10:00:00Z',
        updatedAt: '2026-01-13T10:00:00Z',
        closedAt: null,
        labels: ['bug'],
        comments: [{ databaseId: 602, author: user('bob'), createdAt: '2026-01-12T11:00:00Z' }],
        events: [
          {
            type: 'TransferredEvent',
            createdAt: '2026-01-12T10:30:00Z',
            actor: user('carol'),
            fromRepository: 'acme/old'
          }
        ]
      }
    ],
    commits: [
      {
        oid: 'c'.repeat(40),
        parents: ['b'.repeat(40)],
        authoredDate: '2026-01-05T10:00:00Z',
        committedDate: '2026-01-05T10:00:00Z',
        authorName: 'Bob',
        message: 'Merge #1'
      },
      {
        oid: 'b'.repeat(40),
        parents: [],
        authoredDate: '2026-01-01T08:00:00Z',
        committedDate: '2026-01-01T08:00:00Z',
        authorName: 'Alice',
        message: 'Initial'
      }
    ],
    deployments: [
      {
        databaseId: 1,
        id: 'DE_1',
        environment: 'production',
        sha: 'c'.repeat(40),
        ref: 'main',
        task: 'deploy',
        createdAt: '2026-01-06T00:00:00Z',
        updatedAt: '2026-01-06T00:05:00Z',
        creator: { login: 'github-actions', type: 'Bot' },
        statuses: [
          { id: 11, state: 'IN_PROGRESS', createdAt: '2026-01-06T00:01:00Z' },
          { id: 12, state: 'FAILURE', createdAt: '2026-01-06T00:05:00Z' }
        ]
      }
    ],
    releases: [
      {
        databaseId: 1,
        id: 'RE_1',
        tagName: 'v1.0.0',
        name: 'v1.0.0',
        tagCommitOid: 'c'.repeat(40),
        createdAt: '2026-01-07T00:00:00Z',
        publishedAt: '2026-01-07T00:00:00Z',
        isDraft: false,
        isPrerelease: false,
        author: user('bob')
      }
    ],
    workflows: [{ id: 77, name: 'Deploy', path: '.github/workflows/deploy.yml', state: 'active' }],
    workflowRuns: [
      {
        id: 9001,
        workflowId: 77,
        name: 'Deploy',
        headSha: 'c'.repeat(40),
        headBranch: 'main',
        event: 'push',
        status: 'completed',
        conclusion: 'success',
        runNumber: 1,
        runAttempt: 1,
        createdAt: '2026-01-06T00:00:00Z',
        updatedAt: '2026-01-06T00:10:00Z',
        runStartedAt: '2026-01-06T00:00:10Z',
        actor: user('bob')
      }
    ]
  }
}

/** The emulator a test file shares, under GitHub's limits, and its repository's git objects. */
export interface StrictEmulator {
  emu: RunningEmulator
  git: GitStore
}

/**
 * Starts a `github`-profile emulator on tinySeed before the file's tests and stops it after; the
 * fields are set once the tests run.
 */
export function useStrictEmulator(): StrictEmulator {
  const env = {} as StrictEmulator
  beforeAll(async () => {
    env.emu = await startEmulator({ seed: tinySeed(), port: 0, profile: 'github' })
    env.git = env.emu.state.git as unknown as GitStore
  })
  afterAll(async () => {
    await env.emu?.stop()
  })
  return env
}
