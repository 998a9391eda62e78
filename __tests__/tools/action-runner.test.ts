import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { actionInputDefaults, parseOutputFile } from '../../tools/demo/action-runner.js'

describe('the demo runner', () => {
  it('reads GITHUB_OUTPUT heredoc blocks and plain lines', () => {
    const text = 'a<<ghadelimiter_1\nline one\nline two\nghadelimiter_1\nb=2\n'
    expect(parseOutputFile(text)).toEqual({ a: 'line one\nline two', b: '2' })
  })
  it('takes input defaults from action.yml', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rmr-'))
    const file = join(dir, 'action.yml')
    writeFileSync(
      file,
      "name: x\ninputs:\n  token:\n    description: t\n    default: ${{ github.token }}\n  window:\n    description: w\n    default: '90d'\n  since:\n    description: s\noutputs:\n  out:\n    description: o\n"
    )
    expect(actionInputDefaults(file)).toEqual({ token: '${{ github.token }}', window: '90d', since: '' })
  })
})
