import type { Database } from 'better-sqlite3'
import type { ScoredPair } from '../../workers/scan-worker.ts'
import { simCaseId, simPersonId } from './population-db.ts'

/** Stores exact results of screened pairs in the service's match_results table, one transaction per call. */
export function createResultStore (db: Database, tableId: string, tableVersion: string, modelVersion: string) {
  const insert = db.prepare(`INSERT OR REPLACE INTO match_results (case_id, person_id, status, log10_lr, inconsistent_loci, compared_loci, per_locus_json, error,
    model_version, frequency_table_id, frequency_table_version, input_hash, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const write = db.transaction((cases: ArrayLike<number>, persons: ArrayLike<number>, scored: readonly ScoredPair[]) => {
    const now = new Date().toISOString()
    for (let i = 0; i < scored.length; i++) {
      const s = scored[i]
      const status = s.error !== undefined ? 'error' : s.log10Lr === null ? 'excluded' : 'scored'
      insert.run(simCaseId(cases[i]), simPersonId(persons[i]), status, s.log10Lr, s.inconsistentLoci, s.comparedLoci, JSON.stringify(s.perLocus), s.error ?? null,
        modelVersion, tableId, tableVersion, 'bench', now)
    }
  })
  return { write }
}
