/**
 * Text written by someone else (titles, logins, ingested ids and sources, messages quoting them) made
 * safe for the place it goes: Markdown (reports, job summary, issue bodies), an issue title, SVG/XML,
 * and the runner's log (./workflow-commands.ts). Every output path uses these functions; none of them
 * changes text that has nothing to hide.
 *
 * What is removed everywhere:
 * - control characters: C0 (U+0000–U+001F) except tab and line feed, DEL (U+007F) and C1
 *   (U+0080–U+009F). A carriage return becomes a line feed first, so `\r\n` and `\r` are line breaks.
 * - bidirectional formatting characters that open a scope: embeddings and overrides (U+202A–U+202E)
 *   and isolates (U+2066–U+2069). An unterminated right-to-left override reverses every character
 *   after it, so a title could disguise the text that follows it. Right-to-left text itself needs none
 *   of them (the Unicode bidi algorithm orders it), so they are removed, not balanced. The marks
 *   U+200E, U+200F and U+061C have no scope and stay.
 * - what XML 1.0 forbids and GitHub's API would refuse: lone surrogates and U+FFFE / U+FFFF become
 *   U+FFFD (the replacement character).
 */

// The character classes are written as escapes on purpose: the characters themselves are invisible.
/* eslint-disable no-control-regex */
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g
const BIDI_SCOPES = /[\u202a-\u202e\u2066-\u2069]/g
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g
const NON_CHARACTERS = /[\ufffe\uffff]/g
/* eslint-enable no-control-regex */
/** Line breaks other than `\n` that a reader or a renderer may honour. */
const OTHER_BREAKS = /\r\n?|[\u2028\u2029\u0085]/g

/**
 * The text with control characters and bidi scopes removed and invalid code points replaced
 * (see the file comment); line breaks become `\n`, tabs stay.
 */
export function cleanText(text: string): string {
  return text
    .replace(OTHER_BREAKS, '\n')
    .replace(CONTROLS, '')
    .replace(BIDI_SCOPES, '')
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(NON_CHARACTERS, '\ufffd')
}

/**
 * The text with every character `cleanText` would remove or replace written as a visible escape
 * (`\u202E`), for messages that quote a value so the reader sees exactly what was given.
 */
export function visibleEscapes(text: string): string {
  const hidden = new RegExp(
    [CONTROLS, BIDI_SCOPES, LONE_SURROGATE, NON_CHARACTERS].map((r) => r.source).join('|'),
    'g'
  )
  return text.replace(hidden, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`)
}

/** `cleanText` on one line: every run of line breaks becomes one space. */
export function singleLine(text: string): string {
  return cleanText(text).replace(/\n+/g, ' ')
}

const MARKDOWN_SPECIAL = /[\\`*_[\]()<>#|~]/g

/**
 * User text (titles, logins, messages) safe inside Markdown, including table cells: cleaned and
 * kept on one line, `&` written as an entity, `\ * _ [ ] ( ) < > # | ~` and backticks escaped, and,
 * unless `allowMentions`, `@name` mentions neutralised with a zero-width space so nobody is pinged.
 */
export function markdownText(text: string | null | undefined, allowMentions = false): string {
  if (text === null || text === undefined) return ''
  let out = singleLine(String(text))
    .replace(/&/g, '&amp;')
    .replace(MARKDOWN_SPECIAL, (c) => `\\${c}`)
  if (!allowMentions) out = out.replace(/@(?=[A-Za-z0-9])/g, '@&#8203;')
  return out
}

/**
 * A whole Markdown document made from a template (an issue body, a report): cleaned, with its line
 * breaks and tabs kept. The pieces of user text in it are escaped by `markdownText` already; this is
 * the last guard for what a template or a data source put there raw.
 */
export function markdownDocument(markdown: string): string {
  return cleanText(markdown)
}

/** An issue title: one line, cleaned. */
export function issueTitleText(text: string): string {
  return singleLine(text).replace(/\s+/g, ' ').trim()
}

/**
 * Text for an SVG or other XML document (chart titles, labels, tooltips): only characters XML 1.0
 * allows, without bidi scopes. Markup is not escaped here: Vega escapes `& < > "` itself when it
 * writes the SVG; text written into XML by hand must be escaped with `xmlEscape` too.
 */
export function xmlText(text: string): string {
  return cleanText(text)
}

/** `xmlText`, then `& < > " '` as entities, for text placed into XML by hand. */
export function xmlEscape(text: string): string {
  return xmlText(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}
