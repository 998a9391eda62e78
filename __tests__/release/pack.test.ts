/**
 * The npm package as a new user installs it (tools/release/pack-smoke.ts): packed, installed from the
 * tarball into an empty folder without the registry, `npx repo-metrics --help`, and a report against
 * the emulator into a local folder. Runs the committed dist/.
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import {
  FORBIDDEN_PREFIXES,
  REQUIRED_FILES,
  packSmoke,
  writeRoutes,
  type SmokeResult
} from '../../tools/release/pack-smoke.js'

const maybe = existsSync('dist/index.js') ? describe : describe.skip

maybe('the packed npm package', () => {
  let result: SmokeResult
  beforeAll(async () => {
    result = await packSmoke(resolve('.'))
  }, 180_000)

  it('holds the bundle, the bin, the templates and the notices, and no sources', () => {
    expect(result.files).toEqual(expect.arrayContaining(REQUIRED_FILES))
    expect(result.files.filter((f) => FORBIDDEN_PREFIXES.some((p) => f.startsWith(p)))).toEqual([])
  })

  it('declares no runtime dependencies: everything it runs is in dist/', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies?: object }
    expect(pkg.dependencies ?? {}).toEqual({})
  })

  it('prints the usage with npx repo-metrics --help', () => {
    expect(result.help).toContain('Usage:')
    expect(result.help).toContain('repo-metrics report --repo OWNER/NAME')
  })

  it('writes a report into the local folder', () => {
    expect(result.report).toMatch(/^reports[\\/][^\\/]+[\\/]README\.md$/)
  })

  it('reads the repository without writing to it: no write request, no data branch', () => {
    expect(Object.keys(result.routes).length).toBeGreaterThan(0)
    expect(writeRoutes(result.routes)).toEqual([])
    expect(result.dataBranchStatus).toBe(404)
  })
})

describe('writeRoutes', () => {
  it('counts REST writes, not reads or GraphQL queries', () => {
    expect(
      writeRoutes({
        'GET /repos/{owner}/{repo}/pulls': 2,
        'POST /graphql': 4,
        'POST /repos/{owner}/{repo}/issues': 1,
        'PATCH /repos/{owner}/{repo}/git/refs/{ref}': 1
      })
    ).toEqual(['POST /repos/{owner}/{repo}/issues', 'PATCH /repos/{owner}/{repo}/git/refs/{ref}'])
  })
})
