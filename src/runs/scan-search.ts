import type { KinshipCase, LocusModel, LrOptions } from '../core/pedigree/kinship-case.ts'
import type { Profile, Sex } from '../core/markers/profile.ts'
import { CODE_SCHEME, createAlleleCodebook } from '../core/screening/allele-codebook.ts'
import { familyCodeTables, screenCandidate, screenFamily } from '../core/screening/screening-bound.ts'
import { familyTables } from '../core/screening/screening-population.ts'
import { buildScreeningIndex, type ScreeningIndex, type ScreeningLocusTable } from '../core/screening/screening-table.ts'
import { UNTYPED } from '../core/simulation/simulate-population.ts'
import type { Database } from '../storage/database.ts'
import { selectFamilies } from './scan-index.ts'
import { createScreeningTableStore } from './scan-index-store.ts'
import type { ScanPool } from './scan-pool.ts'

/** The model a search screens for: the same loci and options the exact engine will use. */
export interface ScanSearchModel {
  loci: LocusModel[]
  options: LrOptions
  /** The frequency table version the screening tables are built from, e.g. "nist1036_asian@1". */
  tableKey: string
  threshold: number
  /** Only this table's cases are rebuilt by staleCaseIds (all open cases when absent). */
  frequencyTableId?: string
  /** The scan pool: scans of at least `poolFrom` entries and bulk table builds are sharded over it. */
  pool?: ScanPool
  poolFrom?: number
}

/** A case to (re)build a table for: its inputs, the missing person's sex, the case as the engine sees it. */
export interface CaseToIndex { caseId: string, inputHash: string, sex: Sex, kcase: KinshipCase }

/** A case's engine tables, as putCase made them: screen the persons with them at once (personsForTables). */
export type CaseTables = Array<ScreeningLocusTable | undefined>

/** Sex codes of the person slots: a dropped person matches neither sex. */
const MALE = 0
const FEMALE = 1
const DROPPED = 2

/** One-family blocks beyond this many are merged into one index (dropped and replaced families left out). */
const MAX_BLOCKS = 32

/**
 * Scans of at least this many entries go to the scan pool when there is one. A scan costs about 1 µs per
 * family (or person) on a loaded 2-core machine: 10^4 families in process held the event loop ~12 ms per
 * upload, 40% of the main thread under bench/load.ts; below this bound a scan holds it ~2 ms at most,
 * less than the round trip to a worker.
 */
export const POOL_SCAN_FROM = 2000

/**
 * The service-side national-scale search, in process, for one frequency table version and model:
 * which cases a new person must be scored against, and which persons a new case must be scored
 * against, so that no pair with LR ≥ threshold is missed (screening-bound.ts states why). Only the
 * pairs it returns need the exact engine. Cases' compact tables are persisted (migration 040), so a
 * restart loads them instead of recomputing them. The scan pool (scan-pool.ts) runs the same kernels
 * sharded over workers for 10^6-scale batches.
 */
