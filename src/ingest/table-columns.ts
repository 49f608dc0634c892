import { fail } from '../core/errors.ts'
import type { Sex } from '../core/markers/profile.ts'
import { foldHeader } from './text-table.ts'

/** Header names that carry the sample id, in order of preference (folded, see foldHeader). */
export const ID_COLUMNS = ['sample name', 'samplename', 'sample id', 'sampleid', 'specimenid', 'specimen id', 'specimen', 'sample', 'sample file', 'samplefile']

/** Columns that are known to carry something other than alleles; a table may have any of them. */
const METADATA = new Set([
  'sample file', 'samplefile', 'run name', 'panel', 'dye', 'snp', 'height', 'ado', 'ae', 'dac', 'omit', 'os', 'shp', 'oba', 'spa',
  'sp', 'bin', 'phr', 'lph', 'spu', 'an', 'bd', 'dp', 'nb', 'cc', 'ovl', 'xtlk', 'gq', 'cv', 'ud1', 'ud2', 'ud3', 'remark',
  'research id', 'pop', 'population', 'family id', 'family', 'relation', '[relation]', 'sex', 'gender', 'case id', 'caseid', 'comment', 'kit'
])
const NUMBERED_METADATA = /^(size|height|peak area|data point|mutation|ae comment) ?\d+$/

/** True for a header naming a column whose content is not an allele call. */
export function isMetadataColumn (folded: string): boolean {
  return METADATA.has(folded) || NUMBERED_METADATA.test(folded) || ID_COLUMNS.includes(folded)
}

/**
 * Index of the sample id column: the one the request names, else the first of ID_COLUMNS present.
 * Returns -1 when there is none (the caller decides whether the file can do without).
 */
export function findIdColumn (header: readonly string[], idColumn?: string): number {
  const folded = header.map(foldHeader)
  if (idColumn !== undefined) {
    const i = folded.indexOf(foldHeader(idColumn))
    if (i < 0) fail('UNREADABLE_FILE', `line 1: the id column "${idColumn}" is not in the header (${header.filter((h) => h !== '').map((h) => `"${h}"`).join(', ')})`, { line: 1, field: idColumn })
    return i
  }
  for (const name of ID_COLUMNS) {
    const i = folded.indexOf(name)
    if (i >= 0) return i
  }
  return -1
}

/** Index of a column by folded name, or -1. */
export function findColumn (header: readonly string[], ...names: string[]): number {
  const folded = header.map(foldHeader)
  for (const name of names) {
    const i = folded.indexOf(name)
    if (i >= 0) return i
  }
  return -1
}

/** A sex cell ("M", "male", "F", "Female") → Sex, anything else → undefined. */
export function parseSex (cell: string | undefined): Sex | undefined {
  const v = (cell ?? '').trim().toLowerCase()
  if (v === 'm' || v === 'male') return 'male'
  if (v === 'f' || v === 'female') return 'female'
  return undefined
}

/** The sample-level facts a table may carry in its own columns (sex, case, relation). */
export interface FactColumns { sex: number, caseId: number, relation: number }

export function findFactColumns (header: readonly string[]): FactColumns {
  return {
    sex: findColumn(header, 'sex', 'gender'),
    caseId: findColumn(header, 'case id', 'caseid', 'family id', 'family'),
    relation: findColumn(header, 'relation', '[relation]')
  }
}

/** Reads the fact columns of a row into sample fields. */
export function readFacts (cells: readonly string[], cols: FactColumns): { sex?: Sex, caseId?: string, relation?: string } {
  const out: { sex?: Sex, caseId?: string, relation?: string } = {}
  const sex = cols.sex >= 0 ? parseSex(cells[cols.sex]) : undefined
  if (sex !== undefined) out.sex = sex
  const caseId = cols.caseId >= 0 ? (cells[cols.caseId] ?? '').trim() : ''
  if (caseId !== '') out.caseId = caseId
  const relation = cols.relation >= 0 ? (cells[cols.relation] ?? '').replace(/^\[|\]$/g, '').trim() : ''
  if (relation !== '') out.relation = relation
  return out
}
