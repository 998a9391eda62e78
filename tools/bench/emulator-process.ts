/**
 * The emulator in its own process for the bench (so that its memory is not counted), and the calls
 * of its control API. The process ends with the bench however the bench ends (child-processes.ts).
 */
import type { ChildProcess } from 'node:child_process'
import { nodeOptionsWithHeap, spawnNodeWithParent } from './child-processes.js'

/** The emulator's heap: it holds the whole generated history and everything written to it. */
export const EMULATOR_HEAP_MB = 8192

export interface EmulatorProcess {
  url: string
  child: ChildProcess
}

/**
 * Starts `tools/github-emulator/cli.ts` with `emulatorArgs` (e.g. `--generate prs=N,seed=S --port 0`) and resolves once it is listening.
 */
export async function startEmulatorProcess(emulatorArgs: string[]): Promise<EmulatorProcess> {
  const child = spawnNodeWithParent(['--import', 'tsx', 'tools/github-emulator/cli.ts', ...emulatorArgs], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_OPTIONS: nodeOptionsWithHeap(process.env.NODE_OPTIONS, EMULATOR_HEAP_MB) }
  })
  const url = await new Promise<string>((done, fail) => {
    let buffer = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString()
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(buffer)
      if (match) done(match[1])
    })
    child.once('error', fail)
    child.once('exit', (code, signal) =>
      fail(new Error(`the emulator exited (${signal ?? code}) before listening`))
    )
  })
  return { url, child }
}

/** A call of the emulator's control API (`/_emulator/…`): GET without a body, POST with one. */
export async function control<T>(url: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${url}/_emulator/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  if (!response.ok) throw new Error(`emulator ${path}: ${response.status} ${await response.text()}`)
  return (await response.json()) as T
}

/** The emulator's clock one hour on, so that the tokens' hourly budgets start again. */
export const nextHour = (url: string) => control(url, 'clock', { advanceSeconds: 3600 })
