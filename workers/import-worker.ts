// piscina entry for imports: reading and previewing a lab export (decode, detect, parse, validate, assign)
// off the service's main thread. Only ingest code; no database. The answer is packed (JSON chunks in one
// byte buffer) so that receiving it costs the main thread a copy, not a deserialisation of every sample.
import { packPreview, type PreviewReply, type PreviewTask } from '../src/ingest/preview-transfer.ts'

/** The packed preview of one file, or its refusal (code, message, details). */
export function previewFile (task: PreviewTask): PreviewReply {
  return packPreview(task)
}
