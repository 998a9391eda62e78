/**
 * The default page sizes against the emulator's strict `github` profile (github.com's processing-time
 * model, the Actions token's budgets): a cold sync of a generated history asks for no page GitHub
 * would time out, and reads the same records as against the lenient profile.
 */
import { createGitHubClient } from '../../src/github/client.js'
import { syncHistory, type SyncResult } from '../../src/github/sync.js'
import { memoryLogger } from '../../src/log.js'
import { MemoryStore } from './memory-store.js'
import { generateRepository } from '../../tools/github-emulator/generate.js'
import { startEmulator, type RunningEmulator } from '../../tools/github-emulator/server.js'

const seed = generateRepository({ prs: 160, seed: 11 })

const open: RunningEmulator[] = []
afterAll(async () => {
  await Promise.all(open.map((e) => e.stop()))
})

async function coldSync(profile: 'github' | 'lenient') {
  const emu = await startEmulator({ seed, port: 0, profile })
  open.push(emu)
  const log = memoryLogger()
  const client = createGitHubClient({
    token: 'ghs_actions_page_sizes',
    apiUrl: emu.url,
    graphqlUrl: `${emu.url}/graphql`,
    budget: null,
    log
  })
  const store = new MemoryStore()
  const result: SyncResult = await syncHistory({ ...store.syncOptions(client, seed.owner, seed.name, log) })
  store.apply(result)
  return { result, log, store }
}

test('a cold sync at the default sizes never times out under the github profile', async () => {
  const strict = await coldSync('github')
  expect(strict.result.complete).toBe(true)
  expect(strict.log.lines.filter((l) => l.includes('smaller pages'))).toEqual([])
  // Nothing was learned, so nothing smaller is kept for the next run.
  for (const key of ['pulls', 'issues', 'commits', 'deployments', 'releases'])
    expect(strict.store.checkpoints[key]).not.toHaveProperty('pageSizes')
  const lenient = await coldSync('lenient')
  expect(strict.result.requests.graphql).toBe(lenient.result.requests.graphql)
  expect(strict.store.records.pulls.size).toBe(160)
  expect(strict.store.dump()).toEqual(lenient.store.dump())
})
