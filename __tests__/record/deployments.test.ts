import type { DeploymentStatusCreatedEvent, WorkflowRunCompletedEvent } from '@octokit/webhooks-types'
import { memoryLogger } from '../../src/log.js'
import type { Deployment } from '../../src/model.js'
import { recordEvent } from '../../src/record/index.js'
import { isDeployWorkflow } from '../../src/record/deployments.js'
import { memoryStore, type MemoryStore } from '../ingest/memory-store.js'
import { example, storedReads } from './examples.js'

const run = (
  store: MemoryStore,
  eventName: string,
  payload: unknown,
  deployWorkflow: string | null = null,
  deploymentEnvironment = 'production'
) =>
  recordEvent({
    store,
    eventName,
    payload,
    deployWorkflow,
    deploymentEnvironment,
    log: memoryLogger(),
    // the examples' events are from May 2019
    now: () => new Date('2019-05-20T00:00:00Z')
  })

const deployments = (store: MemoryStore) => store.history().deployments

const productionStatus = (state: string, at: string) => {
  const payload = example('deployment_status', 'created', (p) => p.deployment.environment === 'production')
  payload.deployment_status.state = state as DeploymentStatusCreatedEvent['deployment_status']['state']
  payload.deployment_status.created_at = at
  payload.deployment_status.updated_at = at
  return payload
}

describe('record: deployment_status', () => {
  it('records a production deployment with its final status', async () => {
    const store = memoryStore()
    const result = await run(
      store,
      'deployment_status',
      example('deployment_status', 'created', (p) => p.deployment.environment === 'production')
    )
    expect(result).toEqual({
      folded: 'deployment 145988746 to production: success at 2019-05-15T15:20:55Z',
      committed: true
    })
    expect(store.calls).toEqual([...storedReads('deployments', '2019-05'), `save Record ${result.folded}`])
    expect(deployments(store)).toEqual([
      {
        source: 'deployment',
        id: '145988746',
        environment: 'production',
        sha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
        status: 'success',
        createdAt: '2019-05-15T15:20:53Z',
        finishedAt: '2019-05-15T15:20:55Z'
      }
    ])
    expect(
      (await run(store, 'deployment_status', productionStatus('success', '2019-05-15T15:20:55Z'))).committed
    ).toBe(false)
  })

  it('skips deployments to other environments', async () => {
    const store = memoryStore()
    const result = await run(
      store,
      'deployment_status',
      example('deployment_status', 'created', (p) => p.deployment.environment === 'github-pages')
    )
    expect(result.skipped).toBe(
      'deployment 145988746 is to "github-pages", not to "production" (deployment-environment)'
    )
    expect(store.calls).toEqual([])
  })

  it("takes production as deployment-environment names it, in any case, and stores GitHub's name", async () => {
    const store = memoryStore()
    const payload = productionStatus('success', '2019-05-15T15:20:55Z')
    payload.deployment.environment = 'Prod'
    const result = await run(store, 'deployment_status', payload, null, 'prod')
    expect(result.folded).toBe('deployment 145988746 to Prod: success at 2019-05-15T15:20:55Z')
    expect(deployments(store)[0].environment).toBe('Prod')
    expect((await run(store, 'deployment_status', payload, null, 'production')).skipped).toBe(
      'deployment 145988746 is to "Prod", not to "production" (deployment-environment)'
    )
  })

  it('records runs and releases whatever deployment-environment says: they have no environment', async () => {
    const store = memoryStore()
    const runPayload = example('workflow_run', 'completed', (p) => p.workflow_run.conclusion === 'success')
    expect((await run(store, 'workflow_run', runPayload, 'test.yml', 'staging')).committed).toBe(true)
    expect((await run(store, 'release', example('release', 'published'), null, 'staging')).committed).toBe(
      true
    )
    const stored = deployments(store).map((d) => [d.source, d.environment])
    expect(stored.sort()).toEqual([
      ['release', null],
      ['workflow_run', null]
    ])
  })

  it('moves from in progress to a final status, and a late in-progress status does not undo it', async () => {
    const store = memoryStore()
    await run(store, 'deployment_status', productionStatus('queued', '2019-05-15T15:20:54Z'))
    expect(deployments(store)[0]).toMatchObject({ status: 'in_progress', finishedAt: null })
    await run(store, 'deployment_status', productionStatus('failure', '2019-05-15T15:21:30Z'))
    expect(deployments(store)[0]).toMatchObject({ status: 'failure', finishedAt: '2019-05-15T15:21:30Z' })
    const late = await run(
      store,
      'deployment_status',
      productionStatus('in_progress', '2019-05-15T15:21:00Z')
    )
    expect(late.committed).toBe(false)
    expect(deployments(store)[0]).toMatchObject({ status: 'failure', finishedAt: '2019-05-15T15:21:30Z' })
  })

  it('keeps the outcome when GitHub marks a superseded deployment inactive', async () => {
    const store = memoryStore()
    await run(store, 'deployment_status', productionStatus('success', '2019-05-15T15:20:55Z'))
    const result = await run(store, 'deployment_status', productionStatus('inactive', '2019-05-20T10:00:00Z'))
    expect(result.skipped).toMatch(/inactive \(superseded\)/)
    expect(deployments(store)[0].status).toBe('success')
  })
})

