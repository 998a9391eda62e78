import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runAction } from '../../tools/demo/action-runner.js'
import { distExists, TOKEN } from './helpers.js'

const maybe = distExists ? describe : describe.skip

maybe('dist/index.js with invalid inputs', () => {
  it('reports each bad input once, exits 1 and makes no API call', async () => {
    let requests = 0
    const server = createServer((_req, res) => {
      requests++
      res.writeHead(500).end()
    })
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      const run = await runAction({
        apiUrl: url,
        serverUrl: url,
        repository: 'octo-org/octo-repo',
        eventName: 'schedule',
        payload: {},
        inputs: { timezone: 'Mars/Olympus', bucket: 'fortnight', window: '-3d' },
        token: TOKEN,
        workDir: mkdtempSync(join(tmpdir(), 'rmr-e2e-'))
      })
      expect(run.exitCode).toBe(1)
      const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error'))
      const named = (input: string): string[] => errors.filter((line) => line.includes(`'${input}'`))
      expect(named('timezone')).toHaveLength(1)
      expect(named('bucket')).toHaveLength(1)
      expect(named('window')).toHaveLength(1)
      expect(named('timezone')[0]).toContain('Mars/Olympus')
      expect(named('bucket')[0]).toContain('fortnight')
      expect(named('window')[0]).toContain('-3d')
      expect(requests).toBe(0)
      expect(run.stdout + run.stderr).not.toContain(TOKEN)
    } finally {
      server.close()
    }
  })

  it('refuses too many buckets and comma labels with the other inputs, before any API call', async () => {
    let requests = 0
    const server = createServer((_req, res) => {
      requests++
      res.writeHead(500).end()
    })
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const cases: Array<{ inputs: Record<string, string>; named: string[] }> = [
      // about three years of day buckets, with two labels GitHub would split
      {
        inputs: {
          window: '1100d',
          bucket: 'day',
          'issue-label': 'metrics, weekly',
          'incident-label': 'sev1,sev2'
        },
        named: ['window', 'incident-label', 'issue-label']
      },
      // centuries of month buckets, and a bad time zone beside them
      {
        inputs: { since: '1700-01-01', until: '2026-01-01', bucket: 'month', timezone: 'Mars/Olympus' },
        named: ['since', 'timezone']
      }
    ]
    try {
      for (const { inputs, named } of cases) {
        const run = await runAction({
          apiUrl: url,
          serverUrl: url,
          repository: 'octo-org/octo-repo',
          eventName: 'schedule',
          payload: {},
          inputs,
          token: TOKEN,
          workDir: mkdtempSync(join(tmpdir(), 'rmr-e2e-'))
        })
        expect(run.exitCode).toBe(1)
        const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error title=Invalid input'))
        const inputsNamed = errors.map((line) => /title=Invalid input%3A ([^:]+)::/.exec(line)?.[1]).sort()
        expect(inputsNamed).toEqual([...named].sort())
      }
      expect(requests).toBe(0)
    } finally {
      server.close()
    }
  })
})
