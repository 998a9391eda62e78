/**
 * In-memory fakes of the pipeline's three edges (HistorySource, DataStore, Notifier) for the
 * pipeline tests. Every call is appended to one shared timeline, so a test can check the order of
 * saves, summaries and notifications across all of them.
 */
import type {
  Announcement,
  HistorySource,
  HistorySync,
  HistorySyncRequest,
  Notification,
  Notifier
} from '../../src/pipeline/types.js'
import { emptyMeta } from '../../src/store/meta.js'
import type { DataStore, FileChange, HistoryUpdate, LoadedState, SaveResult } from '../../src/store/types.js'

export interface SavedCall {
  update: HistoryUpdate
  paths: string[]
  message: string
}

export interface FakeStore extends DataStore {
  files: Map<string, string>
  saves: SavedCall[]
  loads: number
  /** Make the next save fail with this error. */
  failSave: Error | null
}

export function fakeStore(name: string, timeline: string[], files: Record<string, string> = {}): FakeStore {
  const store: FakeStore = {
    description: `fake store ${name}`,
    files: new Map(Object.entries(files)),
    saves: [],
    loads: 0,
    failSave: null,
    async load(): Promise<LoadedState> {
      store.loads++
      timeline.push(`${name}: load`)
      const meta = { ...emptyMeta('o/r'), checkpoints: { pulls: { updatedAt: '2026-10-01T00:00:00Z' } } }
      return {
        meta,
        history: {
          repository: 'o/r',
          defaultBranch: 'main',
          pulls: [],
          issues: [],
          commits: [],
          deployments: [],
          incidents: [],
          teams: null
        },
        head: 'c0'
      }
    },
    async readFile(path) {
      timeline.push(`${name}: read ${path}`)
      return store.files.get(path) ?? null
    },
    async readFiles(paths) {
      timeline.push(`${name}: read ${paths.join(' ')}`)
      return new Map(paths.map((path) => [path, store.files.get(path) ?? null]))
    },
    async list(prefix) {
      return [...store.files.keys()].filter((path) => path.startsWith(prefix))
    },
    async save(update: HistoryUpdate, changes: FileChange[], message: string): Promise<SaveResult> {
      timeline.push(`${name}: save`)
      if (store.failSave) throw store.failSave
      const paths = changes.map((change) => change.path)
      store.saves.push({ update, paths, message })
      for (const change of changes) {
        if ('content' in change) store.files.set(change.path, change.content)
      }
      return { committed: true, commitSha: `c${store.saves.length}`, retries: 0, paths }
    }
  }
  return store
}

export interface FakeHistory extends HistorySource {
  requestsSeen: HistorySyncRequest[]
}

export function fakeHistory(result: HistorySync, timeline: string[]): FakeHistory {
  const history: FakeHistory = {
    description: 'fake GitHub',
    requestsSeen: [],
    async sync(request) {
      timeline.push('history: sync')
      history.requestsSeen.push(request)
      return result
    },
    rateLimit: () => 'graphql rate limit: 4990 of 5000 left, resets at 2026-12-01T07:00:00.000Z',
    requests: () => ({ total: 3, graphql: 2, rest: 1 })
  }
  return history
}

export interface FakeNotifier extends Notifier {
  sent: Notification[]
}

export function fakeNotifier(timeline: string[], answer: Partial<Announcement> = {}): FakeNotifier {
  const notifier: FakeNotifier = {
    description: 'fake issues',
    sent: [],
    async announce(notification) {
      timeline.push('notifier: announce')
      notifier.sent.push(notification)
      return { number: 7, url: 'https://github.com/o/r/issues/7', created: true, unchanged: false, ...answer }
    }
  }
  return notifier
}
