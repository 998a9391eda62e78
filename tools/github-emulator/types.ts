/**
 * Shared shapes inside the emulator. The HTTP server (server.ts) turns each request into an
 * EmulatorRequest and hands repository routes to the modules that own them (git/ owns the Git Data
 * API and the data-branch object store).
 */
export interface EmulatorRequest {
  method: string
  /** Path after `/repos/{owner}/{repo}`, e.g. `/git/refs/heads/main`; no query string. */
  path: string
  query: URLSearchParams
  /** Parsed JSON body (undefined when none). */
  body: unknown
  headers: Record<string, string | string[] | undefined>
  /** Base URL of the emulator, e.g. `http://127.0.0.1:4567` (for `url` fields in responses). */
  baseUrl: string
  owner: string
  repo: string
}

export interface EmulatorResponse {
  status: number
  body?: unknown
  headers?: Record<string, string>
}
