/**
 * The bundle's dependency tree: the packages src/ imports, and everything they depend on, as
 * package-lock.json installs them. The published package has no runtime dependencies (the bundle holds
 * them), so this tree, not package.json's `dependencies`, is what ships inside dist/.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

export interface LockEntry {
  name?: string
  version?: string
  dev?: boolean
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
}
export interface Lockfile {
  packages: Record<string, LockEntry>
}

export interface TreePackage {
  /** The lockfile key, e.g. `node_modules/vega-selections/node_modules/d3-array`. */
  path: string
  name: string
  version: string
}

/** The package name of an import specifier, or null for relative paths and Node built-ins. */
export function packageOfSpecifier(specifier: string): string | null {
  const name = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*/i.exec(specifier)?.[0]
  // Relative paths, Node built-ins (node:fs) and text that only looks like an import are not packages.
  if (!name || !/^(\/|$)/.test(specifier.slice(name.length))) return null
  return name
}

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g

/** Packages named by import statements and dynamic imports in TypeScript source text. */
export function importedPackages(source: string): string[] {
  const names = new Set<string>()
  for (const match of source.matchAll(IMPORT)) {
    const name = packageOfSpecifier(match[1])
    if (name !== null) names.add(name)
  }
  return [...names].sort()
}

/** Packages imported by the .ts files under `dir`. */
export function importedPackagesIn(dir: string): string[] {
  const names = new Set<string>()
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue
    const text = readFileSync(join(entry.parentPath, entry.name), 'utf8')
    for (const name of importedPackages(text)) names.add(name)
  }
  return [...names].sort()
}

const nameFromPath = (path: string): string => {
  const at = path.lastIndexOf('node_modules/')
  return path.slice(at + 'node_modules/'.length)
}

/** Where Node finds `name` when required from the package at lockfile key `from` ('' is the project). */
export function resolveInLock(lock: Lockfile, from: string, name: string): string | null {
  let base = from
  for (;;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`
    if (lock.packages[candidate]) return candidate
    if (!base) return null
    const at = base.lastIndexOf('/node_modules/')
    base = at < 0 ? '' : base.slice(0, at)
  }
}

/**
 * Every package reachable from `roots` through dependencies, optional and peer dependencies. A root or
 * optional dependency that is not installed is listed in `missing` (vega's optional `canvas` is one).
 */
export function dependencyTree(
  lock: Lockfile,
  roots: string[]
): { packages: TreePackage[]; missing: string[] } {
  const seen = new Map<string, TreePackage>()
  const missing = new Set<string>()
  const queue: { from: string; name: string }[] = roots.map((name) => ({ from: '', name }))
  while (queue.length > 0) {
    const { from, name } = queue.shift()!
    const path = resolveInLock(lock, from, name)
    if (path === null) {
      missing.add(name)
      continue
    }
    if (seen.has(path)) continue
    const entry = lock.packages[path]
    seen.set(path, { path, name: entry.name ?? nameFromPath(path), version: entry.version ?? '' })
    const deps = { ...entry.peerDependencies, ...entry.optionalDependencies, ...entry.dependencies }
    for (const dep of Object.keys(deps)) queue.push({ from: path, name: dep })
  }
  const packages = [...seen.values()].sort((a, b) => a.path.localeCompare(b.path))
  return { packages, missing: [...missing].sort() }
}

export interface InlinedPackage extends TreePackage {
  /** The bundled package whose prebuilt file holds this package's code. */
  host: string
}

/** The packages `inlined` (host → names) says are inside bundled hosts, as installed beside each host. */
export function inlinedPackages(
  lock: Lockfile,
  bundled: { name: string; path: string }[],
  inlined: Record<string, string[]>
): { packages: InlinedPackage[]; problems: string[] } {
  const packages: InlinedPackage[] = []
  const problems: string[] = []
  for (const [host, names] of Object.entries(inlined)) {
    const hosts = bundled.filter((p) => p.name === host)
    if (hosts.length === 0)
      problems.push(
        `INLINED names ${host}, which is not in the bundle: remove it from tools/release/tree-notes.ts.`
      )
    for (const from of hosts) {
      for (const name of names) {
        const path = resolveInLock(lock, from.path, name)
        if (path === null) {
          problems.push(
            `INLINED says ${host} holds ${name}, which is not installed beside it (${from.path}).`
          )
          continue
        }
        const entry = lock.packages[path]
        packages.push({ path, name: entry.name ?? nameFromPath(path), version: entry.version ?? '', host })
      }
    }
  }
  return { packages, problems }
}

/** Whether the package folder has JavaScript of its own (packages of TypeScript types have none). */
export function hasCode(dir: string): boolean {
  const walk = (folder: string): boolean =>
    readdirSync(folder, { withFileTypes: true }).some((entry) =>
      entry.isDirectory()
        ? entry.name !== 'node_modules' && walk(join(folder, entry.name))
        : /\.[cm]?js$/.test(entry.name)
    )
  return walk(dir)
}