export function createScanSearch (db: Database, model: ScanSearchModel) {
  const L = model.loci.length
  const codebook = createAlleleCodebook(model.loci)
  const store = createScreeningTableStore(db)
  // Stored tables hold allele codes: they are valid for the table version, model and code scheme they were built under.
  const modelKey = JSON.stringify({ table: model.tableKey, options: model.options, loci: model.loci.map((l) => [l.name, l.mutation ?? null]), codes: CODE_SCHEME })
  const sexOf = db.prepare('SELECT id, missing_person_sex AS sex FROM cases').all() as Array<{ id: string, sex: Sex }>
  const caseSex = new Map(sexOf.map((r) => [r.id, r.sex]))
  // Loaded tables, then one-family blocks for cases added or changed since; a replaced or dropped case is
  // masked (live says where its current table is), and compaction leaves masked families behind.
  const loaded = store.load(modelKey, L)
  let blocks: Array<{ ids: string[], index: ScreeningIndex }> = [{ ids: loaded.caseIds, index: loaded.index }]
  const live = new Map<string, { block: number, f: number }>()
  blocks[0].ids.forEach((id, f) => live.set(id, { block: 0, f }))
  const personSlot = new Map<string, number>()
  const personIds: string[] = []
  let personSex = new Uint8Array(64)
  // Shared, so that the scan workers read the persons' codes without a copy.
  let personCodes = new Uint8Array(new SharedArrayBuffer(64 * L * 2))
  const pool = model.pool
  const poolFrom = model.poolFrom ?? POOL_SCAN_FROM

  /** The reference allele codes per locus of a case (what its compact table keeps exactly). */
  function referenceCodes (kcase: KinshipCase): number[][] {
    const refs: number[][] = Array.from({ length: L }, () => [])
    for (const [id, profile] of Object.entries(kcase.genotypes)) {
      if (id === kcase.missingPerson) continue
      const codes = codebook.encode(profile)
      for (let l = 0; l < L; l++) if (codes[2 * l] !== UNTYPED) refs[l].push(codes[2 * l], codes[2 * l + 1])
    }
    return refs
  }

  function addBlock (ids: string[], index: ScreeningIndex): void {
    blocks.push({ ids, index })
    ids.forEach((id, f) => live.set(id, { block: blocks.length - 1, f }))
    if (blocks.length > MAX_BLOCKS) compact()
  }

  function compact (): void {
    const chosen: Array<{ block: number, f: number }> = []
    const ids: string[] = []
    for (const [id, at] of live) {
      chosen.push(at)
      ids.push(id)
    }
    const index = selectFamilies(blocks.map((b) => b.index), chosen, L)
    blocks = [{ ids, index }]
    live.clear()
    ids.forEach((id, f) => live.set(id, { block: 0, f }))
  }

  return {
    /** Open cases with no valid table for this model (new, changed or model changed): pass them to putCase. */
    staleCaseIds: (): string[] => store.staleCaseIds(modelKey, model.frequencyTableId),

    /** Size of the search: cases with a live table, person slots, index blocks (one after a compaction). */
    stats: () => ({ cases: live.size, persons: personIds.length, blocks: blocks.length }),

    /**
     * Builds, stores and indexes a case's table (its `kcase`; the missing person's genotype is ignored).
     * Returns the engine tables, so the new case can be screened against the persons at once.
     */
    putCase (caseId: string, inputHash: string, sex: Sex, kcase: KinshipCase): CaseTables {
      const refs = referenceCodes(kcase)
      const tables = familyTables(kcase, model.loci, model.options)
      const index = buildScreeningIndex(codebook.dict, [tables], [refs])
      store.save([caseId], [inputHash], modelKey, index)
      caseSex.set(caseId, sex)
      addBlock([caseId], index)
      return tables
    },

    /**
     * Builds, stores and indexes the tables of many cases (a restart after a model change, a bulk import):
     * on the scan pool when there is one, in batches made on demand by `caseAt`.
     */
    async putCases (count: number, caseAt: (i: number) => CaseToIndex): Promise<void> {
      if (pool === undefined || count < 64) {
        for (let i = 0; i < count; i++) {
          const c = caseAt(i)
          this.putCase(c.caseId, c.inputHash, c.sex, c.kcase)
        }
        return
      }
      const batch = 200
      const ids: string[] = []
      const hashes: string[] = []
      const index = await pool.buildIndex(codebook.dict, count, (from, to) => {
        const kcases: KinshipCase[] = []
        const refCodes: number[][][] = []
        for (let i = from; i < to; i++) {
          const c = caseAt(i)
          ids[i] = c.caseId
          hashes[i] = c.inputHash
          caseSex.set(c.caseId, c.sex)
          kcases.push(c.kcase)
          refCodes.push(referenceCodes(c.kcase))
        }
        return { kcases, refCodes }
      }, model.loci, model.options, batch)
      store.save(ids, hashes, modelKey, index)
      addBlock(ids, index)
    },

    /** Takes a case out of the search (closed, replaced elsewhere, or expunged). */
    dropCase: (caseId: string): void => { live.delete(caseId) },

    /** Adds or replaces an unidentified person. */
    putPerson (personId: string, sex: Sex, profile: Profile): void {
      let p = personSlot.get(personId)
      if (p === undefined) {
        p = personIds.length
        personIds.push(personId)
        personSlot.set(personId, p)
        if (p === personSex.length) {
          const s = new Uint8Array(p * 2); s.set(personSex); personSex = s
          const c = new Uint8Array(new SharedArrayBuffer(p * 2 * L * 2)); c.set(personCodes); personCodes = c
        }
      }
      personSex[p] = sex === 'male' ? MALE : FEMALE
      personCodes.set(codebook.encode(profile), p * L * 2)
    },

    /** Takes a person out of the search (closed or expunged); the slot is kept, matching nobody. */
    dropPerson (personId: string): void {
      const p = personSlot.get(personId)
      if (p === undefined) return
      personSex[p] = DROPPED
      personCodes.fill(UNTYPED, p * L * 2, (p + 1) * L * 2)
    },

    /** Case ids the person must be scored against: same sex as the missing person and bound ≥ threshold. */
    async casesForPerson (sex: Sex, profile: Profile): Promise<string[]> {
      const codes = codebook.encode(profile)
      const out: string[] = []
      for (let b = 0; b < blocks.length; b++) {
        const { ids, index } = blocks[b]
        let found: ArrayLike<number>
        let count: number
        if (pool !== undefined && index.families >= poolFrom) {
          const hits = await pool.screenCandidates(index, [...codebook.dict.base], codes, 1, model.threshold)
          found = hits.other
          count = hits.other.length
        } else {
          const hits = screenCandidate(index, codebook.dict.base, codes, 0, index.families, model.threshold)
          found = hits.index
          count = hits.count
        }
        for (let h = 0; h < count; h++) {
          const id = ids[found[h]]
          const at = live.get(id)
          if (at?.block === b && at.f === found[h] && caseSex.get(id) === sex) out.push(id)
        }
      }
      return out
    },

    /** Person ids a case must be scored against, from the tables putCase returned. */
    async personsForTables (sex: Sex, tables: CaseTables): Promise<string[]> {
      const fam = familyCodeTables(codebook.dict, tables)
      let found: ArrayLike<number>
      let count: number
      if (pool !== undefined && personIds.length >= poolFrom) {
        const hits = await pool.screenFamilies([fam], personCodes, personIds.length, model.threshold)
        found = hits.other
        count = hits.other.length
      } else {
        const hits = screenFamily(fam, personCodes, 0, personIds.length, model.threshold)
        found = hits.index
        count = hits.count
      }
      const want = sex === 'male' ? MALE : FEMALE
      const out: string[] = []
      for (let h = 0; h < count; h++) if (personSex[found[h]] === want) out.push(personIds[found[h]])
      return out
    },

    /** Person ids a case must be scored against: the case's exact tables over every person's codes. */
    async personsForCase (sex: Sex, kcase: KinshipCase): Promise<string[]> {
      return await this.personsForTables(sex, familyTables(kcase, model.loci, model.options))
    }
  }
}

export type ScanSearch = ReturnType<typeof createScanSearch>
