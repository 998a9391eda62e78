/**
 * `npm run emulator -- --dataset DIR | --generate prs=N,seed=S [--port N] [--faults LIST]`
 * Prints `listening on http://127.0.0.1:PORT` and serves until interrupted.
 */
import { loadDataset } from './dataset.js'
import { parseFaults } from './faults.js'
import { startEmulator } from './server.js'
import type { SeedRepository } from './types.js'

const USAGE =
  'usage: npm run emulator -- (--dataset DIR | --generate prs=N[,seed=S]) [--port N] [--rate-limit N] [--profile lenient|github] [--faults secondary-rate-limit,server-error,ref-race,read-only-token,timeout]'

export interface CliOptions {
  dataset?: string
  generate?: { prs: number; seed: number; prsPerWorkingDay?: number }
  port: number
  faults: string[]
  /** Requests (REST) and points (GraphQL) an hour; GitHub's 5,000 by default. */
  rateLimit?: number
  /** `lenient` (default) or `github` (github.com's limits, see profile.ts). */
  profile?: 'lenient' | 'github'
}

export function parseCliArgs(argv: string[]): CliOptions {
  const out: CliOptions = { port: 0, faults: [] }
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2)
    const value = () => {
      const v = inline ?? argv[++i]
      if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value\n${USAGE}`)
      return v
    }
    if (flag === '--dataset') out.dataset = value()
    else if (flag === '--port') {
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
  if (!out.dataset === !out.generate)
    throw new Error(`give exactly one of --dataset DIR or --generate prs=N,seed=S\n${USAGE}`)
  return out
}

export async function loadSeed(options: CliOptions): Promise<SeedRepository> {
  if (options.dataset) return loadDataset(options.dataset)
  const { generateRepository } = (await import('./generate.js')) as {
    generateRepository: (o: { prs: number; seed: number; prsPerWorkingDay?: number }) => SeedRepository
  }
  return generateRepository(options.generate!)
}

async function main(): Promise<void> {
  let options: CliOptions
  try {
    options = parseCliArgs(process.argv.slice(2))
  } catch (error) {
    console.error((error as Error).message)
    process.exit(2)
  }
  const seed = await loadSeed(options)
  const emulator = await startEmulator({
    seed,
    port: options.port,
    faults: options.faults,
    rateLimit: options.rateLimit,
    profile: options.profile
  })
  console.log(`listening on ${emulator.url}`)
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
