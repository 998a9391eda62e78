import { readFileSync } from 'node:fs'
import {
  validateDeploymentsPayload,
  validateIncidentsPayload,
  MAX_RECORDS,
  dispatchIngestKind
} from '../../src/ingest/index.js'

const sample = readFileSync(new URL('./fixtures/deployments-sample.json', import.meta.url), 'utf8')

const good = (over: Record<string, unknown> = {}) => ({
  id: 'd1',
  environment: 'production',
  sha: 'A'.repeat(40),
  status: 'success',
  startedAt: '2025-07-28T10:00:00Z',
  ...over
})

describe('validateDeploymentsPayload', () => {
  it('accepts the 3 good sample records and rejects the 3 bad ones with their reasons', () => {
    const result = validateDeploymentsPayload(sample)
    expect(result.fatal).toBeNull()
    expect(result.accepted.map((d) => d.id)).toEqual(['ci-101', 'ci-102', 'ci-103'])
    expect(result.rejected.map((r) => [r.index, r.id, r.field])).toEqual([
      [3, 'ci-104', 'sha'],
      [4, 'ci-105', 'status'],
      [5, 'ci-106', 'startedAt']
    ])
    expect(result.rejected[0].message).toBe(
      'deployments[3] (id "ci-104"): sha is missing (required: the 40-hex commit sha that was deployed)'
    )
    expect(result.rejected[1].message).toBe(
      'deployments[4] (id "ci-105"): status "exploded" is not one of success, failure, error, cancelled, in_progress'
    )
    expect(result.rejected[2].message).toMatch(
      /^deployments\[5\] \(id "ci-106"\): startedAt "yesterday" is not a valid ISO 8601 date-time/
    )
  })

  it('maps accepted records to model deployments', () => {
    const [first] = validateDeploymentsPayload(sample).accepted
    expect(first).toEqual({
      source: 'ingest',
      id: 'ci-101',
      provider: 'custom-ci',
      environment: 'production',
      sha: '434be3046da7e0157c8bf6bb7dfca001a9a3d976',
      status: 'success',
      createdAt: '2025-07-28T10:00:00Z',
      finishedAt: '2025-07-28T10:04:00Z'
    })
  })

  it('normalizes times to UTC, lowercases the sha, stringifies integer ids and defaults the provider', () => {
    const text = JSON.stringify({
      deployments: [
        good({
          id: 42,
          startedAt: '2025-07-28T12:30:00.250+02:00',
          finishedAt: null,
          url: 'https://ci.example/42'
        })
      ]
    })
    const { accepted, rejected } = validateDeploymentsPayload(text)
    expect(rejected).toEqual([])
    expect(accepted[0]).toMatchObject({
      id: '42',
      provider: 'ingest',
      sha: 'a'.repeat(40),
      createdAt: '2025-07-28T10:30:00Z',
      finishedAt: null,
      url: 'https://ci.example/42'
    })
  })

  it('takes null for an optional field as absent, and still checks a given one', () => {
    const text = JSON.stringify({
      deployments: [good({ source: null, url: null, finishedAt: null }), good({ id: 'd2', source: '' })]
    })
    const { accepted, rejected } = validateDeploymentsPayload(text)
    expect(accepted).toEqual([expect.objectContaining({ id: 'd1', provider: 'ingest', finishedAt: null })])
    expect(accepted[0]).not.toHaveProperty('url')
    expect(rejected.map((r) => r.message)).toEqual(['deployments[1] (id "d2"): source must not be empty'])
  })

  it('rejects dates without a time zone, impossible dates and finish before start', () => {
    const text = JSON.stringify({
      deployments: [
        good({ startedAt: '2025-07-28T10:00:00' }),
        good({ startedAt: '2025-02-30T10:00:00Z' }),
        good({ finishedAt: '2025-07-28T09:00:00Z' })
      ]
    })
    const { accepted, rejected } = validateDeploymentsPayload(text)
    expect(accepted).toEqual([])
    expect(rejected.map((r) => r.field)).toEqual(['startedAt', 'startedAt', 'finishedAt'])
    expect(rejected[2].message).toContain('finishedAt "2025-07-28T09:00:00Z" is before startedAt')
  })

  it('gives one rejection per record, naming the first field and listing the other problems', () => {
    const text = JSON.stringify({
      deployments: [{ environment: '', sha: 'xyz', status: 'ok', startedAt: 'soon' }, 7]
    })
    const { rejected } = validateDeploymentsPayload(text)
    expect(rejected).toHaveLength(2)
    expect(rejected[0]).toMatchObject({ index: 0, id: null, field: 'id' })
    expect(rejected[0].message).toMatch(/^deployments\[0\] \(no id\): id is missing/)
    expect(rejected[0].message).toContain('environment must not be empty')
    expect(rejected[0].message).toContain('sha "xyz" is not a 40-character hexadecimal commit sha')
    expect(rejected[1]).toMatchObject({ index: 1, field: '(record)' })
  })

  it('ignores unknown fields but reports them', () => {
    const { accepted, ignoredFields } = validateDeploymentsPayload(
      JSON.stringify({ deployments: [good({ finished_at: 'x' })] })
    )
    expect(accepted).toHaveLength(1)
    expect(accepted[0]).not.toHaveProperty('finished_at')
    expect(ignoredFields).toEqual(['deployments[0].finished_at'])
  })

  it('refuses the whole payload when it is not JSON, has the wrong shape or too many records', () => {
    expect(validateDeploymentsPayload('{ nope').fatal).toMatch(/not valid JSON/)
    expect(validateDeploymentsPayload('').fatal).toMatch(/empty/)
    expect(validateDeploymentsPayload('"text"').fatal).toMatch(/must be a JSON object/)
    expect(validateDeploymentsPayload('{"deploys": []}').fatal).toMatch(
      /no "deployments" array \(top-level keys: deploys\)/
    )
    expect(validateDeploymentsPayload('{"deployments": {}}').fatal).toMatch(/must be an array/)
    expect(validateDeploymentsPayload('{"incidents": []}').fatal).toMatch(/use mode ingest-incidents/)
    const many = JSON.stringify({
      deployments: Array.from({ length: MAX_RECORDS + 1 }, (_, i) => good({ id: `d${i}` }))
    })
    const result = validateDeploymentsPayload(many)
    expect(result.fatal).toMatch(/501 deployments; at most 500/)
    expect(result.accepted).toEqual([])
    expect(result.rejected).toEqual([])
    const exactly = JSON.stringify({
      deployments: Array.from({ length: MAX_RECORDS }, (_, i) => good({ id: `d${i}` }))
    })
    expect(validateDeploymentsPayload(exactly).accepted).toHaveLength(500)
  })

  it('accepts a bare array and the repository_dispatch client_payload shape', () => {
    expect(validateDeploymentsPayload(JSON.stringify([good()])).accepted).toHaveLength(1)
    const api = {
      event_type: 'deployments',
      client_payload: { deployments: [good(), good({ id: 'd2', status: 'bad' })] }
    }
    const viaApi = validateDeploymentsPayload(JSON.stringify(api))
    expect([viaApi.accepted.length, viaApi.rejected.length]).toEqual([1, 1])
    // the webhook event GitHub delivers for that API call
    const event = {
      action: 'deployments',
      branch: 'main',
      client_payload: api.client_payload,
      repository: {},
      sender: {}
    }
    expect(validateDeploymentsPayload(JSON.stringify(event)).accepted).toHaveLength(1)
    expect(dispatchIngestKind('repository_dispatch', event)).toBe('deployments')
    expect(dispatchIngestKind('repository_dispatch', { action: 'on-demand-test' })).toBeNull()
    expect(dispatchIngestKind('push', event)).toBeNull()
  })
})

