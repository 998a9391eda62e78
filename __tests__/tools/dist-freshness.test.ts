import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import {
  distState,
  ensureFreshDist,
  recordDist,
  RECORD_FILE,
  sourcesHash
} from '../../tools/dist/freshness.js'

const BUNDLE = 'ncc build src/index.ts -o dist'

function lockFile(versions: { luxon?: string; jest?: string; ncc?: string } = {}): string {
  return JSON.stringify({
    name: 'x',
    lockfileVersion: 3,
    packages: {
      '': { name: 'x', dependencies: { luxon: '1' }, devDependencies: { jest: '1' } },
      'node_modules/luxon': { version: versions.luxon ?? '3.7.2', integrity: 'sha512-l' },
      'node_modules/jest': { version: versions.jest ?? '30.0.0', integrity: 'sha512-j', dev: true },
      'node_modules/@vercel/ncc': { version: versions.ncc ?? '0.45.0', integrity: 'sha512-n', dev: true }
    }
  })
}

function packageJson(scripts: Record<string, string> = {}, dependencies = { luxon: '3.7.2' }): string {
  return JSON.stringify({ name: 'x', type: 'module', scripts: { bundle: BUNDLE, ...scripts }, dependencies })
}

/** A small repository with sources, dependencies and a built dist/. */
function makeRepo(): string {
  const root = mkdtempSync(join(tmpdir(), 'rmr-dist-'))
  const files: Record<string, string> = {
    'src/index.ts': "import { run } from './main.js'\nrun()\n",
    'src/report/charts.ts': 'export const a = 1\n',
    'tsconfig.json': '{ "compilerOptions": { "strict": true } }\n',
    'package.json': packageJson(),
    'package-lock.json': lockFile(),
    'templates/report.md.hbs': '# {{repository}}\n',
    '__tests__/a.test.ts': 'it("x", () => {})\n',
    'dist/index.js': 'console.log("action and command")\n',
    'dist/licenses.txt': 'notices\n'
  }
  for (const [file, text] of Object.entries(files)) write(root, file, text)
  return root
}

function write(root: string, file: string, text: string): void {
  mkdirSync(dirname(join(root, file)), { recursive: true })
  writeFileSync(join(root, file), text)
}

let root: string
beforeEach(() => {
  root = makeRepo()
})
afterEach(() => {
  rmSync(root, { recursive: true, force: true })
})

