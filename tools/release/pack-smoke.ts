/**
 * `npm run pack-smoke`: the npm package as a new user gets it. Packs this folder, installs the tarball
 * into an empty folder (offline: the package must need nothing from the registry, its code is all in
 * dist/), runs `npx repo-metrics --help`, then a report against the local GitHub emulator into a local
 * folder, and checks that the report was written and that the emulator saw no write request.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { createInterface } from 'node:readline'

/** Files a working package must contain; and folders it must not (sources, tests, tools). */
export const REQUIRED_FILES = [
  'package.json',
  'action.yml',
  'bin/repo-metrics.js',
  'dist/index.js',
  'dist/package.json',
  'dist/licenses.txt',
  'templates/report.md.hbs',
  'templates/issue.md.hbs',
  'README.md',
  'LICENSE'
]
export const FORBIDDEN_PREFIXES = ['src/', '__tests__/', 'tools/', 'node_modules/', '.github/', '.tmp/']

export interface SmokeResult {
  tarball: string
  /** Size of the tarball and of its unpacked contents, in bytes. */
  size: number
  unpackedSize: number
  files: string[]
  help: string
  /** The report file written into the local store, relative to the store folder. */
  report: string
  /** The report command's own output (stdout). */
  reportOutput: string
  /** Routes the emulator served during the report, with counts. */
  routes: Record<string, number>
  /** HTTP status of the data branch after the report (404: never created). */
  dataBranchStatus: number
}

interface Run {
  code: number
  stdout: string
  stderr: string
}

/** The environment for child npm commands: without the variables `npm run` sets for this project. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (/^npm_(package_|lifecycle_|config_(local_)?prefix$)|^INIT_CWD$/.test(name)) continue
    if (/^(GITHUB_|GH_TOKEN$|RUNNER_)/.test(name)) continue
    env[name] = value
  }
  return env
}

function run(command: string, args: string[], cwd: string, timeout = 120_000): Promise<Run> {
  return new Promise((done) => {
    execFile(
      command,
      args,
      { cwd, env: cleanEnv(), timeout, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        done({ code, stdout: String(stdout), stderr: String(stderr) })
      }
    )
  })
}

function must(step: string, result: Run): Run {
  if (result.code !== 0)
    throw new Error(`${step} failed (exit ${result.code}):\n${result.stderr || result.stdout}`.trimEnd())
  return result
}

/** Start tools/github-emulator on a free port with a small generated history; resolves with its URL. */
function startEmulator(root: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'tools/github-emulator/cli.ts', '--generate', 'prs=40,seed=7', '--port', '0'],
    { cwd: root, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] }
  )
  return new Promise((done, fail) => {
    let errors = ''
    child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()))
    child.once('exit', (code) =>
      fail(new Error(`the emulator exited (${code}) before listening:\n${errors}`))
    )
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const url = /listening on (http:\/\/\S+)/.exec(line)?.[1]
      if (url) done({ url, child })
    })
  })
}

/** The report of a period: reports/PERIOD/README.md (reports/README.md is the index of all reports). */
function findReport(reports: string): string | null {
  for (const entry of readdirSync(reports, { withFileTypes: true })) {
    const file = join(reports, entry.name, 'README.md')
    if (entry.isDirectory() && existsSync(file)) return file
  }
  return null
}

