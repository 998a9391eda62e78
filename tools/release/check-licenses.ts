/**
 * `npm run check-licenses` (after `npm run bundle` or `npm run check-dist`): dist/licenses.txt must name
 * every package with code in the bundle, at the version bundled, each with its licence text, and
 * nothing else. Every bundled package must come from the bundle's dependency tree (what src/ imports,
 * and their dependencies, in package-lock.json), never from a development tool; and every package of
 * that tree must be accounted for: bundled, copied into a bundled package's prebuilt file, TypeScript
 * types only, or named with a reason in tree-notes.ts.
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { BUNDLER_RUNTIME, STATS_FILE, bundleNotices } from './bundle.js'
import {
  NO_LICENSE,
  parseNotices,
  type BundleStats,
  type NoticeEntry,
  type PackageNotice
} from './licenses.js'
import { NOT_BUNDLED } from './tree-notes.js'
import {
  dependencyTree,
  hasCode,
  importedPackagesIn,
  type InlinedPackage,
  type Lockfile,
  type TreePackage
} from './tree.js'

export interface LicenceInputs {
  /** The entries of dist/licenses.txt. */
  notices: NoticeEntry[]
  /** Packages with files in the bundle (from the bundler's module list). */
  bundled: PackageNotice[]
  /** Packages whose code a bundled package's prebuilt file holds. */
  inlined: InlinedPackage[]
  tree: TreePackage[]
  /** Whether the package at a lockfile path has JavaScript (false: TypeScript types only). */
  hasCode: (path: string) => boolean
  /** Package name → why it has no code in the bundle. */
  notBundled: Record<string, string>
}

export interface LicenceCheck {
  problems: string[]
  /** Packages of the tree with no code in the bundle, each with the reason. */
  unbundled: { pkg: TreePackage; reason: string }[]
  listed: number
}

const key = (p: { name: string; version: string }): string => `${p.name}@${p.version}`

export function compareLicences(input: LicenceInputs): LicenceCheck {
  const problems: string[] = []
  const treePaths = new Set(input.tree.map((p) => p.path))
  for (const p of input.bundled)
    if (!treePaths.has(p.path))
      problems.push(
        `${key(p)} (${p.path}) is in the bundle but not in its dependency tree (what src/ imports, in ` +
          'package-lock.json): a development-only package reached the bundle, or the lockfile is stale.'
      )

  const expected = new Map<string, string>()
  for (const p of input.bundled) expected.set(key(p), p.path)
  for (const p of input.inlined) expected.set(key(p), `${p.path}, inside ${p.host}`)
  const listed = new Set(input.notices.map(key))
  for (const [name, where] of expected)
    if (!listed.has(name))
      problems.push(`${name} is in the bundle (${where}) but not in dist/licenses.txt: run npm run bundle.`)
  for (const n of input.notices) {
    if (!expected.has(key(n)))
      problems.push(`${key(n)} is in dist/licenses.txt but not in the bundle: run npm run bundle.`)
    if (!n.license || n.license === NO_LICENSE)
      problems.push(`${key(n)} has no licence in dist/licenses.txt: its package.json declares none.`)
    if (!n.text)
      problems.push(`${key(n)} has no licence text in dist/licenses.txt: the package ships no LICENSE file.`)
  }

  const inBundle = new Set([...input.bundled.map((p) => p.path), ...input.inlined.map((p) => p.path)])
  const unbundled: LicenceCheck['unbundled'] = []
  const explained = new Set<string>()
  for (const pkg of input.tree) {
    if (inBundle.has(pkg.path)) continue
    const reason = input.notBundled[pkg.name] ?? (input.hasCode(pkg.path) ? null : 'TypeScript types only')
    if (reason === null) {
      problems.push(
        `${key(pkg)} (${pkg.path}) is in the dependency tree, but no file of it is in the bundle. If a bundled ` +
          "package's prebuilt file holds its code, add it to INLINED; if not, add it to NOT_BUNDLED with the " +
          'reason (tools/release/tree-notes.ts).'
      )
      continue
    }
    if (input.notBundled[pkg.name]) explained.add(pkg.name)
    unbundled.push({ pkg, reason })
  }
  for (const name of Object.keys(input.notBundled))
    if (!explained.has(name))
      problems.push(`NOT_BUNDLED names ${name}, which is not an unbundled package of the tree: remove it.`)
  return { problems, unbundled, listed: input.notices.length }
}

/** The check on this project: dist/licenses.txt, the last build's module list and package-lock.json. */
export function checkProject(root = process.cwd()): LicenceCheck {
  const statsPath = join(root, STATS_FILE)
  const fail = (problem: string): LicenceCheck => ({ problems: [problem], unbundled: [], listed: 0 })
  if (!existsSync(statsPath))
    return fail(`${STATS_FILE} is missing: run npm run bundle first (it records what the bundle holds).`)
  const stats = JSON.parse(readFileSync(statsPath, 'utf8')) as BundleStats
  // The module list must describe the dist/ that is there, not another build.
  for (const asset of stats.assets ?? []) {
    const file = join(root, 'dist', asset.name)
    if (asset.name.endsWith('.js') && (!existsSync(file) || statSync(file).size !== asset.size))
      return fail(`${STATS_FILE} is from another build than dist/${asset.name}: run npm run bundle.`)
  }
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as Lockfile
  const { bundled, inlined, problems } = bundleNotices(stats, lock, root)
  const tree = dependencyTree(lock, [...importedPackagesIn(join(root, 'src')), ...BUNDLER_RUNTIME])
  const result = compareLicences({
    notices: parseNotices(readFileSync(join(root, 'dist', 'licenses.txt'), 'utf8')),
    bundled,
    inlined,
    tree: tree.packages,
    hasCode: (path) => hasCode(join(root, path)),
    notBundled: NOT_BUNDLED
  })
  return { ...result, problems: [...problems, ...result.problems] }
}

const entry = process.argv[1] ?? ''
if (/check-licenses\.(ts|js)$/.test(entry)) {
  const result = checkProject(resolve('.'))
  if (result.problems.length > 0) {
    for (const problem of result.problems) console.error(`check-licenses: ${problem}`)
    process.exit(1)
  }
  const reasons = new Map<string, string[]>()
  for (const { pkg, reason } of result.unbundled) {
    const names = reasons.get(reason) ?? []
    // The same version installed in two places is one name here.
    if (!names.includes(key(pkg))) reasons.set(reason, [...names, key(pkg)])
  }
  console.log(
    `dist/licenses.txt names the ${result.listed} packages in the bundle, each with its licence text.`
  )
  console.log(`${result.unbundled.length} packages of the dependency tree have no code in the bundle:`)
  for (const [reason, names] of reasons) console.log(`  ${reason}: ${names.join(', ')}`)
}
