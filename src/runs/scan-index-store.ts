import type { ScreeningIndex } from '../core/screening/screening-table.ts'
import type { Database } from '../storage/database.ts'
import { withSharedCeilings } from './scan-index.ts'

interface TableRow { case_id: string, s_count: Buffer, s_alleles: Buffer, bound_values: Buffer }

/**
 * Persists families' compact screening tables (migration 040) and loads the whole index back into
 * SharedArrayBuffers for the scan workers. Float32 values are stored as their little-endian bytes.
 */
export function createScreeningTableStore (db: Database) {
  const upsert = db.prepare(`INSERT OR REPLACE INTO screening_tables (case_id, case_input_hash, model_key, s_count, s_alleles, bound_values, built_at)
    VALUES (?, ?, ?, ?, ?, ?, ?)`)
  const valid = `FROM screening_tables s JOIN cases c ON c.id = s.case_id AND c.input_hash = s.case_input_hash
    WHERE s.model_key = ? AND c.status = 'open'`
  const sizes = db.prepare(`SELECT count(*) AS n, coalesce(sum(length(s.s_alleles)), 0) AS s, coalesce(sum(length(s.bound_values)), 0) AS v ${valid}`)
  const rows = db.prepare(`SELECT s.case_id, s.s_count, s.s_alleles, s.bound_values ${valid} ORDER BY s.case_id`)
  const stale = db.prepare(`SELECT c.id FROM cases c LEFT JOIN screening_tables s ON s.case_id = c.id AND s.case_input_hash = c.input_hash AND s.model_key = ?
    WHERE c.status = 'open' AND s.case_id IS NULL AND (? IS NULL OR c.frequency_table_id = ?) ORDER BY c.id`)

  return {
    /** Saves families 0…n−1 of `index` as the tables of `caseIds[f]` (built from inputs `inputHashes[f]`). */
    save: db.transaction((caseIds: readonly string[], inputHashes: readonly string[], modelKey: string, index: ScreeningIndex) => {
      const now = new Date().toISOString()
      const L = index.loci
      for (let f = 0; f < caseIds.length; f++) {
        const values = index.values.subarray(index.vOffset[f], index.vOffset[f + 1])
        upsert.run(caseIds[f], inputHashes[f], modelKey,
          Buffer.from(index.sCount.subarray(f * L, (f + 1) * L)),
          Buffer.from(index.sAlleles.subarray(index.sOffset[f], index.sOffset[f + 1])),
          Buffer.from(values.buffer, values.byteOffset, values.byteLength), now)
      }
    }),

    /** Open cases (of one frequency table, if given) without a valid table for this model: the ones to (re)build. */
    staleCaseIds: (modelKey: string, frequencyTableId?: string): string[] =>
      (stale.all(modelKey, frequencyTableId ?? null, frequencyTableId ?? null) as Array<{ id: string }>).map((r) => r.id),

    /** Every valid table of open cases, as one index in SharedArrayBuffers, with the case id of each family. */
    load (modelKey: string, loci: number): { caseIds: string[], index: ScreeningIndex } {
      const total = sizes.get(modelKey) as { n: number, s: number, v: number }
      const sOffset = new Uint32Array(new SharedArrayBuffer(4 * (total.n + 1)))
      const vOffset = new Uint32Array(new SharedArrayBuffer(4 * (total.n + 1)))
      const sCount = new Uint8Array(new SharedArrayBuffer(Math.max(1, total.n * loci)))
      const sAlleles = new Uint8Array(new SharedArrayBuffer(Math.max(1, total.s)))
      const values = new Float32Array(new SharedArrayBuffer(Math.max(4, total.v)))
      const bytes = new Uint8Array(values.buffer)
      const caseIds: string[] = []
      let f = 0
      for (const row of rows.iterate(modelKey) as IterableIterator<TableRow>) {
        if (f === total.n) break // a case added between the two queries waits for the next load
        if (row.s_count.length !== loci) throw new RangeError(`screening table of case ${row.case_id} has ${row.s_count.length} loci, expected ${loci}`)
        caseIds.push(row.case_id)
        sCount.set(row.s_count, f * loci)
        sAlleles.set(row.s_alleles, sOffset[f])
        bytes.set(row.bound_values, vOffset[f] * 4)
        sOffset[f + 1] = sOffset[f] + row.s_alleles.length
        vOffset[f + 1] = vOffset[f] + row.bound_values.length / 4
        f++
      }
      return { caseIds, index: withSharedCeilings({ loci, families: f, sOffset, vOffset, sCount, sAlleles, values }) }
    }
  }
}
