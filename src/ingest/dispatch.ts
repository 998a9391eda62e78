/**
 * repository_dispatch: any CI can reach ingestion over HTTP through GitHub's own API
 * (`POST /repos/OWNER/REPO/dispatches` with `event_type` `deployments` or `incidents` and the records in
 * `client_payload`). `auto` mode uses this to pick the ingestion kind; the validators unwrap
 * `client_payload` themselves, so the event payload can be passed as the text to ingest.
 */
import type { IngestKind } from './types.js'

export function dispatchIngestKind(eventName: string, payload: unknown): IngestKind | null {
  if (eventName !== 'repository_dispatch' || payload === null || typeof payload !== 'object') return null
  const action = (payload as { action?: unknown }).action
  return action === 'deployments' || action === 'incidents' ? action : null
}
