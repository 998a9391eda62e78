import { describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkProject, compareLicences, type LicenceInputs } from '../../tools/release/check-licenses.js'
import {
  bundledFiles,
  bundledPackages,
  packageDirOf,
  parseNotices,
  renderNotices,
  type PackageNotice
} from '../../tools/release/licenses.js'
import type { Lockfile } from '../../tools/release/tree.js'

const notice = (
  name: string,
  version: string,
  path: string,
  extra: Partial<PackageNotice> = {}
): PackageNotice => ({
  name,
  version,
  license: 'MIT',
  path,
  texts: [{ file: 'LICENSE', text: `Copyright ${name}` }],
  ...extra
})

describe('bundledFiles', () => {
  it('lists the files of modules and of modules concatenated into others, not runtime helpers', () => {
    const files = bundledFiles({
      modules: [
        { nameForCondition: '/p/src/index.ts' },
        { nameForCondition: null },
        {
          nameForCondition: '/p/node_modules/a/index.js',
          modules: [
            { nameForCondition: '/p/node_modules/a/index.js' },
            { nameForCondition: '/p/node_modules/b/x.js' }
          ]
        },
        { nameForCondition: 'webpack/runtime/ensure chunk' }
      ]
    })
    expect(files).toEqual(['/p/node_modules/a/index.js', '/p/node_modules/b/x.js', '/p/src/index.ts'])
  })
})

describe('packageDirOf', () => {
  it('is the path up to the last node_modules/NAME, scoped or nested', () => {
    expect(packageDirOf('/p/node_modules/luxon/build/es6/luxon.mjs')).toBe('/p/node_modules/luxon')
    expect(packageDirOf('/p/node_modules/@actions/core/lib/core.js')).toBe('/p/node_modules/@actions/core')
    expect(packageDirOf('/p/node_modules/vega-selections/node_modules/d3-array/src/max.js')).toBe(
      '/p/node_modules/vega-selections/node_modules/d3-array'
    )
  })

  it('is null for the project’s own files', () => {
    expect(packageDirOf('/p/src/index.ts')).toBeNull()
  })
})