export async function packSmoke(
  root: string,
  log: (line: string) => void = () => undefined
): Promise<SmokeResult> {
  const work = mkdtempSync(join(tmpdir(), 'repo-metrics-pack-'))
  let emulator: ChildProcess | null = null
  try {
    log('npm pack')
    const pack = must('npm pack', await run('npm', ['pack', '--json', '--pack-destination', work], root))
    const [packed] = JSON.parse(pack.stdout) as {
      filename: string
      size: number
      unpackedSize: number
      files: { path: string }[]
    }[]
    const files = packed.files.map((f) => f.path).sort()
    const missing = REQUIRED_FILES.filter((f) => !files.includes(f))
    const extra = files.filter((f) => FORBIDDEN_PREFIXES.some((prefix) => f.startsWith(prefix)))
    if (missing.length || extra.length)
      throw new Error(
        `the package is wrong: missing ${missing.join(', ') || 'nothing'}; should not hold ${extra.join(', ') || 'nothing'}`
      )
    const tarball = join(work, packed.filename)

    const app = join(work, 'app')
    mkdirSync(app)
    log(`npm install ${packed.filename} in an empty folder`)
    must(
      'npm install of the tarball',
      await run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], app)
    )

    log('npx repo-metrics --help')
    const help = must(
      'npx repo-metrics --help',
      await run('npx', ['--offline', 'repo-metrics', '--help'], app)
    ).stdout

    const started = await startEmulator(root)
    emulator = started.child
    log(`emulator at ${started.url}; npx repo-metrics report`)
    // No --store: the command's default is the local folder ./repo-metrics-data, and nothing is written
    // to the repository (the emulator's write routes and the data branch are checked below).
    const store = join(app, 'repo-metrics-data')
    // The generated history ends 2026-11-16: a fixed window gives the same run every day.
    const reportArgs = [
      'report',
      '--repo',
      'acme-labs/widgets',
      '--api-url',
      started.url,
      '--token',
      'pack-smoke'
    ]
    const windowArgs = ['--since', '2026-08-17', '--until', '2026-11-16']
    const report = must(
      'npx repo-metrics report',
      await run('npx', ['--offline', 'repo-metrics', ...reportArgs, ...windowArgs], app)
    )
    const reportFile = existsSync(join(store, 'reports')) ? findReport(join(store, 'reports')) : null
    if (reportFile === null)
      throw new Error(`the report command wrote no report under ${store}:\n${report.stdout}`)
    const stats = (await (await fetch(`${started.url}/_emulator/stats`)).json()) as {
      byRoute: Record<string, number>
    }
    const branch = await fetch(`${started.url}/repos/acme-labs/widgets/git/ref/heads/repo-metrics`, {
      headers: { authorization: 'token pack-smoke' }
    })
    return {
      tarball: packed.filename,
      size: packed.size,
      unpackedSize: packed.unpackedSize,
      files,
      help,
      report: relative(store, reportFile),
      reportOutput: report.stdout,
      routes: stats.byRoute,
      dataBranchStatus: branch.status
    }
  } finally {
    emulator?.kill()
    rmSync(work, { recursive: true, force: true })
  }
}

/** Requests that change something: every REST method but GET and HEAD (src/ sends no GraphQL mutation, so POST /graphql only reads). */
export function writeRoutes(routes: Record<string, number>): string[] {
  return Object.keys(routes).filter((route) => !/^(GET|HEAD) /.test(route) && route !== 'POST /graphql')
}

const entry = process.argv[1] ?? ''
if (/pack-smoke\.(ts|js)$/.test(entry)) {
  packSmoke(resolve('.'), (line) => console.log(`pack-smoke: ${line}`))
    .then((result) => {
      const writes = writeRoutes(result.routes)
      const problems = [
        ...(result.help.includes('repo-metrics report') ? [] : ['--help did not print the usage']),
        ...(writes.length ? [`the report sent write requests: ${writes.join(', ')}`] : []),
        ...(result.dataBranchStatus === 404
          ? []
          : [`the data branch exists (HTTP ${result.dataBranchStatus})`])
      ]
      const requests = Object.values(result.routes).reduce((a, b) => a + b, 0)
      console.log(
        `pack-smoke: ${result.tarball}: ${result.size} bytes packed, ${result.unpackedSize} unpacked, ` +
          `${result.files.length} files; report ${result.report} after ${requests} API requests`
      )
      if (problems.length) {
        for (const problem of problems) console.error(`pack-smoke: ${problem}`)
        process.exit(1)
      }
    })
    .catch((error: Error) => {
      console.error(`pack-smoke: ${error.message}`)
      process.exit(1)
    })
}
