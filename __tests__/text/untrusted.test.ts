/** src/text/untrusted.ts over generated strings: what each function removes, keeps and escapes. */
import { describe, expect, it } from '@jest/globals'
import {
  cleanText,
  issueTitleText,
  markdownText,
  visibleEscapes,
  xmlEscape,
  xmlText
} from '../../src/text/untrusted.js'
import { generateStrings, MISLEADING_CHARACTERS, ORDINARY_PIECES } from './generate.js'
import { misleads, visible } from './misleading.js'

const STRINGS = generateStrings(
  2025,
  400,
  [...MISLEADING_CHARACTERS, ...ORDINARY_PIECES, '\n', '\r', '\t'],
  14
)

describe('text cleaning', () => {
  it('removes every misleading character and keeps the rest in order', () => {
    for (const text of STRINGS) {
      const clean = cleanText(text)
      expect({ text, clean, misleads: misleads(clean) }).toEqual({ text, clean, misleads: false })
      expect(visible(clean)).toBe(visible(text))
    }
  })

  it('changes nothing in ordinary text', () => {
    for (const text of generateStrings(3, 200, [...ORDINARY_PIECES, '\n', '\t'], 10)) {
      expect(cleanText(text)).toBe(text)
    }
  })

  it('xmlText keeps only what XML 1.0 allows; xmlEscape also escapes markup', () => {
    // XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
    const xmlChar = /^(?:[\t\n\r\u0020-\ud7ff\ue000-\ufffd]|[\ud800-\udbff][\udc00-\udfff])*$/
    for (const text of STRINGS) {
      expect(xmlChar.test(xmlText(text))).toBe(true)
      expect(xmlEscape(`${text}<a href="x">&'`)).not.toMatch(/[<>"']|&(?!amp;|lt;|gt;|quot;|apos;)/)
    }
  })

  it('visibleEscapes shows each hidden character as an escape', () => {
    expect(visibleEscapes('a\u202eb\u0000c')).toBe('a\\u202Eb\\u0000c')
    // line breaks stay line breaks: they hide nothing
    for (const text of STRINGS) expect(misleads(visibleEscapes(text).replace(/\r/g, ''))).toBe(false)
  })
})

describe('markdownText and issueTitleText', () => {
  it('give one clean line with the letters kept', () => {
    for (const text of STRINGS) {
      for (const out of [markdownText(text), issueTitleText(text)]) {
        expect(misleads(out) || /[\r\n\u2028\u2029]/.test(out)).toBe(false)
        expect(visible(out)).toBe(visible(text))
      }
    }
  })
})
