import { isDeployRun, normalizeRun, type WorkflowRun } from '../../src/github/deployments.js'

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
