/**
 * `npm run bundle`: dist/ from src/. One ncc build of src/index.ts gives dist/index.js, which the action
 * runs and bin/repo-metrics.js imports (one copy of the code for both; see src/index.ts). Then
 * dist/licenses.txt is written from the build's module list (see licenses.ts and tree-notes.ts).
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import {
  bundledPackages,
  byNameAndVersion,
  readPackageNotice,
  renderNotices,
  type BundleStats,
  type PackageNotice
} from './licenses.js'
import { INLINED } from './tree-notes.js'
import { inlinedPackages, type InlinedPackage, type Lockfile } from './tree.js'

/** Where the build's webpack statistics are kept for `npm run check-licenses` (not committed). */
export const STATS_FILE = '.tmp/bundle/stats.json'
/** Packages whose code the bundler itself puts in the bundle (ncc's stub for a missing optional module). */
export const BUNDLER_RUNTIME = ['@vercel/ncc']

/** The packages in the bundle: with files in it, and copied into a bundled package's prebuilt file. */
export function bundleNotices(
  stats: BundleStats,
  lock: Lockfile,
  root: string
): { bundled: PackageNotice[]; inlined: InlinedPackage[]; notices: PackageNotice[]; problems: string[] } {
  const bundled = bundledPackages(stats, root)
  const { packages: inlined, problems } = inlinedPackages(lock, bundled, INLINED)
  const notices = new Map(bundled.map((p) => [`${p.name}@${p.version}`, p]))
  for (const p of inlined) {
    const id = `${p.name}@${p.version}`
    if (!notices.has(id))
      notices.set(id, { ...readPackageNotice(join(root, p.path), root), inlinedIn: p.host })
  }
  return { bundled, inlined, notices: [...notices.values()].sort(byNameAndVersion), problems }
}

export function bundle(root: string): void {
  const dist = join(root, 'dist')
  // ncc only replaces .js files: start from an empty folder so nothing stale survives.
  rmSync(dist, { recursive: true, force: true })
  mkdirSync(dirname(join(root, STATS_FILE)), { recursive: true })
  const ncc = createRequire(import.meta.url).resolve('@vercel/ncc/dist/ncc/cli.js')
  const build = spawnSync(
    process.execPath,
    [ncc, 'build', 'src/index.ts', '-o', 'dist', '--stats-out', STATS_FILE],
    {
      cwd: root,
      stdio: 'inherit'
    }
  )
  if (build.status !== 0) throw new Error(`ncc build failed (exit ${build.status ?? build.signal})`)
  const stats = JSON.parse(readFileSync(join(root, STATS_FILE), 'utf8')) as BundleStats
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as Lockfile
  const { notices, problems } = bundleNotices(stats, lock, root)
  if (problems.length > 0) throw new Error(problems.join('\n'))
  writeFileSync(join(dist, 'licenses.txt'), renderNotices(notices))
  const files = readdirSync(dist).sort()
  const total = files.reduce((sum, file) => sum + statSync(join(dist, file)).size, 0)
  console.log(`dist/: ${files.join(', ')}: ${total} bytes; licenses.txt names ${notices.length} packages`)
}

const entry = process.argv[1] ?? ''
if (/release[\\/]bundle\.(ts|js)$/.test(entry)) {
  try {
    bundle(resolve('.'))
  } catch (error) {
    console.error(`bundle: ${(error as Error).message}`)
    process.exit(1)
  }
}
