/**
 * Small readers for webhook payload pieces (REST shapes), normalized the way the sync normalizes
 * GraphQL: bot logins end in `[bot]`, the deleted-account placeholder is null, times are UTC to the second.
 */
import type { Login } from '../model.js'

export interface PayloadUser {
  login?: string
  type?: string
  id?: number
}

/** A login as the model stores it; `ghost`, GitHub's placeholder for deleted accounts, is null (as GraphQL's null author). */
export function loginOf(user: PayloadUser | null | undefined): Login | null {
  if (!user || typeof user.login !== 'string' || user.login === '') return null
  if (user.login === 'ghost' && user.type !== 'Bot') return null
  if (user.type === 'Bot' && !user.login.endsWith('[bot]')) return `${user.login}[bot]`
  return user.login
}

/** `2025-07-28T03:00:11Z` from any parseable time; throws a clear error for a missing or bad one. */
export function utc(value: unknown, what: string): string {
  const ms = typeof value === 'string' ? Date.parse(value) : NaN
  if (Number.isNaN(ms)) throw new Error(`The event payload's ${what} is not a time: ${JSON.stringify(value)}`)
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

export function utcOrNull(value: unknown, what: string): string | null {
  return value === null || value === undefined || value === '' ? null : utc(value, what)
}

export function sha40(value: unknown): string | null {
  return typeof value === 'string' && /^[0-9a-f]{40}$/i.test(value) ? value.toLowerCase() : null
}

/** The object at `payload[key]`, or a clear error naming the event. */
export function need<T>(payload: Record<string, unknown>, key: string, eventName: string): T {
  const value = payload[key]
  if (value === null || typeof value !== 'object') {
    throw new Error(`The ${eventName} event payload has no "${key}" object; is the event name right?`)
  }
  return value as T
}
