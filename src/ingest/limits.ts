/**
 * What one ingest call may carry, checked before anything walks the payload deeply: its size in bytes,
 * how deep its arrays and objects nest, and (src/ingest/types.ts MAX_RECORDS) how many records it has.
 * Depth is measured without recursion (src/text/json.ts), so a payload nested thousands of levels deep
 * costs a loop, never the stack.
 */

/** The largest payload accepted, in bytes of UTF-8 (4 MiB); a larger one is refused whole. */
export const MAX_PAYLOAD_BYTES = 4 * 1024 * 1024

/**
 * The deepest nesting of arrays and objects read in a record (the record itself is level 1). A record
 * nested deeper is rejected; the audit keeps a payload nested deeper than this as text.
 */
export const MAX_DEPTH = 32
