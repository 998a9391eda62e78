/**
 * Relay connections over an in-memory, already filtered and ordered list. Cursors are opaque
 * (base64 of position and key); a cursor whose position moved because the list changed is found
 * again by its key, so `after` continues exactly where the page ended.
 */

export interface PageArgs {
  first?: number | null
  last?: number | null
  after?: string | null
  before?: string | null
}

export function encodeCursor(index: number, key: string): string {
  return Buffer.from(`cursor:v2:${index}:${key}`).toString('base64')
}

function decodeCursor(cursor: string): { index: number; key: string } {
  const text = Buffer.from(cursor, 'base64').toString('utf8')
  const match = /^cursor:v2:(\d+):(.*)$/s.exec(text)
  if (!match) throw new Error(`\`${cursor}\` does not appear to be a valid cursor.`)
  return { index: Number(match[1]), key: match[2] }
}

function locate<T>(items: T[], cursor: string, keyOf: (item: T, index: number) => string): number {
  const { index, key } = decodeCursor(cursor)
  if (index < items.length && keyOf(items[index], index) === key) return index
  const found = items.findIndex((item, i) => keyOf(item, i) === key)
  return found >= 0 ? found : Math.min(index, items.length - 1)
}

export interface Connection<N> {
  totalCount: number
  pageInfo: {
    hasNextPage: boolean
    hasPreviousPage: boolean
    startCursor: string | null
    endCursor: string | null
  }
  nodes: N[]
  edges: { cursor: string; node: N }[]
}

/** One page of `items`; `keyOf` defaults to the position (fine for lists that never change order). */
export function connection<T, N>(
  items: T[],
  args: PageArgs,
  toNode: (item: T) => N,
  keyOf: (item: T, index: number) => string = (_item, index) => String(index)
): Connection<N> {
  let start = 0
  let end = items.length
  if (args.after) start = locate(items, args.after, keyOf) + 1
  if (args.before) end = Math.max(start, locate(items, args.before, keyOf))
  if (typeof args.first === 'number') end = Math.min(end, start + args.first)
  if (typeof args.last === 'number') start = Math.max(start, end - args.last)
  const slice = items.slice(start, end)
  const cursors = slice.map((item, i) => encodeCursor(start + i, keyOf(item, start + i)))
  const nodes = slice.map(toNode)
  return {
    totalCount: items.length,
    pageInfo: {
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: cursors[0] ?? null,
      endCursor: cursors[cursors.length - 1] ?? null
    },
    nodes,
    edges: nodes.map((node, i) => ({ cursor: cursors[i], node }))
  }
}
