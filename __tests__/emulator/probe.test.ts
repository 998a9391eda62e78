/** The project check `emulator-probe.mjs` against an in-process emulator seeded with ietf-tls-esni. */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { promisify } from 'node:util'
import { DATASET_DIR, hasDataset, start } from './helpers.js'

const PROBE = resolve(process.cwd(), '..', 'shared', 'checks', 'emulator-probe.mjs')
const run = hasDataset && existsSync(PROBE) ? test : test.skip

run('emulator-probe.mjs prints "emulator ok"', async () => {
  const emu = await start()
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [PROBE, emu.url, DATASET_DIR])
    expect(stdout).toMatch(/^emulator ok: 392 PRs over GraphQL, REST paginates, 3 requests counted/)
  } finally {
    await emu.stop()
  }
})