describe('record: workflow_run', () => {
  const completed = () => example('workflow_run', 'completed', (p) => p.workflow_run.conclusion === 'success')

  it('records a completed run of the deploy workflow, matched by path or file name', async () => {
    for (const configured of ['test.yml', '.github/workflows/test.yml']) {
      const store = memoryStore()
      const result = await run(store, 'workflow_run', completed(), configured)
      expect(result.folded).toBe(`workflow run 289782451 (${configured}): success`)
      expect(deployments(store)).toEqual([
        {
          source: 'workflow_run',
          id: '289782451',
          environment: null,
          sha: '3484a3fb816e0859fd6e1cea078d76385ff50625',
          status: 'success',
          createdAt: '2020-10-05T16:33:24Z',
          finishedAt: '2020-10-05T16:33:49Z',
          url: 'https://github.com/octo-org/octo-repo/actions/runs/289782451'
        }
      ])
    }
  })

  it('matches the workflow as the sync names it: display name in any case, file name or numeric id', () => {
    const run = { name: 'Deploy to prod', path: '.github/workflows/deploy.yml', workflow_id: 42 }
    for (const yes of [
      'Deploy to prod',
      'deploy to PROD',
      'deploy.yml',
      '.github/workflows/deploy.yml',
      '42'
    ]) {
      expect(isDeployWorkflow(run, undefined, yes)).toBe(true)
    }
    for (const no of ['deploy', 'Deploy', 'other.yml', '43', ''])
      expect(isDeployWorkflow(run, undefined, no)).toBe(false)
  })

  it('skips runs for pull requests and for branches other than the default one, as the sync does', async () => {
    const store = memoryStore()
    const onBranch = completed() as WorkflowRunCompletedEvent
    onBranch.workflow_run.head_branch = 'feature/x'
    expect((await run(store, 'workflow_run', onBranch, 'test.yml')).skipped).toMatch(/not the default branch/)
    const forPull = completed() as WorkflowRunCompletedEvent
    forPull.workflow_run.event = 'pull_request'
    expect((await run(store, 'workflow_run', forPull, 'test.yml')).skipped).toMatch(/for a pull request/)
    expect(store.commits).toBe(0)
  })

  it('matches the workflow by name and maps failing conclusions', async () => {
    const store = memoryStore()
    const payload = completed() as WorkflowRunCompletedEvent
    payload.workflow_run.name = 'Deploy'
    payload.workflow_run.conclusion = 'timed_out'
    await run(store, 'workflow_run', payload, 'Deploy')
    expect(deployments(store)[0].status).toBe('failure')
  })

  it('skips other workflows, unconfigured deploy workflows, runs without an outcome and other actions', async () => {
    const store = memoryStore()
    expect((await run(store, 'workflow_run', completed(), 'deploy.yml')).skipped).toMatch(
      /is not the deploy workflow "deploy.yml"/
    )
    expect((await run(store, 'workflow_run', completed(), null)).skipped).toMatch(
      /no deploy workflow is configured/
    )
    const noConclusion = example('workflow_run', 'completed', (p) => p.workflow_run.conclusion === null)
    expect((await run(store, 'workflow_run', noConclusion, 'Manually triggered workflow')).skipped).toMatch(
      /concluded "null"/
    )
    expect(
      (await run(store, 'workflow_run', example('workflow_run', 'requested'), 'test.yml')).skipped
    ).toMatch(/only completed/)
    expect(store.calls).toEqual([])
  })
})

describe('record: release', () => {
  it('records a published release as a deployment with the release id', async () => {
    const store = memoryStore()
    const result = await run(store, 'release', example('release', 'published'))
    expect(result.folded).toBe('release 0.0.1 published at 2019-05-15T15:20:53Z')
    expect(deployments(store)).toEqual([
      {
        source: 'release',
        id: '17372790',
        environment: null,
        sha: null,
        status: 'success',
        createdAt: '2019-05-15T15:20:53Z',
        finishedAt: '2019-05-15T15:20:53Z',
        url: 'https://github.com/Codertocat/Hello-World/releases/tag/0.0.1'
      }
    ])
  })

  it('keeps the tag commit and environment the sync stored', async () => {
    const synced: Deployment = {
      source: 'release',
      id: '17372790',
      environment: 'production',
      sha: 'c4295bd74fb0f4fda03689c3df3f2803b658fd85',
      status: 'success',
      createdAt: '2019-05-15T15:20:53Z',
      finishedAt: '2019-05-15T15:20:53Z',
      url: 'https://github.com/Codertocat/Hello-World/releases/tag/0.0.1'
    }
    const store = memoryStore({ deployments: [synced] })
    const result = await run(store, 'release', example('release', 'published'))
    expect(result.committed).toBe(false)
    expect(deployments(store)).toEqual([synced])
  })

  it('skips pre-releases and drafts like the sync does, and other actions', async () => {
    const store = memoryStore()
    expect((await run(store, 'release', example('release', 'published'))).committed).toBe(true)
    const pre = example('release', 'published')
    pre.release.id += 1
    pre.release.prerelease = true
    expect((await run(store, 'release', pre)).skipped).toMatch(/is a prerelease/)
    const draft = example('release', 'published')
    draft.release.draft = true
    expect((await run(store, 'release', draft)).skipped).toMatch(/is a draft/)
    expect((await run(store, 'release', example('release', 'created'))).skipped).toMatch(/only published/)
    expect(store.commits).toBe(1)
  })
})
