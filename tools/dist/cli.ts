/**
 * `tsx tools/dist/cli.ts record`: writes dist/.source-hash after a build (npm run bundle:hash).
 * `tsx tools/dist/cli.ts check`: exits 1 with the reason when dist/ is stale.
 */
import { distState, recordDist, RECORD_FILE } from './freshness.js'

const root = process.cwd()
const command = process.argv[2]
try {
  if (command === 'record') {
    recordDist(root)
    console.log(`Wrote ${RECORD_FILE}.`)
  } else if (command === 'check') {
    const state = distState(root)
    if (!state.fresh) {
      console.error(`dist/ is stale (${state.reason}): run npm run bundle && npm run bundle:hash.`)
      process.exitCode = 1
    } else {
      console.log('dist/ is built from the current sources.')
    }
  } else {
    console.error(`Unknown command '${command ?? ''}'. Use: tsx tools/dist/cli.ts record|check`)
    process.exitCode = 2
  }
} catch (err) {
  console.error((err as Error).message)
  process.exitCode = 1
}
