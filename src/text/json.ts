/**
 * JSON of any depth without recursion: how deep text or a parsed value nests, and its serialization.
 * `JSON.parse` itself is iterative in V8 (Node 20 and 24 read a million levels), but `JSON.stringify`,
 * schema validators and tree walks recurse, so untrusted JSON is measured with these first.
 */

/** Values nesting at most this deep are handed to `JSON.stringify` (far within the stack). */
const SHALLOW = 64

/**
 * The deepest nesting of arrays and objects in JSON text (0 for a bare number or string), scanned
 * character by character: brackets inside strings do not count. Invalid JSON gives a number too; the
 * parser reports what is wrong with it.
 */
export function jsonTextDepth(text: string): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c)
        i++ // a backslash escapes the next character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) {
      inString = true
    } else if (c === 0x5b || c === 0x7b) {
      depth++
      if (depth > deepest) deepest = depth
    } else if (c === 0x5d || c === 0x7d) {
      depth--
    }
  }
  return deepest
}

/**
 * How deep arrays and objects nest in a parsed value (0 for a scalar, 1 for `{}` or `[1]`), walked
 * with an explicit stack. Stops at `limit + 1`: enough to tell that the value is too deep.
 */
export function valueDepth(value: unknown, limit: number): number {
  let deepest = 0
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }]
  while (stack.length > 0) {
    const item = stack.pop() as { value: unknown; depth: number }
    if (item.value === null || typeof item.value !== 'object') continue
    const depth = item.depth + 1
    if (depth > deepest) deepest = depth
    if (deepest > limit) return deepest
    for (const child of Object.values(item.value as object)) stack.push({ value: child, depth })
  }
  return deepest
}

type Frame = { close: string; entries: Array<[string | null, unknown]>; next: number }

/**
 * `JSON.stringify` for a value of any depth: the same text, built with an explicit stack. Used for a
 * repository_dispatch `client_payload`, which arrives parsed and may nest deeper than the stack allows.
 */
export function jsonText(value: unknown): string {
  if (valueDepth(value, SHALLOW) <= SHALLOW) return JSON.stringify(value) ?? 'null'
  const out: string[] = []
  const frames: Frame[] = []
  const open = (v: unknown): void => {
    const array = Array.isArray(v)
    const entries: Array<[string | null, unknown]> = array
      ? (v as unknown[]).map((item) => [null, item === undefined ? null : item])
      : Object.entries(v as object).filter(([, item]) => item !== undefined && typeof item !== 'function')
    out.push(array ? '[' : '{')
    frames.push({ close: array ? ']' : '}', entries, next: 0 })
  }
  const scalar = (v: unknown): string => JSON.stringify(v) ?? 'null'
  if (value === null || typeof value !== 'object') return scalar(value)
  open(value)
  while (frames.length > 0) {
    const frame = frames[frames.length - 1]
    if (frame.next >= frame.entries.length) {
      out.push(frame.close)
      frames.pop()
      continue
    }
    const [key, item] = frame.entries[frame.next]
    if (frame.next > 0) out.push(',')
    frame.next++
    if (key !== null) out.push(`${JSON.stringify(key)}:`)
    if (item !== null && typeof item === 'object') open(item)
    else out.push(scalar(item))
  }
  return out.join('')
}
