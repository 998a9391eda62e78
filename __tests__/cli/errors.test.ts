/**
 * Each connection and configuration mistake of issue 18, run through the command line against
 * loopback only (a closed port, a local server, the emulator) and a `.invalid` host, which never
 * resolves: the message it now gives, and the exit code.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RunningEmulator } from '../../tools/github-emulator/server.js'
import type { SeedRepository } from '../../tools/github-emulator/types.js'
import { TOKEN, answeringServer, closedPort, runCli, startTestEmulator } from './helpers.js'

let emulator: RunningEmulator
let seed: SeedRepository
let repo: string
const work = mkdtempSync(join(tmpdir(), 'rmr-cli-errors-'))

beforeAll(async () => {
  ;({ emulator, seed } = await startTestEmulator(20))
  repo = `${seed.owner}/${seed.name}`
})
afterAll(async () => {
  await emulator.stop()
  rmSync(work, { recursive: true, force: true })
})

const errorLines = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('error: '))

describe('connection mistakes', () => {
  it('nothing listening: one line naming the URL and the flag, no retries, fast', async () => {
    const port = await closedPort()
    const run = await runCli(['report', '--repo', repo, '--api-url', `http://127.0.0.1:${port}`], {
      cwd: work
    })
    expect(run.code).toBe(1)
    expect(errorLines(run.stderr)).toEqual([
      `error: Cannot reach the GitHub API at http://127.0.0.1:${port} (connection refused: nothing listens on 127.0.0.1 port ${port}). Is the server running? Check --api-url.`
    ])
    expect(run.stderr).not.toMatch(/retrying|answered 500/)
    expect(run.ms).toBeLessThan(5000)
  })

  it("a port fetch refuses (a 'bad port'): says so instead of a bare 'bad port'", async () => {
    const run = await runCli(['report', '--repo', repo, '--api-url', 'http://127.0.0.1:1'], { cwd: work })
    expect(run.code).toBe(1)
    expect(errorLines(run.stderr)).toEqual([
      `error: Cannot reach the GitHub API at http://127.0.0.1:1: port 1 is one that Node's fetch refuses to connect to (a "bad port"). Serve the API on another port and change --api-url.`
    ])
    expect(run.stderr).not.toMatch(/retrying/)
  })

  it('an unknown host: names the host and --api-url, never an empty error', async () => {
    const run = await runCli(['report', '--repo', repo, '--api-url', 'https://no-such-host.invalid'], {
      cwd: work
    })
    expect(run.code).toBe(1)
    const [line, ...rest] = errorLines(run.stderr)
    expect(rest).toEqual([])
    // ENOTFOUND where a resolver answers; EAI_AGAIN where none is reachable.
    expect(line).toMatch(
      /^error: Cannot reach the GitHub API at https:\/\/no-such-host\.invalid: (the host no-such-host\.invalid was not found \(ENOTFOUND\)|looking up the host no-such-host\.invalid failed for now \(EAI_AGAIN\))\. Check .*the host name in --api-url/
    )
    expect(run.stderr).not.toMatch(/retrying/)
  })

  it('a wrong GraphQL URL: names the URL and --graphql-url', async () => {
    const url = `${emulator.url}/not-graphql`
    const run = await runCli(['report', '--repo', repo, '--api-url', emulator.url, '--graphql-url', url], {
      cwd: work
    })
    expect(run.code).toBe(1)
    expect(errorLines(run.stderr)).toEqual([
      `error: The GraphQL endpoint ${url} answered 404 Not Found: GitHub's GraphQL API is not there. Check --graphql-url (github.com: https://api.github.com/graphql; GitHub Enterprise Server: https://HOST/api/graphql).`
    ])
  })

  it('a wrong --api-url path: names the derived GraphQL URL and both flags', async () => {
    const run = await runCli(['report', '--repo', repo, '--api-url', `${emulator.url}/v9`], { cwd: work })
    expect(run.code).toBe(1)
    expect(errorLines(run.stderr)).toEqual([
      `error: The GraphQL endpoint ${emulator.url}/v9/graphql answered 404 Not Found: GitHub's GraphQL API is not there. It was derived from --api-url ${emulator.url}/v9: check --api-url, or give --graphql-url (github.com: https://api.github.com/graphql; GitHub Enterprise Server: https://HOST/api/graphql).`
    ])
  })

  it('a refused token (401): says to check the token, and never shows it', async () => {
    const server = await answeringServer(401, 'Bad credentials')
    try {
      const run = await runCli(['report', '--repo', repo, '--api-url', server.url], { cwd: work })
      expect(run.code).toBe(1)
      expect(errorLines(run.stderr)).toEqual([
        `error: The GitHub API at ${server.url} refused the token (401 Bad credentials). Check --token, $GITHUB_TOKEN or $GH_TOKEN: the token may be expired or revoked, or made for another server (a github.com token does not work on GitHub Enterprise Server).`
      ])
      expect(run.stderr + run.stdout).not.toContain(TOKEN)
    } finally {
      await server.close()
    }
  })

  it('with --json, the failure is a JSON object on stdout as well', async () => {
    const port = await closedPort()
    const run = await runCli(['report', '--repo', repo, '--api-url', `http://127.0.0.1:${port}`, '--json'], {
      cwd: work
    })
    expect(run.code).toBe(1)
    expect(JSON.parse(run.stdout)).toEqual({
      error: {
        kind: 'network',
        message: expect.stringContaining(`http://127.0.0.1:${port} (connection refused`)
      }
    })
  })
})

describe('store folder mistakes', () => {
  it('a --store path that is a file: names the path, says to give a folder, exit 2', async () => {
    const file = join(work, 'a-file')
    writeFileSync(file, 'not a folder')
    const run = await runCli(['report', '--repo', repo, '--api-url', emulator.url, '--store', 'a-file'], {
      cwd: work
    })
    expect(run.code).toBe(2)
    expect(errorLines(run.stderr)).toEqual([
      `error: Option --store names 'a-file', which is a file, not a folder (${file}). Give a folder (it is created when missing), or --store github to write to the repository's data branch.`
    ])
    expect(run.stderr).not.toContain('ENOTDIR')
  })

  it('a --store path under a file: names the file', async () => {
    const file = join(work, 'another-file')
    writeFileSync(file, 'not a folder')
    const run = await runCli(['report', '--repo', repo, '--store', join(file, 'data')], { cwd: work })
    expect(run.code).toBe(2)
    expect(errorLines(run.stderr)).toEqual([
      `error: Option --store names '${join(file, 'data')}', but ${file} is a file, so the folder ${join(file, 'data')} cannot be made there. Give a folder path.`
    ])
  })

  // Root writes anywhere chmod forbids; the immutable attribute stops root too (where chattr works).
  const lockFolder = (dir: string): (() => void) | null => {
    if (process.getuid?.() !== 0) {
      chmodSync(dir, 0o500)
      return () => chmodSync(dir, 0o700)
    }
    const locked = spawnSync('chattr', ['+i', dir]).status === 0
    return locked ? () => void spawnSync('chattr', ['-i', dir]) : null
  }

  it('an unwritable folder: names it and says to give one you can write', async () => {
    const dir = join(work, 'locked')
    mkdirSync(dir)
    const unlock = lockFolder(dir)
    if (!unlock) return // neither chmod nor chattr can make a folder unwritable here
    try {
      const run = await runCli(['report', '--repo', repo, '--store', dir], { cwd: work })
      expect(run.code).toBe(2)
      expect(errorLines(run.stderr)).toEqual([
        expect.stringMatching(
          new RegExp(
            `^error: The store folder ${dir} is not writable \\((EACCES|EPERM)\\)\\. Give a folder you can write with --store, or change its permissions\\.$`
          )
        )
      ])
      const inside = await runCli(['report', '--repo', repo, '--store', join(dir, 'data')], { cwd: work })
      expect(errorLines(inside.stderr)).toEqual([
        expect.stringMatching(
          new RegExp(
            `^error: The store folder ${dir}/data cannot be created: ${dir} is not writable \\((EACCES|EPERM)\\)\\.`
          )
        )
      ])
    } finally {
      unlock()
    }
  })

  it('--notify with a local folder: refused, as a folder store has no notification issue', async () => {
    const run = await runCli(['report', '--repo', repo, '--notify'], { cwd: work })
    expect(run.code).toBe(2)
    expect(errorLines(run.stderr)).toEqual([
      'error: Option --notify opens an issue on the repository, which only --store github does: a local folder store has no notification issue. Add --store github, or leave out --notify.'
    ])
  })
})
