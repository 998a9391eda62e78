import { readdirSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import { globsToMatcher } from 'jest-util'
// @ts-expect-error jest.config.js is plain JavaScript, without type declarations
import config from '../../jest.config.js'

interface Project {
  displayName: string
  testMatch: string[]
  globalSetup?: string
}

const root = resolve(process.cwd())
const { projects, testTimeout } = config as { projects: Project[]; testTimeout?: number }

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return testFiles(path)
    return entry.name.endsWith('.test.ts') ? [path] : []
  })
}

function projectsOf(file: string): string[] {
  return projects.filter((p) => globsToMatcher(p.testMatch)(file)).map((p) => p.displayName)
}

describe('the jest projects', () => {
  const files = testFiles(join(root, '__tests__'))
  const name = (file: string): string => relative(root, file).split(sep).join('/')

  it('are unit, slow and e2e', () => {
    expect(projects.map((p) => p.displayName)).toEqual(['unit', 'slow', 'e2e'])
  })

  it('put every test file in exactly one project', () => {
    const misplaced = files.map((f) => [name(f), projectsOf(f)]).filter(([, ps]) => ps.length !== 1)
    expect(misplaced).toEqual([])
  })

  it('run the bundle only in e2e, and the emulator, dataset, pack and bench suites only in slow', () => {
    for (const file of files) {
      const path = name(file)
      const expected = path.startsWith('__tests__/e2e/')
        ? 'e2e'
        : /^__tests__\/(emulator|emulator-git)\/|emulator\.test\.ts$|datasets\.test\.ts$|bench\.test\.ts$|bitcoin-core-gui\.test\.ts$|release\/pack\.test\.ts$/.test(
              path
            )
          ? 'slow'
          : 'unit'
      expect([path, projectsOf(file)]).toEqual([path, [expected]])
    }
  })

  it('keep the 60 s test timeout where Jest reads it (the top level, not a project)', () => {
    expect(testTimeout).toBe(60000)
    expect(projects.filter((p) => 'testTimeout' in p)).toEqual([])
  })

  it('rebuild a stale dist/ before e2e only (a unit run never bundles)', () => {
    const setup = Object.fromEntries(projects.map((p) => [p.displayName, p.globalSetup]))
    expect(setup).toEqual({
      unit: undefined,
      slow: undefined,
      e2e: '<rootDir>/__tests__/e2e/setup/global-setup.js'
    })
  })
})
