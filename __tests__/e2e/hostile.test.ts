/**
 * Issue 15 end to end: dist/index.js as the runner runs it, against the emulator. A payload nested
 * thousands of levels deep (inline, or in a repository_dispatch client_payload) ends with outputs,
 * the good records and the audit line stored; untrusted text (payload keys, ids, sources) in the log
 * never runs a workflow command.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runAction } from '../../tools/demo/action-runner.js'
import type { SeedRepository } from '../../tools/github-emulator/types.js'
import { runnerReads } from '../text/runner-model.js'
import { api, distExists, run, seedFor, startWith, TOKEN, type Emulator } from './helpers.js'

const maybe = distExists ? describe : describe.skip

const good = (id: string, source = 'e2e-ci') => ({
  id,
  source,
  environment: 'production',
  sha: 'a'.repeat(40),
  status: 'success',
  startedAt: '2024-03-01T10:00:00Z'
})
/** JSON text nested `n` levels deep, built as text (JSON.stringify would overflow on it). */
const deep = (n: number) => `${'['.repeat(n)}1${']'.repeat(n)}`

maybe('hostile payloads and text through dist/index.js', () => {
  let seed: SeedRepository
  let emulator: Emulator
  let repo: string

  beforeAll(async () => {
    seed = await seedFor('generated')
    emulator = await startWith(seed)
    repo = `${seed.owner}/${seed.name}`
  })
  afterAll(async () => {
    await emulator?.stop()
  })

  async function branchFiles(): Promise<string[]> {
    const ref = await api<{ object: { sha: string } }>(
      emulator.url,
      `/repos/${repo}/git/ref/heads/repo-metrics`
    )
    const commit = await api<{ tree: { sha: string } }>(
      emulator.url,
      `/repos/${repo}/git/commits/${ref.object.sha}`
    )
    const tree = await api<{ tree: Array<{ path: string }> }>(
      emulator.url,
      `/repos/${repo}/git/trees/${commit.tree.sha}?recursive=1`
    )
    return tree.tree.map((e) => e.path)
  }

  /** Commands the runner would execute, other than the ones the action itself writes. */
  function foreignCommands(stdout: string): string[] {
    const own = new Set(['warning', 'notice', 'debug', 'group', 'endgroup'])
    const { commands } = runnerReads(stdout)
    const masks = commands.filter((c) => c.name === 'add-mask')
    // the one mask is the token's (core.setSecret)
    expect(masks.map((c) => c.data)).toEqual([TOKEN])
    return commands.filter((c) => !own.has(c.name) && c.name !== 'add-mask').map((c) => c.line)
  }

  it('an inline payload nested 20,000 levels deep: outputs set, good records and audit stored', async () => {
    const records = [
      JSON.stringify(good('deep-1')),
      `{"id":"deep-bad","extra":${deep(20000)}}`,
      JSON.stringify(good('deep-2'))
    ]
    const result = await run(
      emulator,
      seed,
      'workflow_dispatch',
      {},
      {
        mode: 'ingest-deployments',
        deployments: `{"deployments":[${records.join(',')}]}`
      }
    )
    expect(result.stderr).not.toMatch(/Maximum call stack/)
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ accepted: '2', rejected: '1' })
    expect(JSON.parse(result.outputs.errors)[0].message).toMatch(/more than 32 levels deep/)
    expect((await branchFiles()).some((p) => p.startsWith('ingest/'))).toBe(true)
  })

  it('a repository_dispatch client_payload nested 20,000 levels deep is ingested the same way', async () => {
    // the event file as GitHub writes it; the action reads it parsed and hands client_payload on
    const clientPayload = `{"deployments":[${JSON.stringify(good('dispatch-1'))},${JSON.stringify(good('dispatch-2'))}],"note":${deep(20000)}}`
    const result = await runAction({
      apiUrl: emulator.url,
      serverUrl: emulator.url,
      repository: repo,
      eventName: 'repository_dispatch',
      payload: null,
      payloadText: `{"action":"deployments","client_payload":${clientPayload}}`,
      inputs: { until: seed.until },
      token: TOKEN,
      workDir: mkdtempSync(join(tmpdir(), 'rmr-e2e-'))
    })
    expect(result.stderr).not.toMatch(/Maximum call stack/)
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ accepted: '2', rejected: '0' })
  })

  it('payload keys, ids and sources that spell workflow commands are only shown', async () => {
    const hostile = [
      '\n::error title=pwned::injected',
      '\r::set-output name=x::1',
      '  ::add-mask::secret',
      'a ##[error]b'
    ]
    const refused = await run(
      emulator,
      seed,
      'workflow_dispatch',
      {},
      {
        mode: 'ingest-deployments',
        deployments: JSON.stringify(Object.fromEntries(hostile.map((h) => [h, 1])))
      }
    )
    expect(refused.exitCode).toBe(0)
    expect(foreignCommands(refused.stdout)).toEqual([])

    const records = hostile.map((h, i) => ({ ...good(`id${i}${h}`, `ci${h}`), [`field${h}`]: 1 }))
    const ingested = await run(
      emulator,
      seed,
      'workflow_dispatch',
      {},
      {
        mode: 'ingest-deployments',
        deployments: JSON.stringify({ deployments: [...records, { id: `bad${hostile[0]}`, status: 'x' }] })
      }
    )
    expect(ingested.outputs).toMatchObject({ accepted: String(hostile.length), rejected: '1' })
    expect(foreignCommands(ingested.stdout)).toEqual([])

    const pruned = await run(
      emulator,
      seed,
      'workflow_dispatch',
      {},
      {
        mode: 'prune-deployments',
        'prune-since': '2024-03-01',
        'prune-until': '2024-03-02'
      }
    )
    expect(pruned.exitCode).toBe(0)
    expect(Number(pruned.outputs.removed)).toBeGreaterThanOrEqual(hostile.length)
    expect(pruned.stdout).toContain('::error title=pwned::injected')
    expect(foreignCommands(pruned.stdout)).toEqual([])
  })
})
