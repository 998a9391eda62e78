/** Ingestion of deployments and incidents from any CI or incident tool, and their pruning. */
export { ingest, type IngestOptions } from './ingest.js'
export { prune, selectForPrune, PruneSelectionError, type PruneOptions } from './prune.js'
export { readDataProblems, auditPath, AUDIT_FOLDER, type DataProblem, type AuditLine } from './audit.js'
export {
  validateDeploymentsPayload,
  validateIncidentsPayload,
  validatePayload,
  DEPLOYMENT_RECORD_SCHEMA,
  INCIDENT_RECORD_SCHEMA
} from './validate.js'
export { dispatchIngestKind } from './dispatch.js'
export { MAX_DEPTH, MAX_PAYLOAD_BYTES } from './limits.js'
export { jsonText } from '../text/json.js'
export {
  MAX_RECORDS,
  type IngestKind,
  type IngestResult,
  type Rejection,
  type ValidationResult
} from './types.js'
