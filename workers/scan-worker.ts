// piscina entry for the national-scale scan: named functions only, importing only src/core, computing on
// plain clonable data. Big inputs (the screening index, the persons' codes) arrive in SharedArrayBuffers,
// so a task costs no copy; hits go back as one Float64Array, moved (transferred), not copied.
import { move } from 'piscina'
import type { KinshipCase, LocusModel, LrOptions } from '../src/core/pedigree/kinship-case.ts'
import { kinshipLr } from '../src/core/lr/kinship-lr.ts'
import type { Profile } from '../src/core/markers/profile.ts'
import { familyCodeTables, screenCandidate, screenFamily, type FamilyCodeTables } from '../src/core/screening/screening-bound.ts'
import { buildFamiliesIndex, familyTables } from '../src/core/screening/screening-population.ts'
import type { AlleleDictionary, ScreeningIndex } from '../src/core/screening/screening-table.ts'

export interface BuildIndexTask { dict: AlleleDictionary, kcases: KinshipCase[], refCodes: number[][][], loci: LocusModel[], options: LrOptions }

/** The screening index of a batch of families (the engine's genotype tables, compacted). */
export function buildIndex (task: BuildIndexTask): ScreeningIndex {
  return buildFamiliesIndex(task.dict, task.kcases, task.refCodes, task.loci, task.options)
}

/** Exact code tables of new families, for scanning them against all persons. */
export function buildFamilyTables (task: Omit<BuildIndexTask, 'refCodes'>): FamilyCodeTables[] {
  return task.kcases.map((k) => familyCodeTables(task.dict, familyTables(k, task.loci, task.options)))
}

export interface CandidatesShardTask { index: ScreeningIndex, base: number[], codes: Uint8Array, candidates: number, from: number, to: number, threshold: number }

/** Screens K candidates against families from…to−1: hits packed as [candidate, family, bound]…, moved back. */
export function screenCandidatesShard (task: CandidatesShardTask): Float64Array {
  const L = task.index.loci
  const out: number[] = []
  for (let k = 0; k < task.candidates; k++) {
    const hits = screenCandidate(task.index, task.base, task.codes.subarray(k * L * 2, (k + 1) * L * 2), task.from, task.to, task.threshold)
    for (let h = 0; h < hits.count; h++) out.push(k, hits.index[h], hits.bound[h])
  }
  return move(Float64Array.from(out)) as Float64Array
}

export interface FamiliesShardTask { families: FamilyCodeTables[], personCodes: Uint8Array, from: number, to: number, threshold: number }

/** Screens K families against persons from…to−1: hits packed as [family, person, bound]…, moved back. */
export function screenFamiliesShard (task: FamiliesShardTask): Float64Array {
  const out: number[] = []
  task.families.forEach((fam, k) => {
    const hits = screenFamily(fam, task.personCodes, task.from, task.to, task.threshold)
    for (let h = 0; h < hits.count; h++) out.push(k, hits.index[h], hits.bound[h])
  })
  return move(Float64Array.from(out)) as Float64Array
}

/**
 * The floor: one pass over the same typed arrays as a shard, reading every byte a scan would read and
 * doing no kinship arithmetic (a sum, so the reads cannot be optimised away).
 */
export function plainPass (task: { index?: ScreeningIndex, personCodes?: Uint8Array, loci: number, from: number, to: number, repeat: number }): number {
  let sum = 0
  for (let r = 0; r < task.repeat; r++) {
    if (task.index !== undefined) {
      const ix = task.index
      const { sCount, sAlleles, values } = ix
      for (let i = task.from * ix.loci; i < task.to * ix.loci; i++) sum += sCount[i]
      for (let i = ix.sOffset[task.from]; i < ix.sOffset[task.to]; i++) sum += sAlleles[i]
      for (let i = ix.vOffset[task.from]; i < ix.vOffset[task.to]; i++) sum += values[i]
      const C = ix.ceiling === undefined ? 0 : ix.ceiling.length / Math.max(1, ix.families)
      for (let i = task.from * C; i < task.to * C; i++) sum += ix.ceiling![i]
    }
    if (task.personCodes !== undefined) {
      const codes = task.personCodes
      for (let i = task.from * task.loci * 2; i < task.to * task.loci * 2; i++) sum += codes[i]
    }
  }
  return sum
}

export interface ScoredPair { log10Lr: number | null, inconsistentLoci: number, comparedLoci: number, perLocus: Array<{ locus: string, log10Lr: number | null, class: string }>, error?: string }

/** Exact LRs of screened pairs: the engine, nothing else, is what gets stored. */
export function scorePairs (task: { loci: LocusModel[], options: LrOptions, pairs: Array<{ kcase: KinshipCase, profile: Profile }> }): ScoredPair[] {
  return task.pairs.map(({ kcase, profile }) => {
    try {
      const r = kinshipLr({ ...kcase, genotypes: { ...kcase.genotypes, [kcase.missingPerson]: profile } }, task.loci, task.options)
      return { log10Lr: r.log10Lr, inconsistentLoci: r.inconsistentLoci, comparedLoci: r.comparedLoci, perLocus: r.perLocus.map((l) => ({ locus: l.locus, log10Lr: l.log10Lr, class: l.class })) }
    } catch (err) {
      return { log10Lr: null, inconsistentLoci: 0, comparedLoci: 0, perLocus: [], error: (err as Error).message }
    }
  })
}
