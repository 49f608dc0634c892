import { Piscina } from 'piscina'
import { HomewardError } from '../core/errors.ts'
import type { ImportOptions } from '../ingest/import-preview.ts'
import { packPreview, unpackReply, type PackedPreview, type PreviewReply } from '../ingest/preview-transfer.ts'
import { BULK_NICE, IMPORT_WORKER_FILE, WORKER_EXEC_ARGV } from './worker-file.ts'

/**
 * Reads and previews lab exports: in a worker thread in the service (a 10^6-row file takes tens of
 * seconds to parse, which on the main thread stalled every other request), in-process where nothing
 * else waits (tests of the preview itself). The same function (packPreview) behind one interface.
 */
export interface ImportParser {
  kind: 'pool' | 'in-process'
  preview: (bytes: Buffer, options: ImportOptions) => Promise<PackedPreview>
  close: () => Promise<void>
}

export interface ImportPoolOptions {
  /**
   * Heap of the worker (MB). A file that needs more stops the worker, not the service, and is refused
   * naming the bound: this, with the size and row caps, is what keeps an import's memory bounded.
   */
  maxHeapMb?: number
  /** Imports waiting for the worker beyond the one running; more are refused (429) rather than queued in memory. */
  maxQueue?: number
}

/** Heap enough for a 10^6-row GeneMapper table (measured: about 700 MB while previewing it). */
export const IMPORT_WORKER_HEAP_MB = 1536

/**
 * One worker thread, started on the first import and stopped after a minute idle; closed with the app.
 * A worker that dies (out of its heap) takes its pool with it. Piscina reports such a death either as
 * the task's rejection or, when the thread had not yet told it that it was ready, as an 'error' event
 * with the task left waiting and no replacement thread ever started; both end here the same way: the
 * imports of that pool are refused, naming the bound, and a new pool serves the next one.
 */
export function createImportPool (options: ImportPoolOptions = {}): ImportParser {
  const maxHeapMb = options.maxHeapMb ?? IMPORT_WORKER_HEAP_MB
  interface LivePool { piscina: Piscina, waiting: Set<(err: unknown) => void> }
  const startPool = (): LivePool => {
    const live: LivePool = {
      piscina: new Piscina({
        filename: IMPORT_WORKER_FILE,
        execArgv: [...WORKER_EXEC_ARGV],
        minThreads: 0,
        maxThreads: 1,
        maxQueue: options.maxQueue ?? 4,
        idleTimeout: 60_000,
        // reading a 10^6-row file is a minute of CPU: bulk work, below uploads and searches
        niceIncrement: BULK_NICE,
        resourceLimits: { maxOldGenerationSizeMb: maxHeapMb }
      }),
      waiting: new Set()
    }
    live.piscina.on('error', (err: unknown) => {
      for (const fail of live.waiting) fail(err)
      retire(live)
    })
    return live
  }
  let pool = startPool()
  const retire = (live: LivePool): void => {
    if (pool !== live) return
    pool = startPool()
    // the retired pool's threads end in the background; nothing waits on them
    live.piscina.destroy().catch(() => {})
  }
  return {
    kind: 'pool',
    preview: async (bytes, importOptions) => {
      const live = pool
      let reply: PreviewReply
      try {
        reply = await new Promise<PreviewReply>((resolve, reject) => {
          live.waiting.add(reject)
          live.piscina.run({ bytes, options: importOptions }, { name: 'previewFile' })
            .then((r) => resolve(r as PreviewReply), reject)
            .finally(() => live.waiting.delete(reject))
        })
      } catch (err) {
        if (workerDied(err)) retire(live)
        throw workerFailure(err, maxHeapMb)
      }
      return unpackReply(reply)
    },
    close: async () => { await pool.piscina.destroy() }
  }
}

function workerDied (err: unknown): boolean {
  const e = err as NodeJS.ErrnoException
  return e.code === 'ERR_WORKER_OUT_OF_MEMORY' || /worker.*(exited|terminated)/i.test(e.message ?? '')
}

/** The same preview on the calling thread. */
export function createInProcessImportParser (): ImportParser {
  return {
    kind: 'in-process',
    preview: async (bytes, importOptions) => unpackReply(packPreview({ bytes, options: importOptions })),
    close: async () => {}
  }
}

/**
 * A worker that died (out of memory, a crash in a parser) or a full queue, as a refusal that says what
 * happened; nothing was stored, since the worker never writes.
 */
function workerFailure (err: unknown, maxHeapMb: number): HomewardError {
  const e = err as NodeJS.ErrnoException
  if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new HomewardError('UNREADABLE_FILE', `the file could not be read: reading it needed more than the import worker's ${maxHeapMb} MB; nothing was stored: split the file`, { limit: maxHeapMb })
  }
  if (/queue is at limit/i.test(e.message ?? '')) {
    return new HomewardError('RATE_LIMITED', 'too many imports are being read at once; nothing was stored: try again in a minute')
  }
  return new HomewardError('UNREADABLE_FILE', `the file could not be read: the import worker stopped (${e.message ?? String(err)}); nothing was stored`)
}