describe('distState', () => {
  it('is stale when dist/ has no record, fresh once the record is written', () => {
    expect(distState(root)).toEqual({ fresh: false, reason: `${RECORD_FILE} is missing or unreadable` })
    recordDist(root)
    expect(distState(root)).toEqual({ fresh: true, reason: '' })
  })

  it('goes by content, not file times', () => {
    recordDist(root)
    const later = new Date(Date.now() + 3600_000)
    utimesSync(join(root, 'src/index.ts'), later, later)
    expect(distState(root).fresh).toBe(true)
    write(root, 'src/index.ts', "import { run } from './main.js'\nrun(1)\n")
    expect(distState(root)).toEqual({
      fresh: false,
      reason: 'src/, tsconfig.json or the dependencies changed since dist/ was built'
    })
    write(root, 'src/index.ts', "import { run } from './main.js'\nrun()\n")
    expect(distState(root).fresh).toBe(true)
  })

  it('sees a new or removed source file and a changed tsconfig.json', () => {
    recordDist(root)
    write(root, 'src/report/chart-axes.ts', 'export const b = 2\n')
    expect(distState(root).fresh).toBe(false)
    rmSync(join(root, 'src/report/chart-axes.ts'))
    expect(distState(root).fresh).toBe(true)
    rmSync(join(root, 'src/report/charts.ts'))
    expect(distState(root).fresh).toBe(false)
    write(root, 'src/report/charts.ts', 'export const a = 1\n')
    write(root, 'tsconfig.json', '{ "compilerOptions": { "strict": false } }\n')
    expect(distState(root).fresh).toBe(false)
  })

  it('hashes the same in another clone and with CRLF line endings', () => {
    const record = recordDist(root)
    const clone = makeRepo()
    try {
      expect(sourcesHash(clone)).toBe(record.sources)
      write(clone, 'src/index.ts', "import { run } from './main.js'\r\nrun()\r\n")
      expect(sourcesHash(clone)).toBe(record.sources)
    } finally {
      rmSync(clone, { recursive: true, force: true })
    }
  })

  it('ignores what the bundle does not contain: tests, templates, dev packages, other scripts', () => {
    recordDist(root)
    write(root, '__tests__/a.test.ts', 'it("y", () => {})\n')
    write(root, 'templates/report.md.hbs', '# changed\n')
    write(root, 'package-lock.json', lockFile({ jest: '30.1.0' }))
    write(root, 'package.json', packageJson({ test: 'jest --ci' }))
    expect(distState(root)).toEqual({ fresh: true, reason: '' })
  })

  it('sees production packages, the bundler, dependencies and the bundle script', () => {
    recordDist(root)
    const changes: Array<[string, string]> = [
      ['package-lock.json', lockFile({ luxon: '3.8.0' })],
      ['package-lock.json', lockFile({ ncc: '0.46.0' })],
      ['package.json', packageJson({}, { luxon: '3.8.0' })],
      ['package.json', packageJson({ bundle: `${BUNDLE} --minify` })]
    ]
    for (const [file, text] of changes) {
      const before = readFileSync(join(root, file), 'utf8')
      write(root, file, text)
      expect([file, distState(root).fresh]).toEqual([file, false])
      write(root, file, before)
    }
    expect(distState(root).fresh).toBe(true)
  })

  it('is stale when dist/ changed after the record or an entry point is missing', () => {
    recordDist(root)
    write(root, 'dist/index.js', 'console.log("old action")\n')
    expect(distState(root)).toEqual({
      fresh: false,
      reason: `dist/ was changed after ${RECORD_FILE} was written`
    })
    rmSync(join(root, 'dist/index.js'))
    expect(distState(root)).toEqual({ fresh: false, reason: 'dist/index.js missing' })
    expect(() => recordDist(root)).toThrow('dist/index.js missing. Run npm run bundle first.')
  })

  it('treats an unreadable record as missing', () => {
    write(root, RECORD_FILE, 'not json')
    expect(distState(root).reason).toBe(`${RECORD_FILE} is missing or unreadable`)
  })
})

describe('ensureFreshDist (run before the e2e tests)', () => {
  let lines: string[]
  const ensure = (): void => ensureFreshDist(root, { log: (line) => void lines.push(line) })
  beforeEach(() => {
    lines = []
  })

  it('rebuilds a stale dist/ with npm run bundle and records it', () => {
    write(root, 'build.cjs', "require('fs').writeFileSync('dist/index.js', 'console.log(\"rebuilt\")\\n')\n")
    write(root, 'package.json', packageJson({ bundle: 'node build.cjs' }))
    ensure()
    expect(readFileSync(join(root, 'dist/index.js'), 'utf8')).toBe('console.log("rebuilt")\n')
    expect(distState(root)).toEqual({ fresh: true, reason: '' })
    expect(lines).toEqual([
      `dist/ is stale (${RECORD_FILE} is missing or unreadable): rebuilding it with npm run bundle before the e2e tests.`
    ])
  })

  it('does nothing when dist/ is fresh', () => {
    write(root, 'package.json', packageJson({ bundle: 'exit 1' }))
    recordDist(root)
    expect(() => ensure()).not.toThrow()
    expect(lines).toEqual([])
  })

  it('fails loudly when the rebuild fails', () => {
    write(root, 'package.json', packageJson({ bundle: 'exit 3' }))
    expect(() => ensure()).toThrow(
      `dist/ is stale (${RECORD_FILE} is missing or unreadable) and npm run bundle failed (exit 3): ` +
        'fix the build, then run npm run bundle.'
    )
  })
})
