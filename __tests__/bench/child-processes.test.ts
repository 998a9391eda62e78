/** The bench's own processes: their heap option and their end with the bench (child-processes.ts). */
import { spawn } from 'node:child_process'
import { killTrackedChildren, nodeOptionsWithHeap, trackChild } from '../../tools/bench/child-processes.js'

describe('nodeOptionsWithHeap', () => {
  test("replaces the bench script's 768 MB heap and keeps the other options", () => {
    expect(nodeOptionsWithHeap('--max-old-space-size=768', 4096)).toBe('--max-old-space-size=4096')
    expect(
      nodeOptionsWithHeap('--experimental-vm-modules --max-old-space-size=768 --trace-warnings', 4096)
    ).toBe('--experimental-vm-modules --trace-warnings --max-old-space-size=4096')
    expect(nodeOptionsWithHeap('--max_old_space_size 768', 8192)).toBe('--max-old-space-size=8192')
  })

  test('sets the heap when there were no options', () => {
    expect(nodeOptionsWithHeap(undefined, 4096)).toBe('--max-old-space-size=4096')
    expect(nodeOptionsWithHeap('', 4096)).toBe('--max-old-space-size=4096')
  })
})

describe('killTrackedChildren', () => {
  const sleeper = () => spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
  const exited = (child: ReturnType<typeof sleeper>) =>
    new Promise<NodeJS.Signals | number | null>((done) =>
      child.once('exit', (code, signal) => done(signal ?? code))
    )

  test('terminates the tracked children that still run', async () => {
    const child = trackChild(sleeper())
    const ended = exited(child)
    expect(killTrackedChildren()).toBe(1)
    expect(await ended).toBe('SIGTERM')
  })

  test('leaves out a child that has already exited', async () => {
    const child = trackChild(sleeper())
    const ended = exited(child)
    child.kill('SIGKILL')
    expect(await ended).toBe('SIGKILL')
    expect(killTrackedChildren()).toBe(0)
  })
})
