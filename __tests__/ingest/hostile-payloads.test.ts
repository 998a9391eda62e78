/**
 * Class: crashes on hostile payloads (issue 15). A payload nested thousands of levels deep, anywhere
 * in it, must not end the call: the good records beside it are stored, the audit line is written, the
 * result (the action's outputs) comes back. Payloads over the size or record limits are refused whole,
 * and still audited. Generated over depths and over the places a deep value can sit.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ingest, MAX_RECORDS } from '../../src/ingest/index.js'
import { MAX_PAYLOAD_BYTES } from '../../src/ingest/limits.js'
import { jsonText } from '../../src/text/json.js'
import { memoryLogger } from '../../src/log.js'
import { createDirectoryStore } from '../../src/store/index.js'
import type { DataStore } from '../../src/store/types.js'
import { seededRandom } from '../text/generate.js'

const now = new Date('2026-11-23T04:00:00Z')
let dir: string
let store: DataStore
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hostile-ingest-'))
  store = createDirectoryStore(dir, { repository: 'o/r' })
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const good = (id: string) => ({
  id,
  environment: 'production',
  sha: 'a'.repeat(40),
  status: 'success',
  startedAt: '2026-11-20T10:00:00Z'
})

/** JSON text of `depth` nested arrays or objects (built as text: nothing here recurses). */
function nested(depth: number, kind: 'array' | 'object', inner = '1'): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}${inner}${'}'.repeat(depth)}`
}

/** Where a deep value sits, and whether it makes a record of its own to reject. */
const PLACES: Array<{ name: string; rejects: number; payload: (deep: string) => string; why?: RegExp }> = [
  {
    name: 'an unknown field of a record',
    rejects: 1,
    payload: (deep) =>
      `{"deployments":[${JSON.stringify(good('g1'))},{"id":"d","meta":${deep}},${JSON.stringify(good('g2'))}]}`
  },
  {
    name: 'a known field of a record',
    rejects: 1,
    payload: (deep) =>
      `{"deployments":[${JSON.stringify(good('g1'))},{"id":"d","status":${deep}},${JSON.stringify(good('g2'))}]}`
  },
  {
    name: 'the record itself',
    rejects: 1,
    why: /more than 32 levels deep|must be an object, not an array/,
    payload: (deep) => `[${JSON.stringify(good('g1'))},${deep},${JSON.stringify(good('g2'))}]`
  },
  {
    name: 'a key beside the records',
    rejects: 0,
    payload: (deep) =>
      `{"other":${deep},"deployments":[${JSON.stringify(good('g1'))},${JSON.stringify(good('g2'))}]}`
  },
  {
    name: 'a repository_dispatch body beside client_payload',
    rejects: 0,
    payload: (deep) =>
      `{"event_type":"deployments","extra":${deep},"client_payload":{"deployments":[${JSON.stringify(good('g1'))},${JSON.stringify(good('g2'))}]}}`
  }
]

const DEPTHS = [33, 200, 3000, 12000, 100000]

describe('a deeply nested payload', () => {
  for (const place of PLACES) {
    it.each(DEPTHS)(`in ${place.name}, %i levels: good records stored, audit written`, async (depth) => {
      const kind = depth % 2 === 0 ? 'array' : 'object'
      const text = place.payload(nested(depth, kind))
      const log = memoryLogger()
      const result = await ingest({ store, kind: 'deployments', text, now, dryRun: false, log })
      expect(result).toMatchObject({ accepted: 2, rejected: place.rejects, fatal: null, committed: true })
      if (place.rejects) expect(result.errors[0].message).toMatch(place.why ?? /more than 32 levels deep/)
      const { history } = await store.load()
      expect(history.deployments.map((d) => d.id).sort()).toEqual(['g1', 'g2'])
      const audit = (await store.readFile('ingest/2026-11-23.jsonl')) as string
      const line = JSON.parse(audit.trim()) as {
        accepted: string[]
        received?: unknown
        receivedText?: string
      }
      expect(line.accepted).toHaveLength(2)
      // the audit keeps what was received: as JSON when shallow, else as its text
      if (line.receivedText !== undefined) expect(line.receivedText).toBe(text)
      else expect(line.received).toBeDefined()
    })
  }
})

describe('limits on the whole payload', () => {
  it('refuses a payload over the size limit whole, and audits it cut short', async () => {
    const padding = 'x'.repeat(MAX_PAYLOAD_BYTES)
    const text = JSON.stringify({ deployments: [good('g1')], padding })
    const result = await ingest({ store, kind: 'deployments', text, now, dryRun: false, log: memoryLogger() })
    expect(result.fatal).toMatch(/bytes; at most 4194304 \(4 MiB\)/)
    expect(result.accepted).toBe(0)
    expect((await store.load()).history.deployments).toEqual([])
    const line = JSON.parse(((await store.readFile('ingest/2026-11-23.jsonl')) as string).trim())
    expect(line).toMatchObject({ receivedTruncated: true, accepted: [] })
    expect(line.fatal).toBe(result.fatal)
  })

  it('counts bytes, not characters: multi-byte text over the limit is refused', async () => {
    const text = JSON.stringify({ deployments: [good('g1')], padding: 'é'.repeat(MAX_PAYLOAD_BYTES / 2) })
    expect(text.length).toBeLessThan(MAX_PAYLOAD_BYTES + 100)
    const result = await ingest({ store, kind: 'deployments', text, now, dryRun: true, log: memoryLogger() })
    expect(result.fatal).toMatch(/at most 4194304/)
  })

  it(`refuses more than ${MAX_RECORDS} records whole`, async () => {
    const text = JSON.stringify({
      deployments: Array.from({ length: MAX_RECORDS + 1 }, (_, i) => good(`r${i}`))
    })
    const result = await ingest({ store, kind: 'deployments', text, now, dryRun: false, log: memoryLogger() })
    expect(result.fatal).toMatch(/at most 500 are accepted per call/)
    expect((await store.load()).history.deployments).toEqual([])
  })
})

describe('jsonText (a parsed client_payload back to text)', () => {
  /** Compact JSON text of random shape, depth up to `max` (integers, strings, arrays, objects). */
  function randomJson(random: () => number, max: number): string {
    const depth = 1 + Math.floor(random() * max)
    let open = ''
    let close = ''
    for (let i = 0; i < depth; i++) {
      if (random() < 0.5) {
        open += `[${random() < 0.5 ? '1,' : ''}`
        close = `]${close}`
      } else {
        open += `{"k${i}":"v\\n${i}","n":`
        close = `}${close}`
      }
    }
    return `${open}${Math.floor(random() * 100)}${close}`
  }

  it('gives JSON.stringify’s text at any depth', () => {
    const random = seededRandom(9)
    for (let i = 0; i < 40; i++) {
      const text = randomJson(random, i % 2 === 0 ? 20 : 5000)
      expect(jsonText(JSON.parse(text))).toBe(text)
    }
    expect(jsonText({ a: undefined, b: [undefined, 1] })).toBe(
      JSON.stringify({ a: undefined, b: [undefined, 1] })
    )
  })
})
