/**
 * Third-party notices for the bundle. ncc's own `--license` file listed only the bundler: its licence
 * plugin writes one file per chunk under the same name, so the small lazy chunk (ncc's stub for vega's
 * optional `canvas`, which is @vercel/ncc code) overwrote the main chunk's list. Here the list comes
 * from the bundler's module statistics instead: every file in the bundle, mapped to the package that
 * holds it, with that package's own licence and notice files.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join, relative, sep } from 'node:path'

/** The part of webpack's stats JSON (`ncc build --stats-out`) read here. */
export interface ModuleStats {
  nameForCondition?: string | null
  modules?: ModuleStats[]
}
export interface BundleStats {
  modules?: ModuleStats[]
  assets?: { name: string; size: number }[]
}

export interface PackageNotice {
  name: string
  version: string
  /** The `license` field of the package's package.json (SPDX expression). */
  license: string
  /** The package's folder relative to the project, e.g. `node_modules/vega-selections/node_modules/d3-array`. */
  path: string
  /** Licence and notice files shipped in the package, by file name. */
  texts: { file: string; text: string }[]
  /** Set when no file of this package is in the bundle, but its code is: copied into this package's prebuilt file. */
  inlinedIn?: string
}

/** Absolute paths of every source file in the bundle (the modules inside concatenated ones too). */
export function bundledFiles(stats: BundleStats): string[] {
  const files = new Set<string>()
  const visit = (module: ModuleStats): void => {
    // Runtime helpers and externals (node: built-ins) have no file.
    if (module.nameForCondition && /^([A-Za-z]:)?[\\/]/.test(module.nameForCondition))
      files.add(module.nameForCondition)
    for (const inner of module.modules ?? []) visit(inner)
  }
  for (const module of stats.modules ?? []) visit(module)
  return [...files].sort()
}

/** The package folder holding a file: the path up to its last `node_modules/NAME` (or `@scope/NAME`). */
export function packageDirOf(file: string): string | null {
  const parts = file.split(/[\\/]/)
  const at = parts.lastIndexOf('node_modules')
  if (at < 0 || at + 1 >= parts.length - 1) return null
  const scoped = parts[at + 1].startsWith('@')
  if (scoped && at + 2 >= parts.length - 1) return null
  return parts.slice(0, at + (scoped ? 3 : 2)).join(sep)
}

const LICENCE_FILE = /^(licen[cs]e|copying|notice)([-._][^/]*)?$/i

/** Name, version, licence and licence texts of the package in `dir` (absolute), relative to `root`. */
export function readPackageNotice(dir: string, root: string): PackageNotice {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    name?: string
    version?: string
    license?: string | { type?: string }
    licenses?: { type?: string }[]
  }
  const license =
    typeof manifest.license === 'string'
      ? manifest.license
      : (manifest.license?.type ?? (manifest.licenses ?? []).map((l) => l.type).join(' OR '))
  const texts = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && LICENCE_FILE.test(entry.name))
    .map((entry) => entry.name)
    .sort()
    .map((file) => ({ file, text: tidy(readFileSync(join(dir, file), 'utf8')) }))
  return {
    name: manifest.name ?? '',
    version: manifest.version ?? '',
    license,
    path: relative(root, dir).split(sep).join('/'),
    texts
  }
}

function tidy(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim()
}

export const byNameAndVersion = (
  a: { name: string; version: string },
  b: { name: string; version: string }
) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version, 'en', { numeric: true })

/** One notice per package (name and version) with files in the bundle; files of the project itself are left out. */
export function bundledPackages(stats: BundleStats, root: string): PackageNotice[] {
  const dirs = new Set<string>()
  for (const file of bundledFiles(stats)) {
    const dir = packageDirOf(file)
    if (dir !== null) dirs.add(dir)
  }
  const notices = new Map<string, PackageNotice>()
  for (const dir of dirs) {
    const notice = readPackageNotice(dir, root)
    const key = `${notice.name}@${notice.version}`
    // The same version installed twice (nested copies) is one entry.
    if (!notices.has(key)) notices.set(key, notice)
  }
  return [...notices.values()].sort(byNameAndVersion)
}

const RULE = '='.repeat(78)
/** The License line of a package whose package.json declares no licence. */
export const NO_LICENSE = '(none declared)'

/** dist/licenses.txt: a header, then one block per package with its licence and notice texts. */
export function renderNotices(packages: PackageNotice[]): string {
  const header = [
    'Third-party software bundled in dist/ (dist/index.js and its chunks) of repo-metrics-report.',
    '',
    "Generated by `npm run bundle` (tools/release/bundle.ts) from the bundler's list of the files in",
    'the bundle: one entry per package with code in it, with the licence its package.json declares',
    'and the licence and notice files the package ships. `npm run check-licenses` compares this file',
    "with the bundle and with the bundle's dependency tree.",
    '',
    `${packages.length} packages.`
  ]
  const blocks = packages.map((p) =>
    [
      RULE,
      `Package: ${p.name}@${p.version}`,
      `License: ${p.license || NO_LICENSE}`,
      ...(p.inlinedIn
        ? [`Inlined in: ${p.inlinedIn} (its prebuilt file holds a copy of this package's code)`]
        : []),
      `Files: ${p.texts.length ? p.texts.map((t) => t.file).join(', ') : '(no licence file in the package)'}`,
      ...p.texts.flatMap((t) => ['', ...(p.texts.length > 1 ? [`--- ${t.file}`, ''] : []), t.text])
    ].join('\n')
  )
  return `${[header.join('\n'), ...blocks].join('\n\n')}\n`
}

export interface NoticeEntry {
  name: string
  version: string
  license: string
  inlinedIn?: string
  /** The text after the entry's header lines (the licence files). */
  text: string
}

/** The entries of a licenses.txt written by renderNotices. */
export function parseNotices(content: string): NoticeEntry[] {
  return content
    .split(`\n${RULE}\n`)
    .slice(1)
    .map((block) => {
      const end = block.indexOf('\n\n')
      const head = end < 0 ? block : block.slice(0, end)
      const fields = new Map(
        head.split('\n').map((line) => {
          const colon = line.indexOf(': ')
          return [line.slice(0, colon), line.slice(colon + 2)] as const
        })
      )
      const spec = fields.get('Package') ?? ''
      const at = spec.lastIndexOf('@')
      return {
        name: at > 0 ? spec.slice(0, at) : spec,
        version: at > 0 ? spec.slice(at + 1) : '',
        license: fields.get('License') ?? '',
        inlinedIn: fields.get('Inlined in')?.replace(/ \(.*$/, ''),
        text: end < 0 ? '' : block.slice(end).trim()
      }
    })
}