describe('validateIncidentsPayload', () => {
  it('validates incidents and maps them to model incidents', () => {
    const text = JSON.stringify({
      incidents: [
        {
          id: 'inc-1',
          title: 'API down',
          status: 'resolved',
          createdAt: '2025-07-28T10:00:00Z',
          resolvedAt: '2025-07-28T11:00:00Z',
          deploymentId: 'ci-102',
          source: 'pager'
        },
        { id: 'inc-2', title: 'Slow pages', status: 'open', createdAt: '2025-07-29T10:00:00Z' },
        { id: 'inc-3', title: 'x', status: 'resolved', createdAt: '2025-07-28T10:00:00Z' },
        { id: 'inc-4', title: 'x', status: 'closed', createdAt: '2025-07-28T10:00:00Z' },
        {
          id: 'inc-5',
          title: 'x',
          status: 'open',
          createdAt: '2025-07-28T10:00:00Z',
          resolvedAt: '2025-07-28T12:00:00Z'
        }
      ]
    })
    const { accepted, rejected, fatal } = validateIncidentsPayload(text)
    expect(fatal).toBeNull()
    expect(accepted).toEqual([
      {
        source: 'ingest',
        id: 'inc-1',
        provider: 'pager',
        title: 'API down',
        status: 'resolved',
        createdAt: '2025-07-28T10:00:00Z',
        resolvedAt: '2025-07-28T11:00:00Z',
        deploymentId: 'ci-102'
      },
      {
        source: 'ingest',
        id: 'inc-2',
        provider: 'ingest',
        title: 'Slow pages',
        status: 'open',
        createdAt: '2025-07-29T10:00:00Z',
        resolvedAt: null
      }
    ])
    expect(rejected.map((r) => [r.id, r.field])).toEqual([
      ['inc-3', 'resolvedAt'],
      ['inc-4', 'status'],
      ['inc-5', 'resolvedAt']
    ])
    expect(rejected[1].message).toBe(
      'incidents[3] (id "inc-4"): status "closed" is not one of open, resolved'
    )
  })

  it('unwraps client_payload and refuses a deployments payload', () => {
    const event = {
      action: 'incidents',
      client_payload: {
        incidents: [{ id: 1, title: 't', status: 'open', createdAt: '2025-07-28T10:00:00Z' }]
      }
    }
    expect(validateIncidentsPayload(JSON.stringify(event)).accepted[0].id).toBe('1')
    expect(validateIncidentsPayload(sample).fatal).toMatch(/use mode ingest-deployments/)
  })
})
