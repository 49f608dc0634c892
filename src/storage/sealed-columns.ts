/**
 * The columns encrypted at rest (src/storage/field-cipher.ts): genotypes, haplotypes and personal fields.
 * Ids, sexes, statuses, hashes and LRs stay plain: the search, the lists and the audit trail need them,
 * and none of them is a genotype or says who a person is. Each row is named in the associated data by
 * its key columns, so a sealed value belongs to exactly one row and column.
 */
export interface SealedTable {
  table: string
  keyColumns: readonly string[]
  columns: readonly string[]
}

export const SEALED_TABLES: readonly SealedTable[] = [
  { table: 'unidentified_persons', keyColumns: ['id'], columns: ['profile_json', 'amelogenin_json', 'estimated_birth_year', 'found_place', 'found_date', 'sex_override_reason', 'y_haplotype_json', 'mt_dna_json'] },
  { table: 'reference_profiles', keyColumns: ['case_id', 'person_id'], columns: ['profile_json', 'amelogenin_json', 'y_haplotype_json', 'mt_dna_json'] },
  { table: 'cases', keyColumns: ['id'], columns: ['born', 'missing_since'] },
  // the superseded versions hold whole records (profiles, found place): sealed as one value
  { table: 'case_history', keyColumns: ['id'], columns: ['version_json'] },
  { table: 'person_history', keyColumns: ['id'], columns: ['version_json'] },
  // free text a caseworker writes about a pair may name people and places
  { table: 'reviews', keyColumns: ['id'], columns: ['note', 'override_reason'] },
  // a TOTP secret must be readable to check a code, so it is sealed rather than hashed
  { table: 'user_credentials', keyColumns: ['user_id'], columns: ['totp_secret'] },
  // a stored result's per-locus LRs name each allele the frequency table lacks (its adjustment), and an
  // engine error may quote a value: a rare allele points at one person (migration 078)
  { table: 'match_results', keyColumns: ['case_id', 'person_id'], columns: ['per_locus_json', 'error'] },
  // a family's screening table holds its references' allele codes, readable with the public table (migration 080)
  { table: 'screening_tables', keyColumns: ['case_id'], columns: ['sealed_table'] }
]

/** The row key a sealed value is bound to: the key column's value, or the JSON list of several. */
export function rowKeyOf (values: readonly unknown[]): string {
  return values.length === 1 ? String(values[0]) : JSON.stringify(values.map(String))
}
