import type { Database } from './database.ts'

/** One search a rerun will make: a case or a person against the whole other side, under a key. */
export interface PlannedSearch { side: 'case' | 'person', id: string, key: string }

/**
 * Marks of completed searches (migration 050): a case or person whose mark holds its current search key
 * has been searched against everything on the other side, so every pair of it that may reach the
 * candidate floor has a stored result. Reruns search the records whose mark is missing or stale.
 */
export function createSearchMarkRepository (db: Database) {
  const putCase = db.prepare('INSERT OR REPLACE INTO case_search_marks (case_id, search_key, searched_at) VALUES (?, ?, ?)')
  const putPerson = db.prepare('INSERT OR REPLACE INTO person_search_marks (person_id, search_key, searched_at) VALUES (?, ?, ?)')
  const caseKeys = db.prepare('SELECT case_id AS id, search_key AS key FROM case_search_marks')
  const personKeys = db.prepare('SELECT person_id AS id, search_key AS key FROM person_search_marks')
  const planSearch = db.prepare('INSERT INTO rerun_searches (rerun_id, case_id, person_id, search_key) VALUES (?, ?, ?, ?)')
  const plannedFor = db.prepare('SELECT case_id, person_id, search_key FROM rerun_searches WHERE rerun_id = ?')
  const existsCase = db.prepare('SELECT 1 FROM cases WHERE id = ?').pluck()
  const existsPerson = db.prepare('SELECT 1 FROM unidentified_persons WHERE id = ?').pluck()

  const mark = (side: 'case' | 'person', id: string, key: string, now = new Date().toISOString()): void => {
    // A record expunged meanwhile leaves no mark behind (the foreign key would refuse it anyway).
    if (side === 'case') { if (existsCase.get(id) !== undefined) putCase.run(id, key, now) } else if (existsPerson.get(id) !== undefined) putPerson.run(id, key, now)
  }

  return {
    mark,
    /** Current keys: id → search key, per side. */
    keys: (side: 'case' | 'person'): Map<string, string> =>
      new Map(((side === 'case' ? caseKeys : personKeys).all() as Array<{ id: string, key: string }>).map((r) => [r.id, r.key])),
    /** Records the searches of a planned rerun (inside the transaction that plans its pairs). */
    plan (rerunId: number, searches: readonly PlannedSearch[]): void {
      for (const s of searches) planSearch.run(rerunId, s.side === 'case' ? s.id : null, s.side === 'person' ? s.id : null, s.key)
    },
    /** Marks every search of a rerun as done (when its last pair is committed). */
    completeRerun (rerunId: number): void {
      const now = new Date().toISOString()
      for (const r of plannedFor.all(rerunId) as Array<{ case_id: string | null, person_id: string | null, search_key: string }>) {
        if (r.case_id !== null) mark('case', r.case_id, r.search_key, now)
        else if (r.person_id !== null) mark('person', r.person_id, r.search_key, now)
      }
    }
  }
}

export type SearchMarkRepository = ReturnType<typeof createSearchMarkRepository>
