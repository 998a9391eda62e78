/**
 * Runs the bundled action (dist/index.js) in a child process the way the Actions runner does:
 * INPUT_* variables from action.yml defaults and overrides, GITHUB_* variables, an event payload
 * file, and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files that are read back afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

export interface ActionRun {
  exitCode: number
  seconds: number
  outputs: Record<string, string>
  summary: string
  stdout: string
  stderr: string
}

export interface RunActionOptions {
  /** Path to the entry, default dist/index.js (the bundle); a `.ts` entry (src/index.ts) runs through tsx. */
  entry?: string
  /** action.yml to take input defaults from. */
  actionYml?: string
  apiUrl: string
  serverUrl: string
  repository: string
  eventName: string
  payload: unknown
  /** The event file's text as it is, instead of `payload` as JSON (a payload too deep to stringify). */
  payloadText?: string
  inputs: Record<string, string>
  token: string
  workDir: string
  /** Echo the action's log lines to this stream as they come. */
  echo?: NodeJS.WritableStream
  /** Called with the child process once it is started (a test may kill it mid-run). */
  onSpawn?: (child: ChildProcess) => void
}

/** Input names and defaults from action.yml (the subset of YAML it uses). */
export function actionInputDefaults(actionYml: string): Record<string, string> {
  const lines = readFileSync(actionYml, 'utf8').split('\n')
  const defaults: Record<string, string> = {}
  let inInputs = false
  let current: string | null = null
  for (const line of lines) {
    if (/^\S/.test(line)) {
      inInputs = line.startsWith('inputs:')
      current = null
      continue
    }
    if (!inInputs) continue
    const name = /^ {2}([A-Za-z0-9_-]+):\s*$/.exec(line)
    if (name) {
      current = name[1]
      defaults[current] = ''
      continue
    }
    const def = /^ {4}default:\s*(.*)$/.exec(line)
    if (def && current) defaults[current] = unquote(def[1].trim())
  }
  return defaults
}

function unquote(value: string): string {
  if ((value.startsWith("'") && value.endsWith("'")) || (value.startsWith('"') && value.endsWith('"'))) {
    return value.slice(1, -1)
  }
  return value
}

/** Parses a GITHUB_OUTPUT file (`name<<DELIM` blocks and `name=value` lines). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i])
    if (heredoc) {
      const [, name, delimiter] = heredoc
      const value: string[] = []
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i])
      outputs[name] = value.join('\n')
      continue
    }
    const eq = lines[i].indexOf('=')
    if (eq > 0) outputs[lines[i].slice(0, eq)] = lines[i].slice(eq + 1)
  }
  return outputs
}

export async function runAction(options: RunActionOptions): Promise<ActionRun> {
  const entry = resolve(options.entry ?? 'dist/index.js')
  const defaults = actionInputDefaults(options.actionYml ?? 'action.yml')
  mkdirSync(options.workDir, { recursive: true })
  const stamp = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`
  const eventPath = join(options.workDir, `event-${stamp}.json`)
  const outputPath = join(options.workDir, `output-${stamp}.txt`)
  const summaryPath = join(options.workDir, `summary-${stamp}.md`)
  writeFileSync(eventPath, options.payloadText ?? JSON.stringify(options.payload, null, 2))
  writeFileSync(outputPath, '')
  writeFileSync(summaryPath, '')

  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: options.repository,
    GITHUB_REPOSITORY_OWNER: options.repository.split('/')[0],
    GITHUB_EVENT_NAME: options.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_API_URL: options.apiUrl,
    GITHUB_GRAPHQL_URL: `${options.apiUrl}/graphql`,
    GITHUB_SERVER_URL: options.serverUrl,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_WORKSPACE: process.cwd(),
    GITHUB_SHA: '0000000000000000000000000000000000000000',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_WORKFLOW: 'metrics',
    GITHUB_RUN_ID: '1',
    GITHUB_RUN_NUMBER: '1',
    GITHUB_ACTOR: 'demo',
    RUNNER_TEMP: options.workDir
  }
  for (const [name, value] of Object.entries({ ...defaults, ...options.inputs })) {
    // the expressions of action.yml's defaults, as the runner fills them in
    const resolved = value
      .replace(/\$\{\{\s*github\.token\s*\}\}/g, options.token)
      .replace(/\$\{\{\s*github\.repository_owner\s*\}\}/g, options.repository.split('/')[0])
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = resolved
  }

  const started = process.hrtime.bigint()
  // The sources run unbundled through tsx's loader (to measure a change before it is bundled).
  const args = entry.endsWith('.ts') ? ['--import', 'tsx', entry] : [entry]
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
  options.onSpawn?.(child)
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
    options.echo?.write(chunk)
  })
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
    options.echo?.write(chunk)
  })
  const exitCode: number = await new Promise((done) => child.on('close', (code) => done(code ?? 1)))
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  return {
    exitCode,
    seconds: Math.round(seconds * 1000) / 1000,
    outputs: parseOutputFile(readFileSync(outputPath, 'utf8')),
    summary: readFileSync(summaryPath, 'utf8'),
    stdout,
    stderr
  }
}
