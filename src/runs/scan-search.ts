import type { KinshipCase, LocusModel, LrOptions } from '../core/kinship-case.ts'
import type { Profile, Sex } from '../core/profile.ts'
import { familyCodeTables, screenCandidate, screenFamily } from '../core/screening-bound.ts'
import { familyTables } from '../core/screening-population.ts'
import { buildScreeningIndex, type ScreeningIndex } from '../core/screening-table.ts'
import { UNTYPED } from '../core/simulate-population.ts'
import type { Database } from '../storage/database.ts'
import { createAlleleCodebook } from './scan-codebook.ts'
import { createScreeningTableStore } from './scan-index-store.ts'

/** The model a search screens for: the same loci and options the exact engine will use. */
export interface ScanSearchModel { loci: LocusModel[], options: LrOptions, tableKey: string, threshold: number }

/**
 * The service-side national-scale search, in process: which cases a new person must be scored against,
 * and which persons a new case must be scored against, so that no pair with LR ≥ threshold is missed
 * (screening-bound.ts states why). Only the pairs it returns need the exact engine. Cases' compact
 * tables are persisted (migration 040), so a restart loads them instead of recomputing them.
 * The scan pool (scan-pool.ts) runs the same kernels sharded over workers for 10^6-scale batches.
 */
export function createScanSearch (db: Database, model: ScanSearchModel) {
  const L = model.loci.length
  const codebook = createAlleleCodebook(db, model.tableKey, model.loci)
  const store = createScreeningTableStore(db)
  const modelKey = JSON.stringify({ table: model.tableKey, options: model.options, loci: model.loci.map((l) => [l.name, l.mutation ?? null]) })
  const sexOf = db.prepare('SELECT id, missing_person_sex AS sex FROM cases').all() as Array<{ id: string, sex: Sex }>
  const caseSex = new Map(sexOf.map((r) => [r.id, r.sex]))
  // Loaded tables, then one-family blocks for cases added or changed since; a replaced or closed case is masked.
  const blocks: Array<{ ids: string[], index: ScreeningIndex }> = [store.load(modelKey, L)].map(({ caseIds, index }) => ({ ids: caseIds, index }))
  const live = new Map<string, { block: number, f: number }>()
  blocks[0].ids.forEach((id, f) => live.set(id, { block: 0, f }))
  let personIds: string[] = []
  let personSex = new Uint8Array(64)
  let personCodes = new Uint8Array(64 * L * 2)

  return {
    /** Open cases with no valid table for this model (new, changed or model changed): pass them to putCase. */
    staleCaseIds: (): string[] => store.staleCaseIds(modelKey),

    /** Builds, stores and indexes a case's table (its `kcase` without the missing person's genotype). */
    putCase (caseId: string, inputHash: string, sex: Sex, kcase: KinshipCase): void {
      const refs: number[][] = Array.from({ length: L }, () => [])
      for (const [id, profile] of Object.entries(kcase.genotypes)) {
        if (id === kcase.missingPerson) continue
        const codes = codebook.encode(profile)
        for (let l = 0; l < L; l++) if (codes[2 * l] !== UNTYPED) refs[l].push(codes[2 * l], codes[2 * l + 1])
      }
      const index = buildScreeningIndex(codebook.dict, [familyTables(kcase, model.loci, model.options)], [refs])
      store.save([caseId], [inputHash], modelKey, index)
      blocks.push({ ids: [caseId], index })
      live.set(caseId, { block: blocks.length - 1, f: 0 })
      caseSex.set(caseId, sex)
    },

    /** Takes a case out of the search (closed or deleted). */
    dropCase: (caseId: string): void => { live.delete(caseId) },

    /** Adds or replaces an unidentified person. */
    putPerson (personId: string, sex: Sex, profile: Profile): void {
      let p = personIds.indexOf(personId)
      if (p < 0) {
        p = personIds.length
        personIds = [...personIds, personId]
        if (p === personSex.length) {
          const s = new Uint8Array(p * 2); s.set(personSex); personSex = s
          const c = new Uint8Array(p * 2 * L * 2); c.set(personCodes); personCodes = c
        }
      }
      personSex[p] = sex === 'male' ? 0 : 1
      personCodes.set(codebook.encode(profile), p * L * 2)
    },

    /** Case ids the person must be scored against: same sex as the missing person and bound ≥ threshold. */
    casesForPerson (sex: Sex, profile: Profile): string[] {
      const codes = codebook.encode(profile)
      const out: string[] = []
      blocks.forEach(({ ids, index }, b) => {
        const hits = screenCandidate(index, codebook.dict.base, codes, 0, index.families, model.threshold)
        for (let h = 0; h < hits.count; h++) {
          const id = ids[hits.index[h]]
          const at = live.get(id)
          if (at?.block === b && at.f === hits.index[h] && caseSex.get(id) === sex) out.push(id)
        }
      })
      return out
    },

    /** Person ids a case must be scored against: the case's exact tables over every person's codes. */
    personsForCase (sex: Sex, kcase: KinshipCase): string[] {
      const fam = familyCodeTables(codebook.dict, familyTables(kcase, model.loci, model.options))
      const hits = screenFamily(fam, personCodes, 0, personIds.length, model.threshold)
      const want = sex === 'male' ? 0 : 1
      const out: string[] = []
      for (let h = 0; h < hits.count; h++) if (personSex[hits.index[h]] === want) out.push(personIds[hits.index[h]])
      return out
    }
  }
}

export type ScanSearch = ReturnType<typeof createScanSearch>
