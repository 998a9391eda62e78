import { describe, expect, it } from '@jest/globals'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { parseWorkflowFile, type Plain } from '../../tools/docs/parse.js'

type Step = { name?: string; uses?: string; run?: string; if?: string; with?: Record<string, string> }
type Job = {
  needs?: string | string[]
  if?: string
  permissions?: Record<string, string>
  outputs?: Record<string, string>
  steps?: Step[]
}
type Workflow = { on: Record<string, Plain>; permissions?: Record<string, string>; jobs: Record<string, Job> }

const files = ['.github/workflows', 'examples'].flatMap((dir) =>
  readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => join(dir, name))
)

function load(path: string): Workflow {
  const parsed = parseWorkflowFile(path, readFileSync(path, 'utf8'))
  if (parsed.errors.length > 0) throw new Error(parsed.errors.join('\n'))
  return parsed.value as unknown as Workflow
}

const runs = (job: Job): string => (job.steps ?? []).map((step) => step.run ?? '').join('\n')

describe('workflows and examples', () => {
  it('include the release workflow and the example', () => {
    expect(files).toEqual(expect.arrayContaining(['.github/workflows/release.yml', 'examples/metrics.yml']))
  })

  it.each(files)("%s passes GitHub's workflow schema (@actions/workflow-parser)", (path) => {
    expect(parseWorkflowFile(path, readFileSync(path, 'utf8')).errors).toEqual([])
  })
})

describe('release.yml', () => {
  const release = load('.github/workflows/release.yml')
  const { verify, publish, npm } = release.jobs

  it('runs on version tags only, with a read-only token by default', () => {
    expect(Object.keys(release.on)).toEqual(['push'])
    const push = release.on.push as { tags?: string[]; branches?: string[] }
    expect(push.branches).toBeUndefined()
    expect(push.tags).toEqual(['v[0-9]+.[0-9]+.[0-9]+', 'v[0-9]+.[0-9]+.[0-9]+-*'])
    expect(release.permissions).toEqual({ contents: 'read' })
  })

  it('checks the tag against package.json, then tests, rebuilds dist/, checks licences and the package', () => {
    const all = runs(verify)
    const order = [
      'tools/release/notes.ts --tag "$GITHUB_REF_NAME"',
      'npm run lint',
      'npm test',
      'npm run check-dist',
      'npm run check-licenses',
      'npm run pack-smoke',
      'npm pack'
    ].map((command) => all.indexOf(command))
    expect(order.every((at) => at >= 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    expect(verify.permissions).toBeUndefined()
  })

  it('publishes the GitHub release with notes and the tarball only after the verification, with write access there', () => {
    expect([publish.needs].flat()).toEqual(['verify'])
    expect(publish.permissions).toEqual({ contents: 'write' })
    const all = runs(publish)
    expect(all).toContain('gh release create "$TAG" release/repo-metrics-report-*.tgz --verify-tag')
    expect(all).toContain('--notes-file release/release-notes.md --generate-notes')
  })

  it('moves the major tag to a final release, never to a pre-release', () => {
    const step = (publish.steps ?? []).find((s) => s.name === 'Move the major tag')
    expect(step?.if).toContain("needs.verify.outputs.prerelease != 'true'")
    expect(step?.run).toContain('git tag --force "$MAJOR"')
    expect(step?.run).toContain('git push --force origin "refs/tags/${MAJOR}"')
    expect(verify.outputs?.major).toBe('${{ steps.version.outputs.major }}')
  })

  it('publishes to npm only when the repository opts in', () => {
    expect(npm.if).toContain("vars.NPM_PUBLISH == 'true'")
    expect([npm.needs].flat()).toEqual(['verify', 'publish'])
    expect(npm.permissions).toEqual({ contents: 'read', 'id-token': 'write' })
  })
})

describe('check-dist.yml', () => {
  it('checks the licence notices after rebuilding dist/', () => {
    const all = Object.values(load('.github/workflows/check-dist.yml').jobs).map(runs).join('\n')
    expect(all.indexOf('npm run check-licenses')).toBeGreaterThan(all.indexOf('npm run check-dist'))
  })
})
