import type { Database } from '../storage/database.ts'
import { fail } from '../core/errors.ts'
import type { CaseRecord, CaseRepository } from '../storage/case-repository.ts'
import type { PersonRecord, PersonRepository } from '../storage/person-repository.ts'
import type { MatchModel } from './match-model.ts'
import { caseKinship } from './match-plan.ts'
import type { ScanPool } from './scan-pool.ts'
import { createScanSearch, type ScanSearch } from './scan-search.ts'

export interface CandidateScreenDeps {
  db: Database
  cases: CaseRepository
  persons: PersonRepository
  /** The current model of a frequency table (match-service.ts caches it per table version). */
  modelFor: (tableId: string) => MatchModel
  /**
   * The candidate floor: every same-sex pair whose exact LR reaches it is scored and stored. 0 (or less)
   * screens nothing out: every same-sex pair is scored, as a small database can afford.
   */
  floor: number
  /** The scan pool, for scans of national size and bulk table builds (in process without one). */
  pool?: ScanPool
}

/** Persons read per query of a resync. */
const SYNC_PAGE = 5000

interface Entry {
  key: string
  search: ScanSearch
  casesChecked: boolean
  /** The stale-table rebuild under way: concurrent searches wait for the same one. */
  checking?: Promise<void>
}

/**
 * The service's screen in front of the exact engine: for a case or person, the ids on the other side
 * whose screening bound reaches the candidate floor (so no pair with LR ≥ floor is ever left out,
 * screening-bound.ts), among the open entries of the missing person's sex. One in-process search
 * (scan-search.ts) per frequency table, rebuilt when the table's version or the model changes.
 *
 * The screen follows the database: what this process stores is fed in by the match service
 * (putCase, putPerson); writes by other processes (a CLI import beside the server) are noticed through
 * SQLite's data_version, and bulk writes of this process through invalidate(); both lead to a resync of
 * the persons (by input hash) and of the cases (stale screening tables) before the next screen.
 */
