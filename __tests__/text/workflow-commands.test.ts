/** src/text/workflow-commands.ts: which messages are wrapped, and that the wrapping holds. */
import { describe, expect, it } from '@jest/globals'
import { commandSafe, mayHoldCommand } from '../../src/text/workflow-commands.js'
import { COMMAND_PIECES, generateStrings } from './generate.js'
import { runnerReads } from './runner-model.js'

const STRINGS = generateStrings(15, 600, COMMAND_PIECES, 12)

describe('commandSafe', () => {
  it('wraps exactly the messages that hold a possible command', () => {
    for (const text of STRINGS) {
      const raw = runnerReads(`${text}\n`).commands.length > 0
      if (raw) expect(mayHoldCommand(text)).toBe(true)
      if (!mayHoldCommand(text)) expect(commandSafe(text)).toBe(text)
    }
  })

  it('uses a fresh token each time, so text cannot end the pause it is in', () => {
    const a = commandSafe('::error::x')
    const b = commandSafe('::error::x')
    expect(a).not.toBe(b)
    const guessed = commandSafe('::rmrguess::\n::error::x', () => 'rmrreal')
    expect(runnerReads(`${guessed}\n`).commands).toEqual([])
  })
})
