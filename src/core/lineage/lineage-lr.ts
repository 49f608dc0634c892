import type { HaplotypeFrequency } from './haplotype-frequency.ts'
import type { LineageKind, LineRelative } from './lineage-relations.ts'

/**
 * The LR of one lineage system for a candidate in the missing person's slot: H1 the candidate is the missing
 * person (so he shares the line of the typed references), H2 he is unrelated.
 * LR = P(candidate's haplotype | the references, the line, mutation) / P(candidate's haplotype in the population).
 */
export interface LineageLr {
  kind: LineageKind
  /** log10 LR; never null in practice (mutation keeps every difference possible), null if the numerator underflows to 0. */
  log10Lr: number | null
  /** log10 P(candidate's haplotype | references, H1). */
  log10Numerator: number
  /** P(candidate's haplotype) by counting in the database, with its counts. */
  frequency: HaplotypeFrequency
  /** What was compared: the Y loci, or the mtDNA positions as text ("16024-16569 1-576"). */
  compared: string[]
  /** Y loci, or mtDNA sites, where the candidate differs from every reference typed there. */
  differences: number
  /** The typed references the line holds, with their meioses to the missing person. */
  relatives: LineRelative[]
}

/**
 * The combined log10 LR of a pair: autosomal × paternal × maternal, independent given the pedigree (lineage
 * markers are inherited apart from the autosomes; Y and mtDNA apart from each other). Null when the
 * autosomal LR is an exclusion (0) or a lineage numerator underflowed.
 *
 * @example combinedLog10Lr(3.2, [{ log10Lr: 2.1 }, { log10Lr: 1 }]) // 6.3
 */
export function combinedLog10Lr (autosomal: number | null, lineage: ReadonlyArray<{ log10Lr: number | null } | undefined>): number | null {
  if (autosomal === null) return null
  let total = autosomal
  for (const l of lineage) {
    if (l === undefined) continue
    if (l.log10Lr === null) return null
    total += l.log10Lr
  }
  return total
}
