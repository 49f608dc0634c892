import type { FrequencyAdjustment } from '../core/markers/frequency-table.ts'
import type { LocusClass } from '../core/pedigree/kinship-case.ts'
import type { PairLineage } from '../runs/lineage-evidence.ts'
import type { Database } from './database.ts'
import { cipherOf } from './encryption-at-rest.ts'
import type { FieldCipher } from './field-cipher.ts'
import { rowKeyOf } from './sealed-columns.ts'

export type ResultStatus = 'scored' | 'excluded' | 'sex-mismatch' | 'error'

export interface StoredLocusLr {
  locus: string
  /** null when the LR at this locus is 0. */
  log10Lr: number | null
  class: LocusClass
  adjustments: FrequencyAdjustment[]
}

/** The stored outcome of one (case, person) comparison. */
export interface MatchResult {
  caseId: string
  personId: string
  status: ResultStatus
  /** null for an exclusion (LR 0) and for pairs not scored. */
  log10Lr: number | null
  inconsistentLoci: number
  comparedLoci: number
  perLocus: StoredLocusLr[]
  lociNotEvaluated: string[]
  error?: string
  modelVersion: string
  frequencyTableId: string
  frequencyTableVersion: string
  inputHash: string
  rerunId?: number
  computedAt: string
  /** The lineage LRs (migration 079), when a system could be evaluated: each apart, never folded into log10Lr. */
  lineage?: PairLineage
  /** log10Lr × the lineage LRs (independent given the pedigree): the figure a list is ranked by; absent without lineage evidence. */
  combinedLog10Lr?: number | null
}

interface ResultRow {
  case_id: string
  person_id: string
  status: ResultStatus
  log10_lr: number | null
  inconsistent_loci: number
  compared_loci: number
  per_locus_json: Buffer | string // sealed, as error (plain in a database not yet sealed)
  loci_not_evaluated_json: string
  error: Buffer | string | null
  model_version: string
  frequency_table_id: string
  frequency_table_version: string
  input_hash: string
  rerun_id: number | null
  computed_at: string
  combined_log10_lr: number | null
  lineage_json: string | null
}

// The per-locus LRs name every allele the table lacks (its frequency adjustment), and an engine error may
// name a value: both are sealed at rest (src/storage/sealed-columns.ts), bound to the pair's row.
function toResult (c: FieldCipher, r: ResultRow): MatchResult {
  const rowKey = rowKeyOf([r.case_id, r.person_id])
  const error = c.openNullable('match_results', 'error', rowKey, r.error)
  const m: MatchResult = {
    caseId: r.case_id,
    personId: r.person_id,
    status: r.status,
    log10Lr: r.log10_lr,
    inconsistentLoci: r.inconsistent_loci,
    comparedLoci: r.compared_loci,
    perLocus: JSON.parse(c.open('match_results', 'per_locus_json', rowKey, r.per_locus_json)) as StoredLocusLr[],
    lociNotEvaluated: JSON.parse(r.loci_not_evaluated_json) as string[],
    modelVersion: r.model_version,
    frequencyTableId: r.frequency_table_id,
    frequencyTableVersion: r.frequency_table_version,
    inputHash: r.input_hash,
    computedAt: r.computed_at
  }
  if (error !== null) m.error = error
  if (r.rerun_id !== null) m.rerunId = r.rerun_id
  if (r.lineage_json !== null) {
    m.lineage = JSON.parse(r.lineage_json) as PairLineage
    m.combinedLog10Lr = r.combined_log10_lr
  }
  return m
}

// Best first: higher log10 LR first (the combined one where lineage markers were evaluated, issue 14);
// exclusions (NULL) after every number; ties by id for a stable order.
const RANKED_LR = 'coalesce(combined_log10_lr, log10_lr)'
const RANK_ORDER = `${RANKED_LR} IS NULL, ${RANKED_LR} DESC`

