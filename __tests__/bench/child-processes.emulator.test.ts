/**
 * The emulator the bench starts ends with the bench, however the bench ends (an exception, SIGINT,
 * SIGTERM, or a death that runs none of its code), its temporary folders with it when any of its
 * code runs, and the reference read gets its own heap.
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { actionInputDefaults } from '../../tools/demo/action-runner.js'
import { control, startEmulatorProcess } from '../../tools/bench/emulator-process.js'
import { killTrackedChildren } from '../../tools/bench/child-processes.js'
import {
  REFERENCE_HEAP_MB,
  referenceSnapshot,
  referenceSnapshotInProcess,
  type ReferenceRequest
} from '../../tools/bench/reference.js'

/** Running, not a zombie (a dead child nobody has reaped yet still answers kill(pid, 0)). */
function running(pid: number): boolean {
  if (existsSync('/proc')) {
    if (!existsSync(`/proc/${pid}/stat`)) return false
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return !/^\d+ \(.*\) [ZX]/s.test(stat)
  }
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function gone(pid: number, ms = 10_000): Promise<boolean> {
  const until = Date.now() + ms
  while (Date.now() < until) {
    if (!running(pid)) return true
    await new Promise((done) => setTimeout(done, 100))
  }
  return !running(pid)
}

/** Emulators the fixture started: killed after each test should the code under test fail to. */
const emulators: number[] = []
const folders: string[] = []
afterEach(() => {
  for (const pid of emulators.splice(0)) if (running(pid)) process.kill(pid, 'SIGKILL')
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

/** Starts the fixture bench process; resolves with it, its folder and its emulator's pid once that listens. */
async function benchParent(mode: 'throw' | 'sigkill' | 'wait') {
  const parent = spawn(
    process.execPath,
    ['--import', 'tsx', '__tests__/bench/fixtures/bench-parent.ts', mode],
    {
      stdio: ['ignore', 'pipe', 'pipe']
    }
  )
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    parent.once('exit', (code, signal) => done({ code, signal }))
  )
  let stderr = ''
  parent.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  let out = ''
  const emulatorPid = await new Promise<number>((done, fail) => {
    parent.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const match = /emulator (\d+)/.exec(out)
      if (match) {
        emulators.push(Number(match[1]))
        done(Number(match[1]))
      }
    })
    // Its output may still arrive after it has exited: only the end of its output is too late.
    parent.stdout.once('end', () =>
      fail(new Error(`the bench process ended before its emulator listened: ${stderr}`))
    )
  })
  const folder = /folder (.+)/.exec(out)![1]
  folders.push(folder)
  return { parent, emulatorPid, folder, ended, stderr: () => stderr }
}

describe('the emulator process ends with the bench', () => {
  test('when an exception ends the bench', async () => {
    // (it throws at once: whether the folder is still there by now is a race; the wait tests see it)
    const { emulatorPid, folder, ended, stderr } = await benchParent('throw')
    expect((await ended).code).toBe(1)
    expect(stderr()).toContain('the bench failed')
    expect(await gone(emulatorPid)).toBe(true)
    expect(existsSync(folder)).toBe(false)
  })

  test.each(['SIGINT', 'SIGTERM'] as const)('when the bench gets %s', async (signal) => {
    const { parent, emulatorPid, folder, ended } = await benchParent('wait')
    expect(running(emulatorPid)).toBe(true)
    expect(existsSync(folder)).toBe(true)
    parent.kill(signal)
    expect((await ended).code).toBe(signal === 'SIGINT' ? 130 : 143)
    expect(await gone(emulatorPid)).toBe(true)
    expect(existsSync(folder)).toBe(false)
  })

  test('when the bench dies without running any of its code (SIGKILL, out of memory)', async () => {
    const { emulatorPid, ended } = await benchParent('sigkill')
    expect((await ended).signal).toBe('SIGKILL')
    expect(await gone(emulatorPid)).toBe(true)
  })
})

describe('the reference read', () => {
  afterAll(() => killTrackedChildren())

  test("runs in a process of its own with REFERENCE_HEAP_MB, not the bench script's 768 MB, and computes what it computes in-process", async () => {
    const { url } = await startEmulatorProcess(['--generate', 'prs=30,seed=3', '--port', '0'])
    const seed = await control<{ owner: string; name: string; until: string }>(url, 'seed')
    const token = 'ghs_benchreferencetesttoken0000000000'
    const request: ReferenceRequest = {
      url,
      owner: seed.owner,
      name: seed.name,
      token,
      inputs: { ...actionInputDefaults('action.yml'), 'data-branch': 'repo-metrics', token },
      window: {
        since: new Date(Date.parse(seed.until) - 365 * 86_400_000).toISOString(),
        until: seed.until,
        period: 'bench-test'
      },
      generatedAt: seed.until
    }
    const before = process.env.NODE_OPTIONS
    process.env.NODE_OPTIONS = `${before ?? ''} --max-old-space-size=768`
    let child
    try {
      child = await referenceSnapshotInProcess(request)
    } finally {
      process.env.NODE_OPTIONS = before
    }
    expect(child.heapLimitMb).toBeGreaterThanOrEqual(REFERENCE_HEAP_MB)
    expect(child.snapshot.period).toBe('bench-test')
    expect(child.snapshot.metrics.pullRequests).toBeDefined()
    const here = await referenceSnapshot(request)
    expect(child.snapshot).toEqual(here.snapshot)
    expect(child.syncRounds).toBe(here.syncRounds)
  })
})
