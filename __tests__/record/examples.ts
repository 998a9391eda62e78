/** Real webhook payloads from @octokit/webhooks-examples, typed with @octokit/webhooks-types. */
import { readFileSync } from 'node:fs'
import type { WebhookEventMap, WebhookEventName } from '@octokit/webhooks-types'

interface Definition {
  name: string
  examples: Array<Record<string, unknown>>
}

const definitions = JSON.parse(
  readFileSync(
    new URL('../../node_modules/@octokit/webhooks-examples/api.github.com/index.json', import.meta.url),
    'utf8'
  )
) as Definition[]

/** A deep copy of the first example of the event with this action (or matching `pick`). */
export function example<N extends WebhookEventName>(
  name: N,
  action: string,
  pick: (payload: WebhookEventMap[N]) => boolean = () => true
): WebhookEventMap[N] {
  const definition = definitions.find((d) => d.name === name)
  const found = definition?.examples.find(
    (e) => e.action === action && pick(e as unknown as WebhookEventMap[N])
  ) as unknown as WebhookEventMap[N] | undefined
  if (!found) throw new Error(`no ${name}.${action} example in @octokit/webhooks-examples`)
  return structuredClone(found)
}

/**
 * The reads a record run makes of the stored record (a memory store's call log): the inbox listing,
 * then one batch with the first parts of the month's shard.
 */
/** A record run's reads: the inbox listing, then the parts of each shard the record may be in. */
export function storedReads(collection: string, ...months: string[]): string[] {
  const parts = months.flatMap((month) =>
    Array.from({ length: month === 'open' ? 40 : 8 }, (_, i) =>
      i === 0 ? `history/${collection}/${month}.json` : `history/${collection}/${month}.${i + 1}.json`
    )
  )
  return ['list inbox', `readFiles ${parts.join(' ')}`]
}
