/**
 * Class: workflow-command injection (issue 15). Untrusted text written to the log must never be executed by the
 * runner as a command. Checked over generated strings against a model of the runner's parser
 * (./runner-model.ts), through the action's logger (src/log.ts coreLogger) and through the ingest and
 * prune paths that quote payload keys and ids.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '@actions/core'
import { ingest, prune } from '../../src/ingest/index.js'
import { coreLogger } from '../../src/log.js'
import { createDirectoryStore } from '../../src/store/index.js'
import { COMMAND_PIECES, generateStrings } from './generate.js'
import { runnerLines, runnerReads } from './runner-model.js'

let written: string[]
beforeEach(() => {
  written = []
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk))
    return true
  })
})
afterEach(() => {
  jest.restoreAllMocks()
})

const output = () => written.join('')
const STRINGS = generateStrings(15, 600, COMMAND_PIECES, 12)

describe('the runner model', () => {
  it('reads commands where the runner does, so the checks below can fail', () => {
    expect(runnerReads('::error title=x::boom\n').commands).toEqual([
      { name: 'error', data: 'boom', line: '::error title=x::boom' }
    ])
    expect(runnerReads('text\r  ::add-mask::s\n').commands.map((c) => c.name)).toEqual(['add-mask'])
    expect(runnerReads('a ##[set-output name=x]1\n').commands.map((c) => c.name)).toEqual(['set-output'])
    expect(runnerReads('::stop-commands::t\n::error::x\n::t::\n::error::y\n').commands).toHaveLength(1)
    // written raw, a good share of the generated strings would run a command
    const injecting = STRINGS.filter((s) => runnerReads(`${s}\n`).commands.length > 0)
    expect(injecting.length).toBeGreaterThan(50)
  })
})

describe('coreLogger().info with untrusted text', () => {
  it('never lets a generated string run a command, and shows its text unchanged', () => {
    const log = coreLogger()
    for (const text of STRINGS) {
      written = []
      log.info(text)
      const read = runnerReads(output())
      expect({ text, commands: read.commands }).toEqual({ text, commands: [] })
      expect(read.shown).toEqual(runnerLines(`${text}\n`))
    }
  })

  it('leaves a message that holds no command exactly as core.info writes it', () => {
    const log = coreLogger()
    for (const text of ['ingest-deployments: 3 accepted, 1 rejected', 'a: b', 'url http://x::y', '']) {
      written = []
      log.info(text)
      const mine = output()
      written = []
      core.info(text)
      expect(mine).toBe(output())
    }
  })

  it('warning, notice and debug carry the text as the data of their own command only', () => {
    const log = coreLogger()
    for (const text of STRINGS.slice(0, 200)) {
      for (const level of ['warning', 'notice', 'debug'] as const) {
        written = []
        log[level](text)
        const { commands } = runnerReads(output())
        expect(commands.map((c) => [c.name, c.data])).toEqual([[level, text]])
      }
    }
  })
})

describe('the ingest and prune logs', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ingest-log-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  const hostile = generateStrings(77, 80, COMMAND_PIECES, 8).filter(
    (s) => runnerReads(`${s}\n`).commands.length > 0
  )

  it('quote payload keys, ids and sources without running them', async () => {
    const store = createDirectoryStore(dir, { repository: 'o/r' })
    const log = coreLogger()
    const now = new Date('2026-11-23T04:00:00Z')
    for (const [i, text] of hostile.entries()) {
      // a refused payload lists its keys; an accepted record's id and source are logged by prune
      await ingest({
        store,
        kind: 'deployments',
        text: JSON.stringify({ [text]: 1 }),
        now,
        dryRun: false,
        log
      })
      const record = {
        id: `${i}${text}`,
        source: `ci${text}`,
        environment: 'production',
        sha: 'a'.repeat(40),
        status: 'success',
        startedAt: '2026-11-20T10:00:00Z',
        [`extra${text}`]: true
      }
      const payload = JSON.stringify({ deployments: [record, { id: text, status: 'nope' }] })
      await ingest({ store, kind: 'deployments', text: payload, now, dryRun: false, log })
    }
    const selection = { source: null, ids: [], since: '2026-11-01T00:00:00Z', until: null }
    const { removed } = await prune({ store, kind: 'deployments', selection, dryRun: false, log, now })
    expect(removed).toHaveLength(hostile.length)
    const { commands } = runnerReads(output())
    // the only commands are the logger's own warnings, each about ingestion
    expect(commands.filter((c) => c.name !== 'warning')).toEqual([])
    for (const c of commands) expect(c.data).toMatch(/^ingest-deployments: /)
  })
})