describe('bundledPackages', () => {
  it('reads each package once, with its licence files, and leaves the project’s files out', () => {
    const root = mkdtempSync(join(tmpdir(), 'licences-'))
    try {
      const pkg = join(root, 'node_modules', 'lib')
      mkdirSync(join(pkg, 'dist'), { recursive: true })
      writeFileSync(
        join(pkg, 'package.json'),
        JSON.stringify({ name: 'lib', version: '1.2.3', license: 'ISC' })
      )
      writeFileSync(join(pkg, 'LICENSE'), 'ISC License\r\n\r\nCopyright (c) Someone   \r\n')
      writeFileSync(join(pkg, 'NOTICE.md'), 'A notice.')
      writeFileSync(join(pkg, 'README.md'), 'not a licence')
      const packages = bundledPackages(
        {
          modules: [
            { nameForCondition: join(pkg, 'dist', 'a.js') },
            { nameForCondition: join(pkg, 'dist', 'b.js') },
            { nameForCondition: join(root, 'src', 'index.ts') }
          ]
        },
        root
      )
      expect(packages).toEqual([
        {
          name: 'lib',
          version: '1.2.3',
          license: 'ISC',
          path: 'node_modules/lib',
          texts: [
            { file: 'LICENSE', text: 'ISC License\n\nCopyright (c) Someone' },
            { file: 'NOTICE.md', text: 'A notice.' }
          ]
        }
      ])
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})

describe('renderNotices and parseNotices', () => {
  it('round-trip names, versions, licences, inlining and texts', () => {
    const text = renderNotices([
      notice('@scope/a', '1.0.0', 'node_modules/@scope/a'),
      notice('b', '2.0.0', 'node_modules/b', { license: '(MIT OR Apache-2.0)', inlinedIn: 'a' }),
      notice('c', '3.0.0', 'node_modules/c', { license: '', texts: [] })
    ])
    expect(text).toContain('3 packages.')
    expect(parseNotices(text)).toEqual([
      {
        name: '@scope/a',
        version: '1.0.0',
        license: 'MIT',
        inlinedIn: undefined,
        text: 'Copyright @scope/a'
      },
      { name: 'b', version: '2.0.0', license: '(MIT OR Apache-2.0)', inlinedIn: 'a', text: 'Copyright b' },
      { name: 'c', version: '3.0.0', license: '(none declared)', inlinedIn: undefined, text: '' }
    ])
  })
})

describe('compareLicences', () => {
  const tree = [
    { path: 'node_modules/a', name: 'a', version: '1.0.0' },
    { path: 'node_modules/b', name: 'b', version: '2.0.0' },
    { path: 'node_modules/types', name: 'types', version: '1.0.0' },
    { path: 'node_modules/cli-only', name: 'cli-only', version: '1.0.0' }
  ]
  const base = (): LicenceInputs => ({
    notices: parseNotices(
      renderNotices([
        notice('a', '1.0.0', 'node_modules/a'),
        notice('b', '2.0.0', 'node_modules/b', { inlinedIn: 'a' })
      ])
    ),
    bundled: [notice('a', '1.0.0', 'node_modules/a')],
    inlined: [{ path: 'node_modules/b', name: 'b', version: '2.0.0', host: 'a' }],
    tree,
    hasCode: (path) => path !== 'node_modules/types',
    notBundled: { 'cli-only': 'a command-line tool' }
  })

  it('passes when every bundled and inlined package is listed and the rest of the tree is accounted for', () => {
    const result = compareLicences(base())
    expect(result.problems).toEqual([])
    expect(result.unbundled.map((u) => [u.pkg.name, u.reason])).toEqual([
      ['types', 'TypeScript types only'],
      ['cli-only', 'a command-line tool']
    ])
  })

  it('names a bundled package missing from the notices, and a listed one that is not bundled', () => {
    const input = base()
    input.notices = input.notices.filter((n) => n.name !== 'b')
    input.notices.push({ name: 'gone', version: '1.0.0', license: 'MIT', text: 'x' })
    expect(compareLicences(input).problems).toEqual([
      'b@2.0.0 is in the bundle (node_modules/b, inside a) but not in dist/licenses.txt: run npm run bundle.',
      'gone@1.0.0 is in dist/licenses.txt but not in the bundle: run npm run bundle.'
    ])
  })

  it('names a bundled package from outside the dependency tree', () => {
    const input = base()
    input.bundled.push(notice('jest', '30.0.0', 'node_modules/jest'))
    input.notices.push({ name: 'jest', version: '30.0.0', license: 'MIT', text: 'x' })
    expect(compareLicences(input).problems).toEqual([
      expect.stringMatching(/^jest@30.0.0 .* not in its dependency tree/)
    ])
  })

  it('requires a licence and a licence text for each entry', () => {
    const input = base()
    input.notices[0] = { ...input.notices[0], license: '(none declared)', text: '' }
    expect(compareLicences(input).problems).toEqual([
      'a@1.0.0 has no licence in dist/licenses.txt: its package.json declares none.',
      'a@1.0.0 has no licence text in dist/licenses.txt: the package ships no LICENSE file.'
    ])
  })

  it('names a tree package with code that is neither bundled nor explained, and a stale explanation', () => {
    const input = base()
    input.notBundled = { gone: 'was a command-line tool' }
    expect(compareLicences(input).problems).toEqual([
      expect.stringMatching(
        /^cli-only@1.0.0 \(node_modules\/cli-only\) is in the dependency tree, but no file/
      ),
      'NOT_BUNDLED names gone, which is not an unbundled package of the tree: remove it.'
    ])
  })
})

describe('checkProject', () => {
  it('asks for a build when the module list is missing', () => {
    const root = mkdtempSync(join(tmpdir(), 'licences-'))
    try {
      expect(checkProject(root).problems).toEqual([
        '.tmp/bundle/stats.json is missing: run npm run bundle first (it records what the bundle holds).'
      ])
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})

describe('the committed dist/licenses.txt', () => {
  const entries = parseNotices(readFileSync('dist/licenses.txt', 'utf8'))
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as Lockfile
  const installed = new Set(
    Object.entries(lock.packages).map(
      ([path, entry]) => `${path.slice(path.lastIndexOf('node_modules/') + 13)}@${entry.version}`
    )
  )

  it('names the libraries the bundle is made of, not only the bundler', () => {
    const names = entries.map((e) => e.name)
    for (const name of [
      'vega',
      'vega-lite',
      'd3-scale',
      'luxon',
      'handlebars',
      'ajv',
      '@octokit/core',
      'undici',
      '@actions/core'
    ])
      expect(names).toContain(name)
    expect(entries.length).toBeGreaterThan(50)
  })

  it('gives each entry a licence and its text, at a version package-lock.json installs', () => {
    for (const entry of entries) {
      const id = `${entry.name}@${entry.version}`
      expect({
        id,
        installed: installed.has(id),
        license: entry.license !== '',
        text: entry.text.length > 20
      }).toEqual({
        id,
        installed: true,
        license: true,
        text: true
      })
    }
  })
})
