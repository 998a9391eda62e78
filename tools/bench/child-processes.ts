/**
 * The processes and folders the bench makes, gone with it. Two layers:
 * - in this process: a child passed to `trackChild` is killed, and a folder made by
 *   `temporaryFolder` removed, when this process exits (an exception that reaches the top,
 *   process.exit) or is told to stop (SIGINT, SIGTERM), unless the child has exited first or the
 *   folder's remover was called;
 * - in the child: `spawnNodeWithParent` gives it an IPC channel and the exit-with-parent.mjs hook, so
 *   it exits when this process is gone however it went, even when none of this process's code ran
 *   (out of memory, SIGKILL).
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

/** The children still running, killed when this process exits. */
const running = new Set<ChildProcess>()
/** The folders still to remove when this process exits. */
const folders = new Set<string>()
let installed = false

/** Kills every tracked child that is still running (SIGTERM); returns how many it signalled. */
export function killTrackedChildren(): number {
  let signalled = 0
  for (const child of running) {
    if (child.exitCode === null && child.signalCode === null && child.kill('SIGTERM')) signalled++
  }
  running.clear()
  return signalled
}

/** The exit code of a process ended by `signal`, as a shell reports it (SIGINT 130, SIGTERM 143). */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const

function installCleanup(): void {
  if (installed) return
  installed = true
  // 'exit' handlers run synchronously; kill() and rmSync are synchronous, so they still happen.
  process.on('exit', () => {
    killTrackedChildren()
    for (const dir of folders) rmSync(dir, { recursive: true, force: true })
    folders.clear()
  })
  for (const signal of Object.keys(SIGNAL_EXIT_CODES) as Array<keyof typeof SIGNAL_EXIT_CODES>) {
    process.on(signal, () => {
      console.error(`bench: ${signal}, stopping the processes it started`)
      process.exit(SIGNAL_EXIT_CODES[signal])
    })
  }
}

/** Tracks a child: killed with this process unless it has exited first. */
export function trackChild<T extends ChildProcess>(child: T): T {
  installCleanup()
  running.add(child)
  child.once('exit', () => running.delete(child))
  return child
}

/**
 * A new folder under the system's temporary folder (name starting with `prefix`), removed when this
 * process exits unless `remove` has removed it before.
 */
export function temporaryFolder(prefix: string): { path: string; remove: () => void } {
  installCleanup()
  const path = mkdtempSync(join(tmpdir(), prefix))
  folders.add(path)
  return {
    path,
    remove: () => {
      folders.delete(path)
      rmSync(path, { recursive: true, force: true })
    }
  }
}

/** The hook that ends a child with its parent (see the top of this file). */
export const EXIT_WITH_PARENT_HOOK = resolve('tools/bench/exit-with-parent.mjs')

type StdioEntry = 'ignore' | 'pipe' | 'inherit'

/**
 * Spawns `node <nodeArgs>` as a tracked child that also exits on its own when this process is gone:
 * the hook is loaded first and stdio gets an IPC channel (the fourth entry).
 */
export function spawnNodeWithParent(
  nodeArgs: string[],
  options: Omit<SpawnOptions, 'stdio'> & { stdio: [StdioEntry, StdioEntry, StdioEntry] }
): ChildProcess {
  const child = spawn(process.execPath, ['--import', EXIT_WITH_PARENT_HOOK, ...nodeArgs], {
    ...options,
    stdio: [...options.stdio, 'ipc']
  })
  return trackChild(child)
}

/**
 * NODE_OPTIONS with the old-space heap set to `megabytes`: any --max-old-space-size already there
 * (the 768 MB the `bench` script gives this process) is dropped, the other options are kept.
 */
export function nodeOptionsWithHeap(current: string | undefined, megabytes: number): string {
  const kept = (current ?? '').replace(/--max[-_]old[-_]space[-_]size(=|\s+)\S*/g, ' ').trim()
  return [kept, `--max-old-space-size=${megabytes}`].filter(Boolean).join(' ').replace(/\s+/g, ' ')
}