export function createResultRepository (db: Database) {
  const cipher = cipherOf(db)
  const toResultRow = (r: ResultRow): MatchResult => toResult(cipher, r)
  const upsert = db.prepare(`INSERT INTO match_results (case_id, person_id, status, log10_lr, inconsistent_loci, compared_loci, per_locus_json,
      loci_not_evaluated_json, error, model_version, frequency_table_id, frequency_table_version, input_hash, rerun_id, computed_at,
      y_log10_lr, mt_log10_lr, combined_log10_lr, lineage_json)
    VALUES (@case_id, @person_id, @status, @log10_lr, @inconsistent_loci, @compared_loci, @per_locus_json, @loci_not_evaluated_json, @error,
      @model_version, @frequency_table_id, @frequency_table_version, @input_hash, @rerun_id, @computed_at,
      @y_log10_lr, @mt_log10_lr, @combined_log10_lr, @lineage_json)
    ON CONFLICT (case_id, person_id) DO UPDATE SET status = excluded.status, log10_lr = excluded.log10_lr,
      inconsistent_loci = excluded.inconsistent_loci, compared_loci = excluded.compared_loci, per_locus_json = excluded.per_locus_json,
      loci_not_evaluated_json = excluded.loci_not_evaluated_json, error = excluded.error, model_version = excluded.model_version,
      frequency_table_id = excluded.frequency_table_id, frequency_table_version = excluded.frequency_table_version,
      input_hash = excluded.input_hash, rerun_id = excluded.rerun_id, computed_at = excluded.computed_at,
      y_log10_lr = excluded.y_log10_lr, mt_log10_lr = excluded.mt_log10_lr, combined_log10_lr = excluded.combined_log10_lr, lineage_json = excluded.lineage_json`)
  const getOne = db.prepare('SELECT * FROM match_results WHERE case_id = ? AND person_id = ?')
  // Listed when the autosomal or the combined LR reaches the floor: lineage evidence may lift a pair into the list
  // but never hides one the autosomal LR lists (a Y mismatch may be a non-paternity the caseworker must see).
  const listed = `((status = 'scored' AND max(log10_lr, ${RANKED_LR}) >= @min) OR (status = 'excluded' AND @withExcluded = 1))`
  const forCase = db.prepare(`SELECT * FROM match_results WHERE case_id = @id AND ${listed} ORDER BY ${RANK_ORDER}, person_id LIMIT @limit`)
  const forPerson = db.prepare(`SELECT * FROM match_results WHERE person_id = @id AND ${listed} ORDER BY ${RANK_ORDER}, case_id LIMIT @limit`)
  const countByStatusCase = db.prepare('SELECT status, count(*) AS n FROM match_results WHERE case_id = ? GROUP BY status')
  const countByStatusPerson = db.prepare('SELECT status, count(*) AS n FROM match_results WHERE person_id = ? GROUP BY status')
  const bestOtherForPerson = db.prepare("SELECT max(log10_lr) AS m FROM match_results WHERE person_id = ? AND case_id <> ? AND status = 'scored'")
  const bestOtherForCase = db.prepare("SELECT max(log10_lr) AS m FROM match_results WHERE case_id = ? AND person_id <> ? AND status = 'scored'")
  const hashes = db.prepare('SELECT case_id, person_id, input_hash FROM match_results')
  const aboveCase = db.prepare("SELECT count(*) AS n FROM match_results WHERE case_id = ? AND status = 'scored' AND log10_lr >= ?")
  const abovePerson = db.prepare("SELECT count(*) AS n FROM match_results WHERE person_id = ? AND status = 'scored' AND log10_lr >= ?")
  const delCase = db.prepare('DELETE FROM match_results WHERE case_id = ?')
  const delPerson = db.prepare('DELETE FROM match_results WHERE person_id = ?')

  const save = (r: Omit<MatchResult, 'computedAt'> & { computedAt?: string }): void => {
    const rowKey = rowKeyOf([r.caseId, r.personId])
    upsert.run({
      case_id: r.caseId,
      person_id: r.personId,
      status: r.status,
      log10_lr: r.log10Lr,
      inconsistent_loci: r.inconsistentLoci,
      compared_loci: r.comparedLoci,
      per_locus_json: cipher.seal('match_results', 'per_locus_json', rowKey, JSON.stringify(r.perLocus)),
      loci_not_evaluated_json: JSON.stringify(r.lociNotEvaluated),
      error: cipher.sealNullable('match_results', 'error', rowKey, r.error),
      model_version: r.modelVersion,
      frequency_table_id: r.frequencyTableId,
      frequency_table_version: r.frequencyTableVersion,
      input_hash: r.inputHash,
      rerun_id: r.rerunId ?? null,
      computed_at: r.computedAt ?? new Date().toISOString(),
      // figures only (LRs, counts, meioses, loci compared): no haplotype, so plain like log10_lr
      y_log10_lr: r.lineage?.paternal?.log10Lr ?? null,
      mt_log10_lr: r.lineage?.maternal?.log10Lr ?? null,
      combined_log10_lr: r.lineage === undefined ? null : r.combinedLog10Lr ?? null,
      lineage_json: r.lineage === undefined ? null : JSON.stringify(r.lineage)
    })
  }

  const countStatuses = (rows: Array<{ status: ResultStatus, n: number }>): Record<ResultStatus, number> => {
    const counts: Record<ResultStatus, number> = { scored: 0, excluded: 0, 'sex-mismatch': 0, error: 0 }
    for (const r of rows) counts[r.status] = r.n
    return counts
  }

  return {
    save,
    /** Saves many results in one transaction. */
    saveMany: db.transaction((results: ReadonlyArray<Omit<MatchResult, 'computedAt'> & { computedAt?: string }>) => { for (const r of results) save(r) }),
    get: (caseId: string, personId: string): MatchResult | undefined => {
      const row = getOne.get(caseId, personId) as ResultRow | undefined
      return row === undefined ? undefined : toResultRow(row)
    },
    /**
     * A case's pairs with log10 LR ≥ minLog10Lr, best first; with minLog10Lr −∞ also its exclusions (LR 0).
     * Sex mismatches and errors are never candidates.
     */
    rankedForCase: (caseId: string, limit: number, minLog10Lr = -Infinity): MatchResult[] =>
      (forCase.all({ id: caseId, limit, min: minLog10Lr, withExcluded: minLog10Lr === -Infinity ? 1 : 0 }) as ResultRow[]).map(toResultRow),
    rankedForPerson: (personId: string, limit: number, minLog10Lr = -Infinity): MatchResult[] =>
      (forPerson.all({ id: personId, limit, min: minLog10Lr, withExcluded: minLog10Lr === -Infinity ? 1 : 0 }) as ResultRow[]).map(toResultRow),
    statusCountsForCase: (caseId: string) => countStatuses(countByStatusCase.all(caseId) as Array<{ status: ResultStatus, n: number }>),
    statusCountsForPerson: (personId: string) => countStatuses(countByStatusPerson.all(personId) as Array<{ status: ResultStatus, n: number }>),
    /** The best competing log10 LR for a person among other cases (null when none scores). */
    bestOtherCaseFor: (personId: string, caseId: string): number | null => (bestOtherForPerson.get(personId, caseId) as { m: number | null }).m,
    /** The best competing log10 LR for a case among other persons. */
    bestOtherPersonFor: (caseId: string, personId: string): number | null => (bestOtherForCase.get(caseId, personId) as { m: number | null }).m,
    /** How many of a case's (or person's) pairs reach a log10 LR, over the whole list, not one page of it. */
    countAboveForCase: (caseId: string, log10Lr: number): number => (aboveCase.get(caseId, log10Lr) as { n: number }).n,
    countAboveForPerson: (personId: string, log10Lr: number): number => (abovePerson.get(personId, log10Lr) as { n: number }).n,
    /** Drops a case's results (before its changed version is searched again). */
    deleteForCase: (caseId: string): number => delCase.run(caseId).changes,
    deleteForPerson: (personId: string): number => delPerson.run(personId).changes,
    /** Every stored pair's input hash, keyed "caseId\u0000personId" (for incremental reruns). */
    inputHashes: (): Map<string, string> => {
      const m = new Map<string, string>()
      for (const r of hashes.iterate() as IterableIterator<{ case_id: string, person_id: string, input_hash: string }>) m.set(pairKey(r.case_id, r.person_id), r.input_hash)
      return m
    }
  }
}

/** The key of a (case, person) pair in maps. */
export function pairKey (caseId: string, personId: string): string {
  return `${caseId}\u0000${personId}`
}

export type ResultRepository = ReturnType<typeof createResultRepository>
