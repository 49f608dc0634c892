import { fail } from '../core/errors.ts'
import { MAX_IMPORT_BYTES, MAX_TABLE_ROWS } from './import-limits.ts'

/**
 * The operator's caps on one imported file (HOMEWARD_IMPORT_MAX_BYTES, HOMEWARD_IMPORT_MAX_ROWS in
 * src/config.ts). They sit below the importer's own bounds (import-limits.ts), which hold whatever
 * is configured: a lab's service can refuse a national batch early, before it costs a worker minutes.
 */
export interface ImportCaps {
  /** Largest file accepted, in bytes. */
  maxBytes: number
  /** Most data rows of a table (blank lines and the header not counted). */
  maxRows: number
}

export const DEFAULT_IMPORT_CAPS: ImportCaps = { maxBytes: MAX_IMPORT_BYTES, maxRows: MAX_TABLE_ROWS }

/** Refuses a file over the size cap, naming the cap (PAYLOAD_TOO_LARGE). */
export function checkImportSize (bytes: number, caps: ImportCaps): void {
  if (bytes > caps.maxBytes) {
    fail('PAYLOAD_TOO_LARGE', `the file is ${bytes} bytes; imports are capped at ${caps.maxBytes} bytes (HOMEWARD_IMPORT_MAX_BYTES): split the file`, { limit: caps.maxBytes, bytes })
  }
}

/**
 * Refuses a table over the row cap, naming the cap and the line where it was passed. Counts non-blank
 * lines after the first one (the header) with indexOf, never splitting the text into an array of lines,
 * so the check costs one pass and no allocation per row.
 */
export function checkTableRows (text: string, caps: ImportCaps): void {
  let rows = -1 // the header is the first non-blank line
  let line = 0
  for (let at = 0; at < text.length;) {
    line++
    const nl = text.indexOf('\n', at)
    const end = nl < 0 ? text.length : nl
    if (!isBlank(text, at, end) && ++rows > caps.maxRows) {
      fail('UNREADABLE_FILE', `line ${line}: the table has more than ${caps.maxRows} data rows; imports are capped at ${caps.maxRows} rows (HOMEWARD_IMPORT_MAX_ROWS): split the file`, { line, limit: caps.maxRows })
    }
    if (nl < 0) break
    at = nl + 1
  }
}

function isBlank (text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i)
    if (c !== 32 && c !== 9 && c !== 13) return false
  }
  return true
}
