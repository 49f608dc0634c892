import { HomewardError, type ErrorCode, type ErrorDetails } from '../core/errors.ts'
import type { FrequencyTable } from '../core/markers/frequency-table.ts'
import { previewImport, type ImportOptions, type ImportPreview, type SamplePreview } from './import-preview.ts'

/** Samples per JSON chunk: small enough that parsing one chunk on the main thread takes a few ms. */
export const PACK_SAMPLES = 500

/**
 * A preview as it crosses from the import worker to the main thread. Structured-cloning 10^4 sample
 * objects costs the receiving thread about half a second in one piece (measured: 235 ms for 4,762
 * samples), so the samples travel as UTF-8 JSON in one byte buffer, cut into chunks of PACK_SAMPLES:
 * the main thread copies the bytes (a memcpy) and parses only the chunk it is working on, yielding
 * between chunks, and sends the bytes to the client as they are.
 */
export interface PackedPreview {
  /** The preview without its samples. */
  head: Omit<ImportPreview, 'samples'>
  /** The parsed frequency tables (stored on commit); a table file is small. */
  frequencyTables: FrequencyTable[]
  /** Every sample's preview as JSON: chunk k is bytes[offsets[k], offsets[k+1]), a JSON array. */
  bytes: Uint8Array
  offsets: number[]
  sampleCount: number
}

/** What the worker answers: a packed preview, or the refusal (a HomewardError does not survive the thread boundary). */
export type PreviewReply = { ok: PackedPreview } | { error: { code: ErrorCode, message: string, details?: ErrorDetails } }

export interface PreviewTask { bytes: Uint8Array, options: ImportOptions }

/** Previews a file and packs the result (runs in the import worker, or in-process: the same function). */
export function packPreview (task: PreviewTask): PreviewReply {
  try {
    const bytes = Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.byteLength)
    const { preview, parsed } = previewImport(bytes, task.options)
    const { samples, ...head } = preview
    const parts: Buffer[] = []
    const offsets = [0]
    for (let i = 0; i < samples.length; i += PACK_SAMPLES) {
      const part = Buffer.from(JSON.stringify(samples.slice(i, i + PACK_SAMPLES)), 'utf8')
      parts.push(part)
      offsets.push(offsets[offsets.length - 1] + part.length)
    }
    return { ok: { head, frequencyTables: parsed.frequencyTables, bytes: Buffer.concat(parts), offsets, sampleCount: samples.length } }
  } catch (err) {
    if (err instanceof HomewardError) return { error: { code: err.code, message: err.message, details: err.details } }
    throw err
  }
}

/** The packed preview, or the worker's refusal thrown as the HomewardError it was. */
export function unpackReply (reply: PreviewReply): PackedPreview {
  if ('error' in reply) throw new HomewardError(reply.error.code, reply.error.message, reply.error.details)
  return reply.ok
}

/** Number of sample chunks. */
export function chunkCount (p: PackedPreview): number {
  return p.offsets.length - 1
}

const decoder = new TextDecoder()

/** Chunk k's samples, parsed (a few ms for PACK_SAMPLES samples). */
export function readChunk (p: PackedPreview, k: number): SamplePreview[] {
  return JSON.parse(decoder.decode(p.bytes.subarray(p.offsets[k], p.offsets[k + 1]))) as SamplePreview[]
}

/** Every sample, chunk by chunk, yielding to the event loop between chunks. */
export async function * sampleChunks (p: PackedPreview): AsyncGenerator<SamplePreview[]> {
  for (let k = 0; k < chunkCount(p); k++) {
    yield readChunk(p, k)
    await new Promise((resolve) => setImmediate(resolve))
  }
}

/**
 * The preview as JSON bytes, `{...head, "samples": [...]}`, assembled from the packed chunks without
 * parsing them: the answer to a 10^5-sample file is a copy of bytes, not a serialisation.
 */
export function previewJson (p: PackedPreview): Buffer {
  const head = Buffer.from(JSON.stringify(p.head), 'utf8') // "{...}"
  const parts: Uint8Array[] = [Buffer.from('{"samples":[')]
  for (let k = 0; k < chunkCount(p); k++) {
    if (k > 0) parts.push(Buffer.from(','))
    parts.push(p.bytes.subarray(p.offsets[k] + 1, p.offsets[k + 1] - 1)) // the chunk without its [ ]
  }
  parts.push(Buffer.from(head.length > 2 ? '],' : ']'), head.subarray(1))
  return Buffer.concat(parts)
}

/** The whole preview as objects (small files, tests, the CLI's text output). */
export function unpackPreview (p: PackedPreview): ImportPreview {
  const samples: SamplePreview[] = []
  for (let k = 0; k < chunkCount(p); k++) samples.push(...readChunk(p, k))
  return { ...p.head, samples }
}
