/**
 * Where a command-line run writes: a local folder (the default, nothing goes to the repository) or,
 * with `--store github`, the repository's data branch and the notification issue. The folder is
 * checked before anything is read, so a path that is a file or cannot be written is a usage error
 * that names it.
 */
import { accessSync, constants, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { GitHubClient } from '../github/client.js'
import type { Logger } from '../log.js'
import type { Settings } from '../settings-types.js'
import { createDirectoryStore, createGitDataStore, type DataStore } from '../store/index.js'
import { withInbox } from '../store/inbox.js'
import { GITHUB_STORE, type CliArgs } from './args.js'

export type StoreChoice =
  | { kind: 'github' }
  | {
      kind: 'folder'
      /** Absolute. */
      dir: string
      /** As given (or the default). */
      given: string
      isDefault: boolean
    }

export function chooseStore(args: Pick<CliArgs, 'store' | 'storeGiven'>, cwd = process.cwd()): StoreChoice {
  if (args.store === GITHUB_STORE) return { kind: 'github' }
  return { kind: 'folder', dir: resolve(cwd, args.store), given: args.store, isDefault: !args.storeGiven }
}

/** The file system calls the folder check makes (tests pass their own to play a read-only disk). */
export interface FolderProbe {
  stat(path: string): { isDirectory(): boolean }
  /** Throws (EACCES, EPERM, EROFS) when the folder cannot be written. */
  checkWritable(path: string): void
}

const realProbe: FolderProbe = {
  stat: (path) => statSync(path),
  checkWritable: (path) => accessSync(path, constants.W_OK)
}

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException | null)?.code ?? 'error'
}

/** The nearest of `dir` and its parents that exists, with what it is. */
function nearestExisting(dir: string, probe: FolderProbe): { path: string; isDirectory: boolean } {
  for (let path = dir; ; path = dirname(path)) {
    try {
      return { path, isDirectory: probe.stat(path).isDirectory() }
    } catch (error) {
      const code = codeOf(error)
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || dirname(path) === path) throw error
    }
  }
}

/** Why the folder store cannot be used, naming the path and the fix; null when it can. */
export function storeFolderProblem(
  choice: Extract<StoreChoice, { kind: 'folder' }>,
  probe: FolderProbe = realProbe
): string | null {
  const { dir, given } = choice
  let existing: { path: string; isDirectory: boolean }
  try {
    existing = nearestExisting(dir, probe)
  } catch (error) {
    return `The store folder ${dir} cannot be read (${codeOf(error)}). Give another folder with --store.`
  }
  if (existing.path === dir && !existing.isDirectory) {
    return (
      `Option --store names '${given}', which is a file, not a folder (${dir}). Give a folder ` +
      "(it is created when missing), or --store github to write to the repository's data branch."
    )
  }
  if (!existing.isDirectory) {
    return `Option --store names '${given}', but ${existing.path} is a file, so the folder ${dir} cannot be made there. Give a folder path.`
  }
  try {
    probe.checkWritable(existing.path)
  } catch (error) {
    return existing.path === dir
      ? `The store folder ${dir} is not writable (${codeOf(error)}). Give a folder you can write with --store, or change its permissions.`
      : `The store folder ${dir} cannot be created: ${existing.path} is not writable (${codeOf(error)}). Give a folder you can write with --store.`
  }
  return null
}

export function createStore(
  choice: StoreChoice,
  settings: Settings,
  client: GitHubClient,
  log: Logger
): DataStore {
  const { owner, repo } = settings.repository
  // the inbox of record runs (src/store/inbox.ts) is folded in by whichever run loads the store
  if (choice.kind === 'folder')
    return withInbox(createDirectoryStore(choice.dir, { repository: `${owner}/${repo}` }))
  return withInbox(
    createGitDataStore({
      octokit: client.octokit,
      owner,
      repo,
      branch: settings.dataBranch,
      graphqlUrl: settings.graphqlUrl,
      log
    })
  )
}

/** The run's first line: what it writes where (or that it writes nothing). */
export function describeWrites(choice: StoreChoice, settings: Settings): string {
  const repository = `${settings.repository.owner}/${settings.repository.repo}`
  if (settings.dryRun) return `dry-run: nothing is written, neither to a local folder nor to ${repository}.`
  if (choice.kind === 'folder') {
    const which = choice.isDefault ? 'the default; --store github writes to the repository' : '--store'
    return (
      `Store: the local folder ${choice.dir} (${which}). Nothing is written to ${repository}, ` +
      'and there is no notification issue with a local folder.'
    )
  }
  const issues = `${settings.issueRepository.owner}/${settings.issueRepository.repo}`
  const notice = settings.notify
    ? `, and the notification issue labelled '${settings.issueLabel}' is opened or updated in ${issues} (--no-notify to skip it)`
    : '; no notification issue (--no-notify)'
  return `Store: the repository ${repository} (--store github). History and the report are committed to its branch '${settings.dataBranch}'${notice}.`
}
