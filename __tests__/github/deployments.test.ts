import {
  deploymentsCheckpoint,
  isDeployRun,
  normalizeRun,
  noteDeploymentEnvironments,
  readDeploymentsCheckpoint,
  type WorkflowRun
} from '../../src/github/deployments.js'
import type { Deployment } from '../../src/model.js'

const run = (over: Partial<WorkflowRun> = {}): WorkflowRun => ({
  id: 7,
  head_sha: 'a'.repeat(40),
  head_branch: 'main',
  event: 'push',
  status: 'completed',
  conclusion: 'success',
  created_at: '2026-11-02T10:00:00Z',
  updated_at: '2026-11-02T10:05:00Z',
  ...over
})

describe('deploy workflow runs', () => {
  it('counts completed runs of the default branch, whatever event started them but a pull request', () => {
    expect(isDeployRun(run(), 'main')).toBe(true)
    expect(isDeployRun(run({ event: 'workflow_dispatch' }), 'main')).toBe(true)
    expect(isDeployRun(run({ head_branch: 'feature/x' }), 'main')).toBe(false)
    expect(isDeployRun(run({ event: 'pull_request' }), 'main')).toBe(false)
    expect(isDeployRun(run({ event: 'pull_request_target' }), 'main')).toBe(false)
    expect(isDeployRun(run({ status: 'in_progress', conclusion: null }), 'main')).toBe(false)
  })
  it('makes a deployment of the run: failure stays failure, skipped is none', () => {
    expect(normalizeRun(run({ conclusion: 'failure' }))).toMatchObject({
      source: 'workflow_run',
      id: '7',
      environment: null,
      status: 'failure',
      finishedAt: '2026-11-02T10:05:00Z'
    })
    expect(normalizeRun(run({ conclusion: 'skipped' }))).toBeNull()
  })
})

describe('the deployments checkpoint', () => {
  const walk = {
    v: 1,
    coverage: null,
    highWater: '2026-01-01T00:00:00Z',
    headId: null,
    pendingSince: null,
    pass: null
  }

  it('keeps the environments that have finished deployments, and resumes the walk', () => {
    const environments = new Set<string | null>(['prod'])
    const record = (environment: string | null, status: Deployment['status'], source = 'deployment') =>
      ({
        source,
        id: '1',
        environment,
        sha: null,
        status,
        createdAt: walk.highWater,
        finishedAt: null
      }) as Deployment
    noteDeploymentEnvironments(environments, [
      record('staging', 'failure'),
      record('preview', 'in_progress'),
      record(null, 'success'),
      record('release-env', 'success', 'release')
    ])
    const stored = deploymentsCheckpoint(walk, environments)
    expect(stored).toEqual({ ...walk, environments: [null, 'prod', 'staging'] })
    const read = readDeploymentsCheckpoint(JSON.parse(JSON.stringify(stored)))
    expect(read).toEqual({
      resume: stored,
      startOver: null,
      environments: new Set([null, 'prod', 'staging'])
    })
  })

  it('starts a one-environment checkpoint over once, keeping the environment it found deployments in', () => {
    const old = readDeploymentsCheckpoint({ ...walk, environment: 'production', hasData: true })
    expect(old.resume).toBeUndefined()
    expect(old.startOver).toMatch(/one environment only/)
    expect([...old.environments]).toEqual(['production'])
    expect([
      ...readDeploymentsCheckpoint({ ...walk, environment: 'production', hasData: false }).environments
    ]).toEqual([])
    expect(readDeploymentsCheckpoint(undefined)).toEqual({
      resume: undefined,
      startOver: null,
      environments: new Set()
    })
  })
})
