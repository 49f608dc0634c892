import { fail } from '../core/errors.ts'
import { createAuditRepository } from './audit-repository.ts'
import type { Database } from './database.ts'

/**
 * Expungement: a family case or an unidentified person is removed with everything derived from it
 * (profiles, pedigree, match results, reviews, rerun bookkeeping), and one audit record remains that
 * says who removed what and why, with identifiers and row counts only, never genotypes.
 *
 * "Gone" means gone from the file, not only from queries: secure_delete makes SQLite overwrite the
 * freed bytes, and a WAL checkpoint afterwards moves the overwritten pages into the main file and
 * empties the WAL. Backups taken before the expungement still hold the data: they are the operator's
 * to expire (the audit trail lists every backup taken).
 */

/** Why a record is expunged (recorded in the trail). */
export const EXPUNGE_REASONS = ['consent-withdrawn', 'reunited-closed', 'court-order', 'entered-in-error'] as const
export type ExpungeReason = typeof EXPUNGE_REASONS[number]

interface Rule { table: string, column: string, label: string }

/** Every table holding a case's data, children first (so foreign keys never block), keyed by the case id. */
export const CASE_RULES: readonly Rule[] = [
  { table: 'match_results', column: 'case_id', label: 'matchResults' },
  { table: 'reviews', column: 'case_id', label: 'reviews' },
  { table: 'alerts', column: 'case_id', label: 'alerts' },
  { table: 'case_assignments', column: 'case_id', label: 'assignments' },
  { table: 'rerun_pairs', column: 'case_id', label: 'rerunPairs' },
  { table: 'rerun_searches', column: 'case_id', label: 'rerunSearches' },
  { table: 'case_search_marks', column: 'case_id', label: 'searchMarks' },
  // the national-scale screening table is derived from the references' alleles (migration 040)
  { table: 'screening_tables', column: 'case_id', label: 'screeningTables' },
  { table: 'reference_profiles', column: 'case_id', label: 'referenceProfiles' },
  { table: 'case_persons', column: 'case_id', label: 'pedigreePersons' },
  { table: 'cases', column: 'id', label: 'cases' }
]

/** Every table holding an unidentified person's data, keyed by the sample id. */
export const PERSON_RULES: readonly Rule[] = [
  { table: 'match_results', column: 'person_id', label: 'matchResults' },
  { table: 'reviews', column: 'person_id', label: 'reviews' },
  { table: 'alerts', column: 'person_id', label: 'alerts' },
  { table: 'rerun_pairs', column: 'person_id', label: 'rerunPairs' },
  { table: 'rerun_searches', column: 'person_id', label: 'rerunSearches' },
  { table: 'person_search_marks', column: 'person_id', label: 'searchMarks' },
  { table: 'unidentified_persons', column: 'id', label: 'persons' }
]

/**
 * Tables that hold no data about a case or a person, or only identifiers in the audit trail.
 * A test fails when a migration adds a table that is in neither this list nor the rules above,
 * so nobody can add a place where a profile lives without deciding how it is expunged.
 */
export const TABLES_WITHOUT_SUBJECT_DATA: readonly string[] = [
  'schema_migrations', 'frequency_tables', 'reruns', 'users', 'api_tokens', 'sqlite_sequence',
  // identifiers only, never genotypes; kept as the record of what happened (who uploaded, who expunged)
  'audit_log', 'imports',
  // which account read which alert: ids only, removed with the alert (ON DELETE CASCADE, migration 072)
  'alert_reads',
  // allele codes per frequency table version and locus; an allele value names nobody
  'screening_alleles'
]

export interface ExpungeActor {
  actor: string
  role: string | null
  reason: ExpungeReason
  requestId?: string
}

export interface ExpungeResult {
  id: string
  deleted: Record<string, number>
  auditSeq: number
}

function tableExists (db: Database, table: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined
}

export function createExpungeRepository (db: Database) {
  const audit = createAuditRepository(db)

  function expunge (kind: 'case' | 'person', id: string, rules: readonly Rule[], who: ExpungeActor): ExpungeResult {
    const root = rules[rules.length - 1]
    db.pragma('secure_delete = ON')
    const result = db.transaction((): ExpungeResult => {
      if (db.prepare(`SELECT 1 FROM ${root.table} WHERE ${root.column} = ?`).get(id) === undefined) {
        fail('NOT_FOUND', `no ${kind === 'case' ? 'case' : 'unidentified person'} "${id}"`, kind === 'case' ? { field: 'id', value: id } : { sample: id })
      }
      const deleted: Record<string, number> = {}
      for (const rule of rules) {
        if (!tableExists(db, rule.table)) continue
        deleted[rule.label] = db.prepare(`DELETE FROM ${rule.table} WHERE ${rule.column} = ?`).run(id).changes
      }
      const entry = audit.append({
        actor: who.actor,
        role: who.role,
        action: `${kind}.expunge`,
        target: { [kind === 'case' ? 'caseId' : 'personId']: id, reason: who.reason, ...deleted, ...(who.requestId === undefined ? {} : { requestId: who.requestId }) },
        status: 200
      })
      return { id, deleted, auditSeq: entry.seq }
    }).immediate()
    // Move the overwritten pages into the main file and empty the WAL, which still held the old pages.
    db.pragma('wal_checkpoint(TRUNCATE)')
    return result
  }

  return {
    /** Removes a family case: pedigree, reference profiles, results, reviews; audited in the same transaction. */
    expungeCase: (id: string, who: ExpungeActor) => expunge('case', id, CASE_RULES, who),
    /** Removes an unidentified person: profile, results, reviews; audited in the same transaction. */
    expungePerson: (id: string, who: ExpungeActor) => expunge('person', id, PERSON_RULES, who)
  }
}
