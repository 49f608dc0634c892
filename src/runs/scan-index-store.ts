import type { ScreeningIndex } from '../core/screening/screening-table.ts'
import type { Database } from '../storage/database.ts'
import { cipherOf } from '../storage/encryption-at-rest.ts'
import { withSharedCeilings } from './scan-index.ts'

interface TableRow { case_id: string, s_length: number, value_count: number, sealed_table: Buffer }

/**
 * Persists families' compact screening tables (migrations 040, 080) and loads the whole index back into
 * SharedArrayBuffers for the scan workers. A family's s_count, s_alleles and Float32 values (little-endian
 * bytes) are one value sealed at rest, as the genotypes they are read from: the allele codes are computed
 * from the public frequency table, so plain they would give the references' alleles back.
 */
export function createScreeningTableStore (db: Database) {
  const cipher = cipherOf(db)
  const upsert = db.prepare(`INSERT OR REPLACE INTO screening_tables (case_id, case_input_hash, model_key, s_length, value_count, sealed_table, built_at)
    VALUES (?, ?, ?, ?, ?, ?, ?)`)
  const valid = `FROM screening_tables s JOIN cases c ON c.id = s.case_id AND c.input_hash = s.case_input_hash
    WHERE s.model_key = ? AND c.status = 'open'`
  const sizes = db.prepare(`SELECT count(*) AS n, coalesce(sum(s.s_length), 0) AS s, coalesce(sum(s.value_count), 0) * 4 AS v ${valid}`)
  const rows = db.prepare(`SELECT s.case_id, s.s_length, s.value_count, s.sealed_table ${valid} ORDER BY s.case_id`)
  const stale = db.prepare(`SELECT c.id FROM cases c LEFT JOIN screening_tables s ON s.case_id = c.id AND s.case_input_hash = c.input_hash AND s.model_key = ?
    WHERE c.status = 'open' AND s.case_id IS NULL AND (? IS NULL OR c.frequency_table_id = ?) ORDER BY c.id`)

  return {
    /** Saves families 0…n−1 of `index` as the tables of `caseIds[f]` (built from inputs `inputHashes[f]`). */
    save: db.transaction((caseIds: readonly string[], inputHashes: readonly string[], modelKey: string, index: ScreeningIndex) => {
      const now = new Date().toISOString()
      const L = index.loci
      for (let f = 0; f < caseIds.length; f++) {
        const values = index.values.subarray(index.vOffset[f], index.vOffset[f + 1])
        const sAlleles = index.sAlleles.subarray(index.sOffset[f], index.sOffset[f + 1])
        const packed = Buffer.concat([index.sCount.subarray(f * L, (f + 1) * L), sAlleles, new Uint8Array(values.buffer, values.byteOffset, values.byteLength)])
        upsert.run(caseIds[f], inputHashes[f], modelKey, sAlleles.length, values.length,
          cipher.seal('screening_tables', 'sealed_table', caseIds[f], packed.toString('base64')), now)
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
        const packed = Buffer.from(cipher.open('screening_tables', 'sealed_table', row.case_id, row.sealed_table), 'base64')
        if (packed.length !== loci + row.s_length + 4 * row.value_count) {
          throw new RangeError(`screening table of case ${row.case_id} has ${packed.length - row.s_length - 4 * row.value_count} loci, expected ${loci}`)
        }
        caseIds.push(row.case_id)
        sCount.set(packed.subarray(0, loci), f * loci)
        sAlleles.set(packed.subarray(loci, loci + row.s_length), sOffset[f])
        bytes.set(packed.subarray(loci + row.s_length), vOffset[f] * 4)
        sOffset[f + 1] = sOffset[f] + row.s_length
        vOffset[f + 1] = vOffset[f] + row.value_count
        f++
      }
      return { caseIds, index: withSharedCeilings({ loci, families: f, sOffset, vOffset, sCount, sAlleles, values }) }
    }
  }
}
