import { describe, expect, it } from '@jest/globals'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { parseSettings } from '../src/settings.js'
import { parseActionFile, parseWorkflowFile, type Plain } from '../tools/docs/parse.js'

type Step = { uses?: string; run?: string; with?: Record<string, string>; id?: string }
type Job = { uses?: string; steps?: Step[]; needs?: string | string[]; permissions?: Plain }
type Workflow = {
  on: Record<string, Plain>
  permissions?: Record<string, string>
  concurrency?: { group?: string; 'cancel-in-progress'?: boolean }
  jobs: Record<string, Job>
}

const WORKFLOW_DIRS = ['.github/workflows', 'examples']
const files = WORKFLOW_DIRS.flatMap((dir) =>
  readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => join(dir, name))
)

function load(path: string): Workflow {
  const parsed = parseWorkflowFile(path, readFileSync(path, 'utf8'))
  if (parsed.errors.length > 0) throw new Error(parsed.errors.join('\n'))
  return parsed.value as unknown as Workflow
}

const actionInputs = Object.keys(
  (
    parseActionFile('action.yml', readFileSync('action.yml', 'utf8')).value as {
      inputs: Record<string, Plain>
    }
  ).inputs
)

const allSteps = (workflow: Workflow): Step[] =>
  Object.values(workflow.jobs).flatMap((job) => job.steps ?? [])
const runs = (job: Job): string => (job.steps ?? []).map((step) => step.run ?? '').join('\n')

describe('every workflow file', () => {
  it('finds the workflows', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        '.github/workflows/ci.yml',
        '.github/workflows/check-dist.yml',
        'examples/metrics.yml'
      ])
    )
  })

  it.each(files)("%s passes GitHub's workflow schema", (path) => {
    expect(parseWorkflowFile(path, readFileSync(path, 'utf8')).errors).toEqual([])
  })

  it('the validator does reject a broken workflow', () => {
    const broken = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - bogus: 1\n'
    expect(parseWorkflowFile('broken.yml', broken).errors.length).toBeGreaterThan(0)
  })
})

describe('ci.yml', () => {
  const ci = load('.github/workflows/ci.yml')

  it('runs on pushes and pull requests with a read-only token', () => {
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(['push', 'pull_request']))
    expect(ci.permissions).toEqual({ contents: 'read' })
  })

  it('lints, tests and checks the docs', () => {
    const all = Object.values(ci.jobs).map(runs).join('\n')
    expect(all).toContain('npm run lint')
    expect(all).toContain('npm test')
    expect(all).toContain('npm run check-docs')
  })

  it('checks dist/ through check-dist.yml', () => {
    expect(ci.jobs.dist.uses).toBe('./.github/workflows/check-dist.yml')
  })

  it('runs the action itself with uses: ./ in dry-run, after dist/ is checked', () => {
    const step = (ci.jobs.action.steps ?? []).find((s) => s.uses === './')
    expect(step).toBeDefined()
    expect(step!.with?.['dry-run']).toBe('true')
    expect(step!.with?.mode).toBe('report')
    expect([ci.jobs.action.needs].flat()).toEqual(['dist'])
  })
})

describe('check-dist.yml', () => {
  const workflow = load('.github/workflows/check-dist.yml')

  it('can be called from CI and runs npm run check-dist', () => {
    expect(Object.keys(workflow.on)).toContain('workflow_call')
    expect(Object.values(workflow.jobs).map(runs).join('\n')).toContain('npm run check-dist')
  })
})

describe('examples/metrics.yml', () => {
  const example = load('examples/metrics.yml')

  it('runs on a schedule, by hand and on pull-request and review events', () => {
    expect(Object.keys(example.on).sort()).toEqual(
      ['pull_request', 'pull_request_review', 'schedule', 'workflow_dispatch'].sort()
    )
  })

  it('asks for exactly the permissions the action needs', () => {
    expect(example.permissions).toEqual({
      contents: 'write',
      issues: 'write',
      'pull-requests': 'read',
      actions: 'read',
      deployments: 'read'
    })
  })

  it('serializes runs without cancelling one in progress', () => {
    expect(example.concurrency?.group).toBeTruthy()
    expect(example.concurrency?.['cancel-in-progress']).toBe(false)
  })

  it('passes inputs the action accepts', () => {
    const step = allSteps(example).find((s) => s.uses?.includes('repo-metrics-report'))
    expect(step?.with).toBeDefined()
    const given = step!.with!
    const literal = Object.fromEntries(
      Object.entries(given).map(([name, value]) => [name, value.includes('${{') ? '' : value])
    )
    literal.token = 'ghs_example'
    const result = parseSettings((name) => literal[name] ?? '', { GITHUB_REPOSITORY: 'octo-org/octo-repo' })
    expect(result.ok ? [] : result.problems.map((p) => p.message)).toEqual([])
  })
})

describe('uses of this action', () => {
  it.each(files)('%s passes only inputs declared in action.yml', (path) => {
    const steps = allSteps(load(path)).filter(
      (s) => s.uses === './' || s.uses?.includes('repo-metrics-report@')
    )
    for (const step of steps) {
      for (const name of Object.keys(step.with ?? {}))
        expect({ name, declared: actionInputs.includes(name) }).toEqual({ name, declared: true })
    }
  })
})
