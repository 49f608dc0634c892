import type { Sex } from '../core/markers/profile.ts'
import type { RecordStatus } from './case-repository.ts'
import type { Database } from './database.ts'
import { LISTED_RESULT, listedBinds, searchPatterns } from './list-search.ts'
import { createUnitScope, type UnitActor } from './unit-scope.ts'

/** One row of the caseworker's list of unidentified persons. */
export interface PersonListRow {
  id: string
  sex: Sex
  estimatedBirthYear?: number
  foundPlace?: string
  foundDate?: string
  status: RecordStatus
  /** Cases whose stored result a candidate list shows (LR at or above the floor). */
  candidates: number
  /** The best of those (log10); null when there is none or only exclusions. */
  bestLog10Lr: number | null
  createdAt: string
}

export interface PersonListFilter {
  /** Searched in the id and the found place (anywhere) and, when it reads as a date, the found date (from the start). */
  q?: string
  status?: RecordStatus
  /** Who reads the list: only the persons of their unit and below (src/storage/unit-scope.ts). */
  viewer: UnitActor
  log10Floor: number
  limit: number
  offset: number
}

interface Row {
  id: string
  sex: Sex
  estimated_birth_year: number | null
  found_place: string | null
  found_date: string | null
  status: RecordStatus
  created_at: string
  candidates: number
  best: number | null
}

// Sealed columns (src/storage/sealed-columns.ts), opened in SQL by the connection's homeward_open: a
// search in the found place decrypts the rows it passes over.
const opened = (column: string): string => `homeward_open('unidentified_persons', '${column}', p.id, p.${column})`
const PLACE = opened('found_place')
const FOUND_DATE = opened('found_date')
const BIRTH_YEAR = opened('estimated_birth_year')

/**
 * The list of unidentified persons, newest first, a page at a time along the created-order indexes of
 * migration 073 (no sort of 10^6 rows per request); counts and best LR for the shown rows only
 * (match_results_by_person); `hasMore` from one row past the page.
 */
export function createPersonListQuery (db: Database) {
  const statements = new Map<string, ReturnType<Database['prepare']>>()
  const scope = createUnitScope(db)
  const statement = (search: boolean, status: boolean, dates = false, unitSql = ''): ReturnType<Database['prepare']> => {
    const key = `${search ? 1 : 0}${status ? 1 : 0}${dates ? 1 : 0}${unitSql === '' ? 0 : 1}`
    let s = statements.get(key)
    if (s === undefined) {
      const where = [
        status ? 'p.status = @status' : '',
        unitSql,
        search ? `(p.id LIKE @contains ESCAPE '\\' OR ${PLACE} LIKE @contains ESCAPE '\\'${dates ? ` OR substr(${FOUND_DATE}, 1, length(@date)) = @date` : ''})` : ''
      ].filter((w) => w !== '')
      // the page's ids first along the index, then the counts and best LR for those rows only
      s = db.prepare(`WITH page AS (
          SELECT p.id, p.created_at FROM unidentified_persons p
          ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
          ORDER BY p.created_at DESC, p.id DESC
          LIMIT @limit OFFSET @offset)
        SELECT p.id, p.sex, CAST(${BIRTH_YEAR} AS INTEGER) AS estimated_birth_year, ${PLACE} AS found_place, ${FOUND_DATE} AS found_date, p.status, p.created_at,
          (SELECT count(*) FROM match_results m WHERE m.person_id = p.id AND ${LISTED_RESULT}) AS candidates,
          (SELECT max(m.log10_lr) FROM match_results m WHERE m.person_id = p.id AND m.status = 'scored' AND ${LISTED_RESULT}) AS best
        FROM page JOIN unidentified_persons p ON p.id = page.id
        ORDER BY page.created_at DESC, page.id DESC`)
      statements.set(key, s)
    }
    return s
  }

  return {
    page (f: PersonListFilter): { rows: PersonListRow[], hasMore: boolean } {
      const patterns = searchPatterns(f.q)
      const unit = scope.condition(f.viewer, 'p.unit_id')
      const rows = statement(patterns !== undefined, f.status !== undefined, patterns?.date !== undefined, unit.sql).all({
        ...unit.binds,
        ...listedBinds(f.log10Floor),
        ...(patterns === undefined ? {} : { contains: patterns.contains, ...(patterns.date === undefined ? {} : { date: patterns.date }) }),
        ...(f.status === undefined ? {} : { status: f.status }),
        limit: f.limit + 1,
        offset: f.offset
      }) as Row[]
      return { rows: rows.slice(0, f.limit).map(toRow), hasMore: rows.length > f.limit }
    },
    /** The query plan of a filter combination, for the test that keeps the list off full-table sorts. */
    plan (search: boolean, status: boolean, unit = false): string[] {
      return (db.prepare(`EXPLAIN QUERY PLAN ${statement(search, status, search, unit ? scope.condition({ userId: 0, role: 'caseworker', unitId: 2 }, 'p.unit_id').sql : '').source}`)
        .all({ ...(unit ? { scopeUnit: 2 } : {}), min: 0, withExcluded: 0, contains: '%', date: '2014', status: 'open', limit: 1, offset: 0 }) as Array<{ detail: string }>).map((r) => r.detail)
    }
  }
}

function toRow (r: Row): PersonListRow {
  const row: PersonListRow = { id: r.id, sex: r.sex, status: r.status, candidates: r.candidates, bestLog10Lr: r.best, createdAt: r.created_at }
  if (r.estimated_birth_year !== null) row.estimatedBirthYear = r.estimated_birth_year
  if (r.found_place !== null) row.foundPlace = r.found_place
  if (r.found_date !== null) row.foundDate = r.found_date
  return row
}

export type PersonListQuery = ReturnType<typeof createPersonListQuery>
