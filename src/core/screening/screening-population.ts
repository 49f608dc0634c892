import { missingPersonLrTable } from '../lr/genotype-lr-table.ts'
import type { KinshipCase, LocusModel, LrOptions } from '../pedigree/kinship-case.ts'
import { buildScreeningIndex, type AlleleDictionary, type ScreeningIndex, type ScreeningLocusTable } from './screening-table.ts'
import { UNTYPED } from '../simulation/simulate-population.ts'

/**
 * The allele dictionary of a set of locus models: codes 0…n−1 are each model's alleles, then `extras[l]`
 * (alleles seen in profiles but missing from the frequency table).
 *
 * @example alleleDictionary([{ name: 'TH01', alleles: ['6', '7'], frequencies: [0.5, 0.5] }], [['13']]).alleles // [['6','7','13']]
 */
export function alleleDictionary (loci: readonly LocusModel[], extras: ReadonlyArray<readonly string[]> = []): AlleleDictionary {
  return {
    loci: loci.map((l) => l.name),
    alleles: loci.map((l, i) => [...l.alleles, ...(extras[i] ?? [])]),
    base: loci.map((l) => l.alleles.length)
  }
}

/** The reference allele codes per locus of rows from … to−1 of a codes array (rows × loci × 2). */
export function referenceCodes (refAlleles: Uint8Array, from: number, to: number, L: number): number[][] {
  const out: number[][] = Array.from({ length: L }, () => [])
  for (let r = from; r < to; r++) {
    for (let l = 0; l < L; l++) {
      const a = refAlleles[(r * L + l) * 2]
      if (a === UNTYPED) continue
      out[l].push(a, refAlleles[(r * L + l) * 2 + 1])
    }
  }
  return out
}

/**
 * The engine's tables of one family in dictionary locus order (undefined where no reference is typed).
 * The candidate slot is ignored by the engine, so a case with or without one gives the same tables.
 */
export function familyTables (kcase: KinshipCase, loci: readonly LocusModel[], options: LrOptions): Array<ScreeningLocusTable | undefined> {
  return missingPersonLrTable(kcase, loci, options).map((t) => (t.informative ? t : undefined))
}

/**
 * Builds the screening index of several families from their cases and reference codes: the whole
 * precomputation a family costs once, when it is registered.
 */
export function buildFamiliesIndex (dict: AlleleDictionary, kcases: readonly KinshipCase[], refCodes: ReadonlyArray<ReadonlyArray<readonly number[]>>, loci: readonly LocusModel[], options: LrOptions): ScreeningIndex {
  return buildScreeningIndex(dict, kcases.map((k) => familyTables(k, loci, options)), refCodes)
}
