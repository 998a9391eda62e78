/**
 * Requests that got no answer and never will by retrying (nothing listens, no such host, a port
 * fetch refuses, an untrusted certificate): told apart here so that neither the retry plugin nor a
 * caller that retries 5xx answers spends time on them.
 */
import { NetworkError } from './errors.js'

/**
 * Node codes (and undici's message for a blocked port) of a request that got no answer and never will
 * by retrying: nothing listens there, the host has no address, the port is one fetch refuses, the TLS
 * certificate is not trusted. Resets, timeouts and temporary DNS failures stay retryable.
 */
const HOPELESS_CODES =
  /^(ECONNREFUSED|ENOTFOUND|CERT_|ERR_TLS_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|UNABLE_TO_(GET|VERIFY)_)/
const HOPELESS_MESSAGES = /^bad port$/

function pathOf(url: string): string {
  try {
    return new URL(url).pathname
  } catch {
    return url
  }
}

/**
 * A NetworkError for a request that got no answer and no retry can fix, so neither the retry plugin
 * (it retries what octokit reports as a 500 for a failed fetch) nor a caller retrying 5xx spends
 * time on it; null for anything else.
 */
export function hopelessFailure(error: unknown): NetworkError | null {
  if (!error || typeof error !== 'object' || (error as { response?: unknown }).response !== undefined)
    return null
  let current: unknown = (error as { cause?: unknown }).cause
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown }
    const known = typeof code === 'string' && HOPELESS_CODES.test(code)
    if (known || (typeof message === 'string' && HOPELESS_MESSAGES.test(message))) {
      const request = (error as { request?: { method?: string; url?: string } }).request
      return new NetworkError(
        (error as Error).message || String(code ?? message),
        known ? (code as string) : null,
        {
          request: request?.method && request.url ? `${request.method} ${pathOf(request.url)}` : null,
          cause: error
        },
        false
      )
    }
    current = (current as { cause?: unknown }).cause
  }
  return null
}
