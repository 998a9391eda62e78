/**
 * `node --import tsx tools/bench/reference-cli.ts REQUEST.json RESULT.json`: the steady scenario's
 * reference (reference.ts) in a process of its own, started by referenceSnapshotInProcess.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { referenceSnapshot, type ReferenceRequest } from './reference.js'

const [requestFile, resultFile] = process.argv.slice(2)
if (!requestFile || !resultFile) {
  console.error('usage: node --import tsx tools/bench/reference-cli.ts REQUEST.json RESULT.json')
  process.exit(2)
}
const request = JSON.parse(readFileSync(requestFile, 'utf8')) as ReferenceRequest
const result = await referenceSnapshot(request)
writeFileSync(resultFile, JSON.stringify(result))
// Done: open keep-alive sockets to the emulator would keep the process a little longer.
process.exit(0)
