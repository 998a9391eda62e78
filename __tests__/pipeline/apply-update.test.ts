import { applyUpdate } from '../../src/pipeline/apply-update.js'
import type { Deployment, History } from '../../src/model.js'

const deployment = (id: string, status: Deployment['status']): Deployment => ({
  source: 'ingest',
  provider: 'ci',
  id,
  environment: 'production',
  sha: 'a'.repeat(40),
  status,
  createdAt: '2025-07-01T00:00:00Z',
  finishedAt: null
})

const empty: History = {
  repository: 'o/r',
  defaultBranch: 'main',
  pulls: [],
  issues: [],
  commits: [],
  deployments: [deployment('1', 'success'), deployment('2', 'failure')],
  incidents: [],
  teams: null
}

describe('applyUpdate', () => {
  it('upserts by key: a record with a known key replaces the stored one, new keys are added', () => {
    const next = applyUpdate(empty, { deployments: [deployment('2', 'success'), deployment('3', 'error')] })
    expect(next.deployments.map((d) => `${d.id}:${d.status}`).sort()).toEqual([
      '1:success',
      '2:success',
      '3:error'
    ])
    expect(empty.deployments).toHaveLength(2)
  })
  it('removes by key and leaves untouched collections as they were', () => {
    const next = applyUpdate(empty, { remove: { deployments: ['ingest:ci:1'] } })
    expect(next.deployments.map((d) => d.id)).toEqual(['2'])
    expect(next.pulls).toBe(empty.pulls)
  })
  it('applies teams and the default branch when given', () => {
    const next = applyUpdate(empty, { teams: { core: ['a'] }, defaultBranch: 'trunk' })
    expect(next.teams).toEqual({ core: ['a'] })
    expect(next.defaultBranch).toBe('trunk')
  })
})
