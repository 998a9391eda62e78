/** Running the command line in-process, with its output captured, against local servers only. */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { main, type CliIo } from '../../src/cli.js'
import type { RunningEmulator } from '../../tools/github-emulator/server.js'
import type { SeedRepository } from '../../tools/github-emulator/types.js'

export const TOKEN = 'cli-test-token-4b1d'

export interface CliRun {
  code: number
  stdout: string
  stderr: string
  ms: number
}

/** Runs `repo-metrics ARGS` with a token in the environment; stderr is not a terminal, CI unset. */
export async function runCli(
  argv: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; tty?: boolean } = {}
): Promise<CliRun> {
  let stdout = ''
  let stderr = ''
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY: options.tty ?? false },
    cwd: options.cwd
  }
  const started = Date.now()
  const code = await main(argv, { GITHUB_TOKEN: TOKEN, ...options.env }, io)
  return { code, stdout, stderr, ms: Date.now() - started }
}

export async function startTestEmulator(
  prs = 40
): Promise<{ emulator: RunningEmulator; seed: SeedRepository }> {
  const { generateRepository } = await import('../../tools/github-emulator/generate.js')
  const { startEmulator } = await import('../../tools/github-emulator/server.js')
  const seed = generateRepository({ prs, seed: 5 })
  return { emulator: await startEmulator({ seed, port: 0 }), seed }
}

/** A loopback port nothing listens on: bound once by us, then closed. */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** A loopback server that answers every request with `status` and a GitHub-style JSON message. */
export async function answeringServer(
  status: number,
  message: string
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    const body = JSON.stringify({ message, documentation_url: 'https://docs.github.com/rest' })
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
    res.end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
