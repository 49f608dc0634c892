import type { Sex } from '../core/markers/profile.ts'
import type { RecordStatus } from './case-repository.ts'
import type { Database } from './database.ts'
import { LISTED_RESULT, listedBinds, searchPatterns } from './list-search.ts'
import { createUnitScope, type UnitActor } from './unit-scope.ts'

/** One row of the caseworker's case list. */
export interface CaseListRow {
  id: string
  missingPersonSex: Sex
  born?: string
  missingSince?: string
  status: RecordStatus
  /** The assignee's account name; absent: the shared queue. */
  assignee?: string
  /** Stored results a candidate list shows (LR at or above the floor). */
  candidates: number
  /** The best of those (log10); null when there is none or only exclusions. */
  bestLog10Lr: number | null
  createdAt: string
}

export interface CaseListFilter {
  /** Searched in the id (anywhere) and, when it reads as a date (2014, 2014-08, 2014-08-03), in the born and missing-since dates (from the start). */
  q?: string
  status?: RecordStatus
  /** Only the cases assigned to this account (users.id). */
  assigneeUserId?: number
  /** Who reads the list: only the cases of their unit and below (src/storage/unit-scope.ts). */
  viewer: UnitActor
  /** log10 of the candidate floor (−∞: every pair is a candidate). */
  log10Floor: number
  limit: number
  offset: number
}

interface Row {
  id: string
  missing_person_sex: Sex
  born: string | null
  missing_since: string | null
  status: RecordStatus
  created_at: string
  assignee: string | null
  candidates: number
  best: number | null
}

/**
 * The case list, newest first, one page at a time. The page is read along an index in created order
 * (migration 073), so a request costs the rows it skips and shows, never a sort of 10^5 cases; the
 * candidate count and best LR are looked up for the shown rows only (match_results_by_case). `hasMore`
 * comes from reading one row past the page, so no count of the whole table is needed either.
 */
// The dates are sealed (src/storage/sealed-columns.ts), opened in SQL by the connection's homeward_open.
const BORN = "homeward_open('cases', 'born', c.id, c.born)"
const MISSING_SINCE = "homeward_open('cases', 'missing_since', c.id, c.missing_since)"

export function createCaseListQuery (db: Database) {
  const statements = new Map<string, ReturnType<Database['prepare']>>()
  const scope = createUnitScope(db)
  // One statement per combination of filters (the SQL holds no user text), so each uses its own index.
  const statement = (search: boolean, status: boolean, mine: boolean, dates = false, unitSql = ''): ReturnType<Database['prepare']> => {
    const key = `${search ? 1 : 0}${status ? 1 : 0}${mine ? 1 : 0}${dates ? 1 : 0}${unitSql === '' ? 0 : 1}`
    let s = statements.get(key)
    if (s === undefined) {
      const where = [
        status ? 'c.status = @status' : '',
        mine ? 'ca.user_id = @assignee' : '',
        unitSql,
        search ? `(c.id LIKE @contains ESCAPE '\\'${dates ? ` OR substr(${BORN}, 1, length(@date)) = @date OR substr(${MISSING_SINCE}, 1, length(@date)) = @date` : ''})` : ''
      ].filter((w) => w !== '')
      // The page's ids first, along the index alone (covering for id and status), so that skipped rows
      // cost an index step each; the counts, best LR and assignee are then read for those 50 only.
      s = db.prepare(`WITH page AS (
          SELECT c.id, c.created_at FROM cases c
          ${mine ? 'JOIN case_assignments ca ON ca.case_id = c.id' : ''}
          ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
          ORDER BY c.created_at DESC, c.id DESC
          LIMIT @limit OFFSET @offset)
        SELECT c.id, c.missing_person_sex, ${BORN} AS born, ${MISSING_SINCE} AS missing_since, c.status, c.created_at, u.name AS assignee,
          (SELECT count(*) FROM match_results m WHERE m.case_id = c.id AND ${LISTED_RESULT}) AS candidates,
          (SELECT max(m.log10_lr) FROM match_results m WHERE m.case_id = c.id AND m.status = 'scored' AND ${LISTED_RESULT}) AS best
        FROM page JOIN cases c ON c.id = page.id
        LEFT JOIN case_assignments ca ON ca.case_id = c.id
        LEFT JOIN users u ON u.id = ca.user_id
        ORDER BY page.created_at DESC, page.id DESC`)
      statements.set(key, s)
    }
    return s
  }

  return {
    page (f: CaseListFilter): { rows: CaseListRow[], hasMore: boolean } {
      const patterns = searchPatterns(f.q)
      const unit = scope.condition(f.viewer, 'c.unit_id')
      const s = statement(patterns !== undefined, f.status !== undefined, f.assigneeUserId !== undefined, patterns?.date !== undefined, unit.sql)
      const rows = s.all({
        ...unit.binds,
        ...listedBinds(f.log10Floor),
        ...(patterns === undefined ? {} : { contains: patterns.contains, ...(patterns.date === undefined ? {} : { date: patterns.date }) }),
        ...(f.status === undefined ? {} : { status: f.status }),
        ...(f.assigneeUserId === undefined ? {} : { assignee: f.assigneeUserId }),
        limit: f.limit + 1,
        offset: f.offset
      }) as Row[]
      return { rows: rows.slice(0, f.limit).map(toRow), hasMore: rows.length > f.limit }
    },
    /** The query plan of a filter combination, for the test that keeps the list off full-table sorts. */
    plan (search: boolean, status: boolean, mine: boolean, unit = false): string[] {
      return (db.prepare(`EXPLAIN QUERY PLAN ${statement(search, status, mine, search, unit ? scope.condition({ userId: 0, role: 'caseworker', unitId: 2 }, 'c.unit_id').sql : '').source}`)
        .all({ ...(unit ? { scopeUnit: 2 } : {}), min: 0, withExcluded: 0, contains: '%', date: '2014', status: 'open', assignee: 1, limit: 1, offset: 0 }) as Array<{ detail: string }>).map((r) => r.detail)
    }
  }
}

function toRow (r: Row): CaseListRow {
  const row: CaseListRow = {
    id: r.id,
    missingPersonSex: r.missing_person_sex,
    status: r.status,
    candidates: r.candidates,
    bestLog10Lr: r.best,
    createdAt: r.created_at
  }
  if (r.born !== null) row.born = r.born
  if (r.missing_since !== null) row.missingSince = r.missing_since
  if (r.assignee !== null) row.assignee = r.assignee
  return row
}

export type CaseListQuery = ReturnType<typeof createCaseListQuery>
