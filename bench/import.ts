// How long does an import take? `node --import tsx bench/import.ts [SAMPLES]` (default 20000).
// A synthetic CODIS database CSV (20 CODIS core loci, two slots each, seeded) is previewed, committed
// in one transaction to a fresh database, then committed again (everything already stored).
import './lib/development-key.ts'
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { CODIS_CORE_LOCI } from '../src/core/markers/locus.ts'
import { commitImport } from '../src/ingest/import-commit.ts'
import { previewImport } from '../src/ingest/import-preview.ts'
import { openDatabase } from '../src/storage/database.ts'

const samples = Number(process.argv[2] ?? 20000)
let state = 20261122
const next = (): number => { state = (state * 1103515245 + 12345) % 2 ** 31; return state / 2 ** 31 }
const allele = (): number => 8 + Math.floor(next() * 13)

const header = ['specimenId', ...CODIS_CORE_LOCI.flatMap((l) => [`${l}_1`, `${l}_2`]), 'AMEL_1', 'AMEL_2'].join(',')
const rows = Array.from({ length: samples }, (_, i) => [`U${String(i).padStart(7, '0')}`, ...CODIS_CORE_LOCI.flatMap(() => [allele(), allele()]), 'X', next() < 0.5 ? 'Y' : 'NULL'].join(','))
const bytes = Buffer.from([header, ...rows].join('\n') + '\n')

const time = <T>(f: () => T): [T, number] => { const t0 = performance.now(); const r = f(); return [r, performance.now() - t0] }
console.log(`# import (${samples} samples, ${(bytes.length / 1e6).toFixed(1)} MB, load average ${loadavg()[0].toFixed(1)})`)
const [{ preview, parsed }, msPreview] = time(() => previewImport(bytes, { fileName: 'bench.csv', defaultSide: 'unidentified' }))
console.log(`preview    ${msPreview.toFixed(0).padStart(7)} ms  ${(1000 * msPreview / samples).toFixed(0)} µs/sample  (${preview.samples.filter((s) => s.ok).length} ok)`)
const dir = mkdtempSync(join(tmpdir(), 'homeward-bench-import-'))
const db = openDatabase(join(dir, 'bench.sqlite'))
try {
  const [first, msCommit] = time(() => commitImport(db, preview, parsed.frequencyTables, 'all-or-nothing'))
  console.log(`commit     ${msCommit.toFixed(0).padStart(7)} ms  ${first.stored.unidentified.length} stored in one transaction`)
  const [again, msAgain] = time(() => commitImport(db, preview, parsed.frequencyTables, 'all-or-nothing'))
  console.log(`re-commit  ${msAgain.toFixed(0).padStart(7)} ms  ${again.unchanged.length} unchanged, ${again.stored.unidentified.length} stored`)
} finally {
  db.close()
  rmSync(dir, { recursive: true, force: true })
}
