/**
 * End-to-end helpers: the bundled dist/index.js run as the Actions runner runs it, against the
 * emulator over loopback, with github.com's limits (the emulator's `github` profile) unless a test
 * asks for `lenient`.
 */
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { runAction, type ActionRun } from '../../tools/demo/action-runner.js'
import type { SeedRepository } from '../../tools/github-emulator/types.js'

export const DATASETS = resolve(process.cwd(), '..', 'shared', 'datasets')
export const ESNI = join(DATASETS, 'ietf-tls-esni')
export const hasDatasets = existsSync(join(ESNI, 'archive.json'))
export const TOKEN = 'e2e-token-value-7f3a'

export interface Emulator {
  url: string
  stop(): Promise<void>
  setFaults?(faults: string[]): void
}

export async function seedFor(kind: 'esni' | 'generated'): Promise<SeedRepository> {
  if (kind === 'esni') {
    const { loadDataset } = await import('../../tools/github-emulator/dataset.js')
    return loadDataset(ESNI)
  }
  const { generateRepository } = await import('../../tools/github-emulator/generate.js')
  return generateRepository({ prs: 150, seed: 7 })
}

export async function startWith(
  seed: SeedRepository,
  faults: string[] = [],
  profile: 'github' | 'lenient' = 'github'
): Promise<Emulator> {
  const { startEmulator } = await import('../../tools/github-emulator/server.js')
  return startEmulator({ seed, port: 0, faults, profile })
}

export interface Stats {
  requests: { total: number; graphql: number; rest: number }
  graphqlCost: number
}

export async function stats(url: string): Promise<Stats> {
  return (await (await fetch(`${url}/_emulator/stats`)).json()) as Stats
}

export async function resetStats(url: string): Promise<void> {
  await fetch(`${url}/_emulator/stats/reset`, { method: 'POST' })
}

export async function api<T>(url: string, path: string): Promise<T> {
  const response = await fetch(`${url}${path}`, { headers: { authorization: `token ${TOKEN}` } })
  if (!response.ok) throw new Error(`GET ${path} → ${response.status}`)
  return (await response.json()) as T
}

export function run(
  emulator: Emulator,
  seed: SeedRepository,
  eventName: string,
  payload: unknown,
  inputs: Record<string, string>
): Promise<ActionRun> {
  return runAction({
    apiUrl: emulator.url,
    serverUrl: emulator.url,
    repository: `${seed.owner}/${seed.name}`,
    eventName,
    payload,
    inputs: { until: seed.until, ...inputs },
    token: TOKEN,
    workDir: mkdtempSync(join(tmpdir(), 'rmr-e2e-'))
  })
}

export const distExists = existsSync(resolve('dist/index.js'))