export function createCandidateScreen (deps: CandidateScreenDeps) {
  const { db, cases, persons, modelFor, floor, pool } = deps
  const screens = floor > 0
  const searches = new Map<string, Entry>()
  /** Open persons as last fed into every search: id → input hash. */
  const fed = new Map<string, string>()
  let dataVersion = -1
  let stale = true
  /** Frequency tables of open cases, as of the last resync plus the cases searched since. */
  let tableIds = new Set<string>()
  // Read a page at a time, each statement finished before the persons are fed: feeding runs other
  // statements, and better-sqlite3 refuses a write on a connection that has a query still open.
  // (+status: walk the primary key from the last id, not the status index and a sort per page.)
  const personPage = db.prepare("SELECT id, input_hash AS hash FROM unidentified_persons WHERE +status = 'open' AND id > ? ORDER BY id LIMIT ?")
  const openCasesOfSex = db.prepare("SELECT id FROM cases WHERE status = 'open' AND missing_person_sex = ? ORDER BY id").pluck()
  const openPersonsOfSex = db.prepare("SELECT id FROM unidentified_persons WHERE status = 'open' AND sex = ? ORDER BY id").pluck()
  const countForCase = db.prepare("SELECT count(*) FROM unidentified_persons WHERE status = 'open' AND sex = (SELECT missing_person_sex FROM cases WHERE id = ?)").pluck()
  const countForPerson = db.prepare("SELECT count(*) FROM cases WHERE status = 'open' AND missing_person_sex = (SELECT sex FROM unidentified_persons WHERE id = ?)").pluck()
  const otherSexForCase = db.prepare("SELECT count(*) FROM unidentified_persons WHERE status = 'open' AND sex <> (SELECT missing_person_sex FROM cases WHERE id = ?)").pluck()
  const otherSexForPerson = db.prepare("SELECT count(*) FROM cases WHERE status = 'open' AND missing_person_sex <> (SELECT sex FROM unidentified_persons WHERE id = ?)").pluck()
  const openTableIds = db.prepare("SELECT DISTINCT frequency_table_id FROM cases WHERE status = 'open' ORDER BY 1").pluck()

  function feed (p: PersonRecord): void {
    for (const { search } of searches.values()) search.putPerson(p.id, p.sex, p.profile)
    fed.set(p.id, p.inputHash)
  }

  function unfeed (personId: string): void {
    for (const { search } of searches.values()) search.dropPerson(personId)
    fed.delete(personId)
  }

  /**
   * Brings the fed persons in line with the database, and marks every search's cases for a check.
   * Marked current only once it has gone through: if anything throws half-way, the next screen syncs
   * again rather than searching with the persons after that point left out.
   */
  function sync (): void {
    // Read before the persons: a commit by another process during the sync changes it, so it is seen next time.
    const version = db.pragma('data_version', { simple: true }) as number
    if (!stale && version === dataVersion) return
    stale = true
    tableIds = new Set(openTableIds.all() as string[])
    // The searches first, so that each person is read once and fed into all of them.
    for (const tableId of tableIds) entryFor(tableId)
    const open = new Set<string>()
    let after = ''
    for (;;) {
      const page = personPage.all(after, SYNC_PAGE) as Array<{ id: string, hash: string }>
      for (const row of page) {
        open.add(row.id)
        if (fed.get(row.id) === row.hash) continue
        const p = persons.get(row.id)
        if (p !== undefined) feed(p)
      }
      if (page.length < SYNC_PAGE) break
      after = page[page.length - 1].id
    }
    for (const id of [...fed.keys()]) if (!open.has(id)) unfeed(id)
    for (const entry of searches.values()) entry.casesChecked = false
    dataVersion = version
    stale = false
  }

  /** The search of a frequency table under its current model (made, with the fed persons, if new). */
  function entryFor (tableId: string): Entry {
    const model = modelFor(tableId)
    const tableKey = `${model.table.id}@${model.table.version}`
    const key = `${tableKey} ${model.modelVersion} floor=${floor}`
    let entry = searches.get(tableId)
    if (entry?.key !== key) {
      const search = createScanSearch(db, { loci: [...model.loci.values()], options: model.options, tableKey, threshold: floor, frequencyTableId: tableId, ...(pool === undefined ? {} : { pool }) })
      for (const id of fed.keys()) {
        const p = persons.get(id)
        if (p !== undefined) search.putPerson(p.id, p.sex, p.profile)
      }
      entry = { key, search, casesChecked: false }
      searches.set(tableId, entry)
    }
    return entry
  }

  /** The search of a frequency table under its current model, with every open case's table in it. */
  async function searchFor (tableId: string): Promise<ScanSearch> {
    const entry = entryFor(tableId)
    if (!entry.casesChecked) {
      const e = entry
      e.checking ??= (async () => {
        // Loaded one at a time as the pool asks for them: 10^6 case records are never held at once.
        const stale = e.search.staleCaseIds()
        await e.search.putCases(stale.length, (i) => {
          const c = cases.get(stale[i]) ?? fail('NOT_FOUND', `case ${stale[i]} vanished while its screening table was built`, { value: stale[i] })
          return { caseId: c.id, inputHash: c.inputHash, sex: c.missingPersonSex, kcase: caseKinship(c) }
        })
        e.casesChecked = true
      })().finally(() => { e.checking = undefined })
      await e.checking
    }
    return entry.search
  }

  return {
    /** True when the floor screens pairs out (a floor ≤ 0 scores every same-sex pair). */
    screens,

    /** Open person ids to score against the case: same sex as its missing person and bound ≥ floor. */
    async personsForCase (c: CaseRecord): Promise<string[]> {
      if (!screens) return openPersonsOfSex.all(c.missingPersonSex) as string[]
      sync()
      tableIds.add(c.frequencyTableId)
      const search = await searchFor(c.frequencyTableId)
      // A case changed since its table was built (or new) gets its table now; either way, screened with it.
      const tables = search.putCase(c.id, c.inputHash, c.missingPersonSex, caseKinship(c))
      return await search.personsForTables(c.missingPersonSex, tables)
    },

    /** Open case ids to score against the person: missing person of the same sex and bound ≥ floor. */
    async casesForPerson (p: PersonRecord): Promise<string[]> {
      if (!screens) return openCasesOfSex.all(p.sex) as string[]
      sync()
      if (p.status === 'open' && fed.get(p.id) !== p.inputHash) feed(p)
      const out: string[] = []
      for (const tableId of tableIds) out.push(...await (await searchFor(tableId)).casesForPerson(p.sex, p.profile))
      return out
    },

    /** How many open entries of the other side a case's (person's) search compares: the N of N/t. */
    comparedForCase: (caseId: string): number => countForCase.get(caseId) as number,
    comparedForPerson: (personId: string): number => countForPerson.get(personId) as number,
    /** Open entries of the other side of the other sex: never compared, not candidates. */
    otherSexForCase: (caseId: string): number => otherSexForCase.get(caseId) as number,
    otherSexForPerson: (personId: string): number => otherSexForPerson.get(personId) as number,

    /** A case or person that is closed or expunged: out of every search. */
    drop (kind: 'case' | 'person', id: string): void {
      if (kind === 'person') unfeed(id)
      else for (const { search } of searches.values()) search.dropCase(id)
    },

    /**
     * Loads every open person and every open case's table (building stale ones) now rather than on the
     * first search: what a restarted service does once, before its first upload has to wait for it.
     */
    async warm (): Promise<{ persons: number, cases: number, tables: number }> {
      if (!screens) return { persons: 0, cases: 0, tables: 0 }
      sync()
      let count = 0
      for (const tableId of tableIds) count += (await searchFor(tableId)).stats().cases
      return { persons: fed.size, cases: count, tables: tableIds.size }
    },

    /** After a bulk write by this process (an import): resync before the next screen. */
    invalidate (): void { stale = true }
  }
}

export type CandidateScreen = ReturnType<typeof createCandidateScreen>
