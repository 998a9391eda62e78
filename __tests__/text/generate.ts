/**
 * Seeded generators of hostile strings for property-style tests: the same seed gives the same strings,
 * so a failure can be replayed. Each generator mixes the characters and sequences of one class with
 * harmless text.
 */

/** mulberry32: a small, fast, seeded pseudo-random generator (uniform in [0, 1)). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** `count` strings, each 1–`maxPieces` pieces drawn from `pieces`. */
export function generateStrings(
  seed: number,
  count: number,
  pieces: readonly string[],
  maxPieces = 10
): string[] {
  const random = seededRandom(seed)
  const out: string[] = []
  for (let i = 0; i < count; i++) {
    const length = 1 + Math.floor(random() * maxPieces)
    let text = ''
    for (let j = 0; j < length; j++) text += pieces[Math.floor(random() * pieces.length)]
    out.push(text)
  }
  return out
}

/** Pieces that build workflow commands, their encodings and line breaks of every kind. */
export const COMMAND_PIECES = [
  '::',
  'error',
  'ERROR',
  'warning',
  'add-mask',
  'set-output name=x',
  'stop-commands',
  ' title=pwned',
  '##[',
  ']',
  'error]',
  '\n',
  '\r',
  '\r\n',
  ' ',
  '\t',
  '\u00a0',
  '\u2028',
  '\u3000',
  '%0A',
  '%0D',
  '%25',
  'id-42',
  ':',
  '#',
  '[',
  '::endgroup::',
  '::group::g',
  '::stop-commands::abc',
  '::abc::',
  'plain text'
] as const

/** Characters that mislead a reader: controls, bidi scopes, invalid code points, line separators. */
export const MISLEADING_CHARACTERS = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\u0008',
  '\u001b',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u009b',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\ud800',
  '\udfff',
  '\ufffe',
  '\uffff'
] as const

/** Text to mix with them: letters of several scripts, digits, punctuation, emoji. */
export const ORDINARY_PIECES = [
  'fix',
  ' ',
  'login',
  '42',
  'פתרון',
  'إصلاح',
  '修复',
  '😀',
  '-',
  '.',
  'txt',
  'exe'
] as const
