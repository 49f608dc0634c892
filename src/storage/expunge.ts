import { fail } from '../core/errors.ts'
import type { AuditEntry } from '../core/trust/audit-chain.ts'
import type { AuditTarget } from './audit-repository.ts'
import type { Database } from './database.ts'

/**
 * Expungement: a family case or an unidentified person is removed with everything derived from it
 * (profiles, pedigree, match results, reviews, rerun bookkeeping), and one audit record remains that
 * says who removed what and why, with identifiers and row counts only, never genotypes.
 *
 * "Gone" means gone from the file, not only from queries: secure_delete makes SQLite overwrite the
 * freed bytes, and a WAL checkpoint afterwards moves the overwritten pages into the main file and
 * empties the WAL. That checkpoint cannot complete while another connection reads, so the deletion
 * is recorded as pending (status 202, `bytes: 'pending'`) and completed, with its own entry, by the
 * first checkpoint that truncates the WAL (src/storage/expunge-checkpoint.ts). Backups taken before
 * the expungement still hold the data: they are the operator's to expire (the trail lists every backup).
 */

/** Why a record is expunged (recorded in the trail). */
export const EXPUNGE_REASONS = ['consent-withdrawn', 'reunited-closed', 'court-order', 'entered-in-error'] as const
export type ExpungeReason = typeof EXPUNGE_REASONS[number]

interface Rule { table: string, column: string, label: string }

/** Every table holding a case's data, children first (so foreign keys never block), keyed by the case id. */
export const CASE_RULES: readonly Rule[] = [
  // every slot's LR of a multi-slot case (migration 082), children of match_results
  { table: 'match_slot_results', column: 'case_id', label: 'slotResults' },
  { table: 'match_results', column: 'case_id', label: 'matchResults' },
  { table: 'reviews', column: 'case_id', label: 'reviews' },
  { table: 'report_issues', column: 'case_id', label: 'reportIssues' },
  { table: 'alerts', column: 'case_id', label: 'alerts' },
  { table: 'case_assignments', column: 'case_id', label: 'assignments' },
  { table: 'rerun_pairs', column: 'case_id', label: 'rerunPairs' },
  { table: 'rerun_searches', column: 'case_id', label: 'rerunSearches' },
  { table: 'case_search_marks', column: 'case_id', label: 'searchMarks' },
  // family power (migration 074): figures derived from the references' genotypes
  { table: 'family_power', column: 'case_id', label: 'familyPower' },
  // the national-scale screening table is derived from the references' alleles (migration 040)
  { table: 'screening_tables', column: 'case_id', label: 'screeningTables' },
  { table: 'reference_profiles', column: 'case_id', label: 'referenceProfiles' },
  // the slots of a family with several missing persons (migration 082): their sexes, children of case_persons
  { table: 'case_missing_persons', column: 'case_id', label: 'missingPersons' },
  { table: 'case_persons', column: 'case_id', label: 'pedigreePersons' },
  // versions superseded by a replacement (migration 062): the old pedigree and genotypes
  { table: 'case_history', column: 'case_id', label: 'history' },
  { table: 'cases', column: 'id', label: 'cases' }
]

/** Every table holding an unidentified person's data, keyed by the sample id. */
export const PERSON_RULES: readonly Rule[] = [
  { table: 'match_slot_results', column: 'person_id', label: 'slotResults' },
  { table: 'match_results', column: 'person_id', label: 'matchResults' },
  { table: 'reviews', column: 'person_id', label: 'reviews' },
  { table: 'report_issues', column: 'person_id', label: 'reportIssues' },
  { table: 'alerts', column: 'person_id', label: 'alerts' },
  { table: 'rerun_pairs', column: 'person_id', label: 'rerunPairs' },
  { table: 'rerun_searches', column: 'person_id', label: 'rerunSearches' },
  { table: 'person_search_marks', column: 'person_id', label: 'searchMarks' },
  { table: 'person_history', column: 'person_id', label: 'history' },
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
  // staff accounts' password hashes, second factors and sessions (migration 070): about the people who use
  // Homeward, never about a case or a person; they end with the account (disable), not with a record
  'user_credentials', 'sessions',
  // encryption at rest (migration 076): key ids and check values, and whether old plain values were sealed
  'encryption_keys', 'encryption_state',
  // the units tree (migration 075): names of ministries, provinces and labs, never about a case or a person
  'units',
  // joint identification (migration 083): deleting the case or person row (the last rule above) fires triggers
  // that remove every component holding it, so no row names it, and queue the other members to be identified again
  'slot_identifications', 'person_identifications', 'identification_pending'
  // (screening_alleles, the stored allele codebook, is gone: migration 060; codes are computed, allele-codebook.ts)
]

export interface ExpungeActor {
  reason: ExpungeReason
  /**
   * Writes the deletion's audit entry inside its transaction, as who: an HTTP request's
   * `request.audit.inTransaction`, or `audit.appendInTransaction` under an operator's name.
   */
  record: (status: number, target: AuditTarget) => AuditEntry
}

/** The status of a deletion's entry: rows gone, bytes not yet confirmed gone from the files. */
export const EXPUNGE_PENDING_STATUS = 202

export interface ExpungeResult {
  id: string
  deleted: Record<string, number>
  /** The deletion's audit entry, which a completion entry names once the bytes are gone. */
  auditSeq: number
}

function tableExists (db: Database, table: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined
}

export function createExpungeRepository (db: Database) {
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
      const entry = who.record(EXPUNGE_PENDING_STATUS, { [kind === 'case' ? 'caseId' : 'personId']: id, reason: who.reason, ...deleted, bytes: 'pending' })
      return { id, deleted, auditSeq: entry.seq }
    }).immediate()
    // The old pages are still in the WAL and the main file: see expunge-checkpoint.ts for what removes them.
    return result
  }

  return {
    /** Removes a family case: pedigree, reference profiles, results, reviews; audited in the same transaction. */
    expungeCase: (id: string, who: ExpungeActor) => expunge('case', id, CASE_RULES, who),
    /** Removes an unidentified person: profile, results, reviews; audited in the same transaction. */
    expungePerson: (id: string, who: ExpungeActor) => expunge('person', id, PERSON_RULES, who)
  }
}
