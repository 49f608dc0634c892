import { setImmediate as nextTurn } from 'node:timers/promises'
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

/**
 * Longest synchronous stretch of a persons resync (ms) before it yields. A resync reads and decrypts
 * every person whose profile it does not hold: after a bulk write of 10^5 persons that is tens of seconds
 * of work, which in one piece held every other request (bench/load.ts).
 */
export const SYNC_SLICE_MS = 10

/** A person as fed into the searches: what the screen needs of a stored record. */
export type ScreenedPerson = Pick<PersonRecord, 'id' | 'sex' | 'profile' | 'inputHash' | 'status'>

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
  // The cases' side (frequency tables, which searches exist, their tables checked) is resynced at once, it
  // is cheap; the persons' side in slices, as one shared run (`feeding`) that searches of a case wait for.
  // A search of a person needs only the cases' side. Generations count invalidations, so one made while a
  // resync runs is not lost when that resync finishes.
  let dataVersion = -1
  let stale = true
  let personsVersion = -1
  let personsGeneration = 1
  let personsSyncedGeneration = 0
  let feeding: Promise<void> | undefined
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
  const personStatus = db.prepare('SELECT status FROM unidentified_persons WHERE id = ?').pluck()

  function feed (p: ScreenedPerson): void {
    for (const { search } of searches.values()) search.putPerson(p.id, p.sex, p.profile)
    fed.set(p.id, p.inputHash)
  }

  function unfeed (personId: string): void {
    for (const { search } of searches.values()) search.dropPerson(personId)
    fed.delete(personId)
  }

  const versionNow = (): number => db.pragma('data_version', { simple: true }) as number

  /**
   * The cases' side of a resync: the frequency tables of open cases, a search for each, and every search's
   * cases marked for a check. Marked current only once it has gone through: if anything throws half-way,
   * the next screen syncs again.
   */
  function syncCases (): void {
    // Read first: a commit by another process during the resync changes it, so it is seen next time.
    const version = versionNow()
    if (!stale && version === dataVersion) return
    tableIds = new Set(openTableIds.all() as string[])
    for (const tableId of tableIds) entryFor(tableId)
    for (const entry of searches.values()) entry.casesChecked = false
    dataVersion = version
    stale = false
  }

  /** Runs one feeding of the persons after any already under way (they never interleave). */
  function exclusive (work: () => Promise<void>): Promise<void> {
    // the one before may have failed: that is its caller's error, this one still runs
    const tracked: Promise<void> = (feeding ?? Promise.resolve()).catch(() => {}).then(work).finally(() => { if (feeding === tracked) feeding = undefined })
    feeding = tracked
    return tracked
  }

  /** The persons' side: resolves once every open person is fed with its current profile and no other is. */
  async function syncPersons (): Promise<void> {
    for (;;) {
      if (feeding !== undefined) {
        await feeding
        continue
      }
      if (personsSyncedGeneration === personsGeneration && versionNow() === personsVersion) return
      await exclusive(resyncPersons)
    }
  }

  /** Runs `work` for each item, yielding to other requests whenever SYNC_SLICE_MS have passed. */
  async function sliced<T> (items: Iterable<T>, work: (item: T) => void): Promise<void> {
    let sliceStart = performance.now()
    for (const item of items) {
      work(item)
      if (performance.now() - sliceStart >= SYNC_SLICE_MS) {
        await nextTurn()
        sliceStart = performance.now()
      }
    }
  }

  async function resyncPersons (): Promise<void> {
    const version = versionNow()
    const generation = personsGeneration
    const open = new Set<string>()
    let after = ''
    for (;;) {
      // Each page is read whole before anything is fed: feeding runs other statements, and better-sqlite3
      // refuses a write on a connection that has a query still open.
      const page = personPage.all(after, SYNC_PAGE) as Array<{ id: string, hash: string }>
      await sliced(page, (row) => {
        if (fed.get(row.id) === row.hash) {
          open.add(row.id)
          return
        }
        // Read now, not as of the page: the person may have been replaced or closed while this yielded.
        const p = persons.get(row.id)
        if (p?.status === 'open') {
          feed(p)
          open.add(row.id)
        }
      })
      if (page.length < SYNC_PAGE) break
      after = page[page.length - 1].id
    }
    // A person stored after its page was read is fed by its own search and is open: kept.
    await sliced([...fed.keys()], (id) => { if (!open.has(id) && personStatus.get(id) !== 'open') unfeed(id) })
    personsVersion = version
    personsSyncedGeneration = generation
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
      syncCases()
      await syncPersons()
      tableIds.add(c.frequencyTableId)
      const search = await searchFor(c.frequencyTableId)
      // A case changed since its table was built (or new) gets its table now; either way, screened with it.
      const tables = search.putCase(c.id, c.inputHash, c.missingPersonSex, caseKinship(c))
      return await search.personsForTables(c.missingPersonSex, tables)
    },

    /** Open case ids to score against the person: missing person of the same sex and bound ≥ floor. */
    async casesForPerson (p: PersonRecord): Promise<string[]> {
      if (!screens) return openCasesOfSex.all(p.sex) as string[]
      // Only the cases' side: the persons' resync (after a bulk write, seconds) is not this search's to wait
      // for. It is started, so that the next search of a case finds it done; a failure is met again, and
      // thrown, by that search.
      syncCases()
      syncPersons().catch(() => {})
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
      syncCases()
      await syncPersons()
      let count = 0
      for (const tableId of tableIds) count += (await searchFor(tableId)).stats().cases
      return { persons: fed.size, cases: count, tables: tableIds.size }
    },

    /**
     * Persons this process has just stored in bulk (an import's), fed from the records it wrote rather
     * than read back and decrypted, in slices; searches of a case wait for them.
     */
    async putPersons (stored: readonly ScreenedPerson[]): Promise<void> {
      if (!screens) return
      await exclusive(async () => { await sliced(stored, (p) => { if (p.status === 'open') feed(p) }) })
    },

    /** After a bulk write by this process of anything else (cases, tables): resync before the next screen. */
    invalidate (): void {
      stale = true
      personsGeneration++
    }
  }
}

export type CandidateScreen = ReturnType<typeof createCandidateScreen>
