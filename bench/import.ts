// How long does an import take, and does it hold the event loop? `node --import tsx bench/import.ts [ROWS]`
// (default 1,000,000). A seeded GeneMapper long table (20 CODIS core loci and AMEL per sample, 21 rows a
// sample) is read and previewed in the import worker, committed in slices to a fresh database, then
// committed again (everything already stored). Printed: times, the main thread's event-loop delay (max,
// p99) in each phase, and the peak RSS of the process (main thread and worker).
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { commitPackedImport } from '../src/ingest/import-commit-chunked.ts'
import { createImportPool } from '../src/runs/import-pool.ts'
import { openDatabase } from '../src/storage/database.ts'
import { largeGenemapperFile } from '../test/helpers/large-import-file.ts'

process.env.HOMEWARD_DEV ??= process.env.HOMEWARD_KEY === undefined && process.env.HOMEWARD_KEY_FILE === undefined ? '1' : ''
const rows = Number(process.argv[2] ?? 1_000_000)
const bytes = largeGenemapperFile(rows)
const mib = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MiB`
console.log(`# import (${rows} rows, ${mib(bytes.length)}, load average ${loadavg()[0].toFixed(1)})`)
const delay = monitorEventLoopDelay({ resolution: 5 })
const phase = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
  delay.reset()
  delay.enable()
  const t0 = performance.now()
  const r = await f()
  const ms = performance.now() - t0
  delay.disable()
  console.log(`| ${name} | ${(ms / 1000).toFixed(1)} s | ${(delay.max / 1e6).toFixed(0)} ms | ${(delay.percentile(99) / 1e6).toFixed(0)} ms |`)
  return r
}
const dir = mkdtempSync(join(tmpdir(), 'homeward-bench-import-'))
const db = openDatabase(join(dir, 'bench.sqlite'))
const pool = createImportPool()
try {
  console.log('| phase | time | event-loop delay max | p99 |')
  console.log('|---|---|---|---|')
  const packed = await phase('read and preview (worker)', async () => await pool.preview(bytes, { fileName: 'bench.txt', defaultSide: 'unidentified' }))
  const first = await phase(`commit ${packed.sampleCount} samples (slices)`, async () => await commitPackedImport(db, packed, 'all-or-nothing'))
  const again = await phase('commit again (all unchanged)', async () => await commitPackedImport(db, packed, 'all-or-nothing'))
  console.log(`stored ${first.stored.unidentified.length}, then ${again.unchanged.length} unchanged; peak RSS ${mib(process.resourceUsage().maxRSS * 1024)} (main thread and worker)`)
} finally {
  await pool.close()
  db.close()
  rmSync(dir, { recursive: true, force: true })
}
