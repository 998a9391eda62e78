/**
 * `npm run emulator -- --dataset DIR [--dataset DIR…] [--org LOGIN] | --generate prs=N,seed=S |
 * --generate-org repos=N,prs=M,seed=S [--port N] [--faults LIST]`
 * Prints `listening on http://127.0.0.1:PORT` and serves until interrupted.
 */
import { readFileSync } from 'node:fs'
import type { CredentialSpec } from './credentials.js'
import { loadDataset } from './dataset.js'
import { parseFaults } from './faults.js'
import { generateOrganization, intoOrganization, parseGenerateOrgSpec } from './generate-org.js'
import { startEmulator } from './server.js'
import type { SeedRepository } from './types.js'

const USAGE =
  'usage: npm run emulator -- (--dataset DIR [--dataset DIR…] [--org LOGIN] | --generate prs=N[,seed=S] | --generate-org repos=N,prs=M[,seed=S] [--org LOGIN]) [--port N] [--rate-limit N] [--profile lenient|github] [--credentials FILE.json] [--faults secondary-rate-limit,server-error,ref-race,read-only-token,timeout[@OWNER/NAME]]'

export interface CliOptions {
  /** The first `--dataset`. */
  dataset?: string
  /** Every `--dataset`, in order (only when given more than once). */
  datasets?: string[]
  generate?: { prs: number; seed: number; prsPerWorkingDay?: number }
  /** `--generate-org`: an organization of `repos` generated repositories, `prs` pull requests in all. */
  generateOrg?: { repos: number; prs: number; seed: number; prsPerWorkingDay?: number }
  /** `--org LOGIN`: the organization the datasets (or the generated repositories) belong to. */
  org?: string
  /** `--credentials FILE`: a JSON object of tokens and their CredentialSpec (credentials.ts). */
  credentials?: string
  port: number
  faults: string[]
  /** Requests (REST) and points (GraphQL) an hour; GitHub's 5,000 by default. */
  rateLimit?: number
  /** `lenient` (default) or `github` (github.com's limits, see profile.ts). */
  profile?: 'lenient' | 'github'
}

export function parseCliArgs(argv: string[]): CliOptions {
  const out: CliOptions = { port: 0, faults: [] }
  const datasets: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2)
    const value = () => {
      const v = inline ?? argv[++i]
      if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value\n${USAGE}`)
      return v
    }
    if (flag === '--dataset') datasets.push(value())
    else if (flag === '--org') {
      const login = value()
      if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(login))
        throw new Error(
          `--org takes an organization login (letters, digits, hyphens), got "${login}"\n${USAGE}`
        )
      out.org = login
    } else if (flag === '--credentials') out.credentials = value()
    else if (flag === '--generate-org') {
      const spec = parseGenerateOrgSpec(value())
      out.generateOrg = {
        repos: spec.repos,
        prs: spec.prs,
        seed: spec.seed,
        ...(spec.perDay ? { prsPerWorkingDay: spec.perDay } : {})
      }
    } else if (flag === '--port') {
      const port = Number(value())
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new Error(`--port must be 0..65535 (0: any free port)\n${USAGE}`)
      out.port = port
    } else if (flag === '--rate-limit') {
      const limit = Number(value())
      if (!Number.isInteger(limit) || limit < 1)
        throw new Error(`--rate-limit takes a positive whole number\n${USAGE}`)
      out.rateLimit = limit
    } else if (flag === '--profile') {
      const name = value()
      if (name !== 'lenient' && name !== 'github')
        throw new Error(`--profile takes lenient or github (got "${name}")\n${USAGE}`)
      out.profile = name
    } else if (flag === '--faults') {
      out.faults = value()
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean)
      parseFaults(out.faults)
    } else if (flag === '--generate') {
      const spec: Record<string, number> = {}
      for (const part of value().split(',')) {
        const [k, v] = part.split('=')
        if (!['prs', 'seed', 'perDay'].includes(k) || !/^\d+$/.test(v ?? ''))
          throw new Error(
            `--generate takes prs=N,seed=S[,perDay=D] with whole numbers (got "${part}")\n${USAGE}`
          )
        spec[k] = Number(v)
      }
      if (!spec.prs) throw new Error(`--generate needs prs=N with N ≥ 1\n${USAGE}`)
      out.generate = { prs: spec.prs, seed: spec.seed ?? 1, prsPerWorkingDay: spec.perDay || undefined }
    } else if (flag === '--help' || flag === '-h') throw new Error(USAGE)
    else throw new Error(`unknown argument "${argv[i]}"\n${USAGE}`)
  }
  if (datasets.length) out.dataset = datasets[0]
  if (datasets.length > 1) out.datasets = datasets
  if ([datasets.length > 0, out.generate, out.generateOrg].filter(Boolean).length !== 1)
    throw new Error(
      `give exactly one of --dataset DIR or --generate prs=N,seed=S (or --generate-org repos=N,prs=M,seed=S; --dataset may be repeated)\n${USAGE}`
    )
  if (out.org && out.generate) throw new Error(`--org goes with --dataset or --generate-org\n${USAGE}`)
  return out
}

export async function loadSeed(options: CliOptions): Promise<SeedRepository> {
  return (await loadSeeds(options))[0]
}

/** Every repository the options name: the datasets (into `--org`), or the generated ones. */
export async function loadSeeds(options: CliOptions): Promise<SeedRepository[]> {
  if (options.generateOrg) return generateOrganization({ ...options.generateOrg, owner: options.org })
  const dirs = options.datasets ?? (options.dataset ? [options.dataset] : [])
  if (dirs.length) return intoOrganization(dirs.map(loadDataset), options.org)
  const { generateRepository } = (await import('./generate.js')) as {
    generateRepository: (o: { prs: number; seed: number; prsPerWorkingDay?: number }) => SeedRepository
  }
  return [generateRepository(options.generate!)]
}

/** `--credentials FILE`: `{ "TOKEN": { "kind": "app", "installation": 7, "repositories": [...] }, ... }`. */
export function readCredentials(file: string): Record<string, CredentialSpec> {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error(`--credentials ${file}: expected a JSON object of tokens`)
  for (const spec of Object.values(parsed as Record<string, { kind?: unknown }>))
    if (!spec || !['actions', 'pat', 'app'].includes(String(spec.kind)))
      throw new Error(`--credentials ${file}: the entry for a token has no kind (actions, pat or app)`)
  return parsed as Record<string, CredentialSpec>
}

async function main(): Promise<void> {
  let options: CliOptions
  try {
    options = parseCliArgs(process.argv.slice(2))
  } catch (error) {
    console.error((error as Error).message)
    process.exit(2)
  }
  const [seed, ...seeds] = await loadSeeds(options)
  const emulator = await startEmulator({
    seed,
    seeds,
    credentials: options.credentials ? readCredentials(options.credentials) : undefined,
    port: options.port,
    faults: options.faults,
    rateLimit: options.rateLimit,
    profile: options.profile
  })
  console.log(`listening on ${emulator.url}`)
  if (emulator.states.length > 1)
    console.error(
      `emulator: ${emulator.states.length} repositories: ${emulator.states.map((s) => `${s.owner}/${s.name} (${s.pulls.length} pull requests)`).join(', ')}`
    )
  if (options.profile === 'github') console.error('emulator: github profile (github.com limits)')
  const shutdown = () => {
    emulator.stop().finally(() => process.exit(0))
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
}

const entry = process.argv[1] ?? ''
if (/github-emulator[\\/]cli\.(ts|js)$/.test(entry)) {
  main().catch((error: Error) => {
    console.error(`emulator: ${error.message}`)
    process.exit(1)
  })
}
