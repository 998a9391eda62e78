/**
 * Is dist/ built from the sources in the working tree? The e2e tests run the bundle, so they must
 * never run an old one.
 *
 * The answer is by content, never by file times (a fresh clone gives every file the same time): a
 * record file, `dist/.source-hash`, holds a hash of the bundle's inputs and a hash of the bundle
 * itself, written right after a build (`npm run bundle:hash`). dist/ is fresh when both still match.
 *
 * The inputs are what ncc reads: every file under src/, tsconfig.json, the fields of package.json that
 * shape the bundle, and from package-lock.json the production packages plus the bundler and
 * TypeScript. Development-only packages, tests and templates (read at run time from templates/, not
 * bundled) are left out, so changing them does not make dist/ stale. Line endings are normalised, so a
 * checkout with CRLF endings hashes like one with LF.
 */
import { spawnSync } from 'node:child_process'
import { createHash, type Hash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'

/** The record, relative to the repository root. */
export const RECORD_FILE = 'dist/.source-hash'
/** The entry point the bundle must contain (one bundle for the action and the CLI). */
export const ENTRY_FILES = ['dist/index.js']
/** Packages that are development dependencies yet change the bundle's bytes. */
const BUILD_TOOLS = ['node_modules/@vercel/ncc', 'node_modules/typescript']

export interface DistRecord {
  sources: string
  bundle: string
}

export interface DistState {
  fresh: boolean
  /** Why dist/ is stale, in words for a person ('' when fresh). */
  reason: string
}

/** Every file below `dir`, as sorted paths relative to `root` with forward slashes. */
function filesUnder(root: string, dir: string): string[] {
  const out: string[] = []
  const walk = (abs: string): void => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const path = join(abs, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.isFile()) out.push(relative(root, path).split(sep).join('/'))
    }
  }
  if (existsSync(join(root, dir))) walk(join(root, dir))
  return out.sort()
}

/** Adds one named part to the hash; name and length first, so parts cannot run into each other. */
function addPart(hash: Hash, name: string, content: Buffer | string): void {
  const text = (typeof content === 'string' ? content : content.toString('latin1')).replace(/\r\n/g, '\n')
  hash.update(`${name}\0${text.length}\0`, 'utf8')
  hash.update(text, typeof content === 'string' ? 'utf8' : 'latin1')
}

function readJson(root: string, file: string): Record<string, unknown> {
  const path = join(root, file)
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>
  } catch (err) {
    throw new Error(`Cannot read ${file} to check dist/: ${(err as Error).message}`)
  }
}

/** The parts of package.json and package-lock.json that change the bundle, as stable text. */
function dependencyText(root: string): string {
  const pkg = readJson(root, 'package.json')
  const scripts = (pkg.scripts ?? {}) as Record<string, unknown>
  const shaping = { type: pkg.type, dependencies: pkg.dependencies, bundle: scripts.bundle }
  const lock = readJson(root, 'package-lock.json')
  const packages = (lock.packages ?? {}) as Record<
    string,
    { version?: string; integrity?: string; dev?: boolean }
  >
  const lines = Object.entries(packages)
    .filter(([key, entry]) => key !== '' && (entry.dev !== true || BUILD_TOOLS.includes(key)))
    .map(([key, entry]) => `${key} ${entry.version ?? ''} ${entry.integrity ?? ''}`)
    .sort()
  return `${JSON.stringify(shaping)}\n${lines.join('\n')}\n`
}

/** Hash of everything the bundle is built from. */
export function sourcesHash(root: string): string {
  const hash = createHash('sha256')
  for (const file of [...filesUnder(root, 'src'), 'tsconfig.json']) {
    addPart(hash, file, readFileSync(join(root, file)))
  }
  addPart(hash, 'dependencies', dependencyText(root))
  return hash.digest('hex')
}

/** Hash of the bundle: every file under dist/ except the record. */
export function bundleHash(root: string): string {
  const hash = createHash('sha256')
  for (const file of filesUnder(root, 'dist')) {
    if (file !== RECORD_FILE) addPart(hash, file, readFileSync(join(root, file)))
  }
  return hash.digest('hex')
}

export function readRecord(root: string): DistRecord | null {
  const path = join(root, RECORD_FILE)
  if (!existsSync(path)) return null
  try {
    const record = JSON.parse(readFileSync(path, 'utf8')) as Partial<DistRecord>
    return typeof record.sources === 'string' && typeof record.bundle === 'string'
      ? { sources: record.sources, bundle: record.bundle }
      : null
  } catch {
    return null
  }
}

/** Records that dist/ as it is now was built from the sources as they are now. Call right after a build. */
export function recordDist(root: string): DistRecord {
  const missing = ENTRY_FILES.filter((file) => !existsSync(join(root, file)))
  if (missing.length) {
    throw new Error(`Cannot record dist/: ${missing.join(' and ')} missing. Run npm run bundle first.`)
  }
  const record = { sources: sourcesHash(root), bundle: bundleHash(root) }
  const note = 'Written by npm run bundle:hash: hashes of what dist/ was built from and of dist/ itself.'
  writeFileSync(join(root, RECORD_FILE), `${JSON.stringify({ note, ...record }, null, 2)}\n`)
  return record
}

/** Whether dist/ matches the working tree, and if not, why. */
export function distState(root: string): DistState {
  const missing = ENTRY_FILES.filter((file) => !existsSync(join(root, file)))
  if (missing.length) return { fresh: false, reason: `${missing.join(' and ')} missing` }
  const record = readRecord(root)
  if (!record) return { fresh: false, reason: `${RECORD_FILE} is missing or unreadable` }
  if (record.sources !== sourcesHash(root)) {
    return { fresh: false, reason: 'src/, tsconfig.json or the dependencies changed since dist/ was built' }
  }
  if (record.bundle !== bundleHash(root)) {
    return { fresh: false, reason: `dist/ was changed after ${RECORD_FILE} was written` }
  }
  return { fresh: true, reason: '' }
}

export interface EnsureOptions {
  /** Progress lines (default console.log). */
  log?: (line: string) => void
}

/**
 * Rebuilds dist/ with `npm run bundle` when it is stale, then records it; throws, naming the reason,
 * when the build fails. Run before the e2e tests (the e2e project's Jest global setup).
 */
export function ensureFreshDist(root: string, options: EnsureOptions = {}): void {
  const log = options.log ?? ((line: string) => console.log(line))
  const state = distState(root)
  if (state.fresh) return
  log(`dist/ is stale (${state.reason}): rebuilding it with npm run bundle before the e2e tests.`)
  const env = { ...process.env }
  delete env.NODE_OPTIONS // Jest's --experimental-vm-modules is not for the bundler
  const build = spawnSync('npm', ['run', 'bundle'], { cwd: root, env, stdio: 'inherit' })
  if (build.status !== 0) {
    const how = build.error?.message ?? `exit ${build.status ?? build.signal}`
    throw new Error(
      `dist/ is stale (${state.reason}) and npm run bundle failed (${how}): fix the build, then run npm run bundle.`
    )
  }
  recordDist(root)
  const after = distState(root)
  if (!after.fresh) throw new Error(`dist/ is still stale after npm run bundle (${after.reason}).`)
}
