import type { Allele } from './allele.ts'
import { fail } from '../errors.ts'
import type { LocusName } from './locus.ts'

/** Allele frequencies of one locus in one population. */
export interface LocusFrequencies {
  alleles: Allele[]
  frequencies: number[]
  /** Number of alleles sampled (2N), when the source gives it. */
  sampleSize?: number
}

/** A population's allele-frequency table, versioned so every result can say which one it used. */
export interface FrequencyTable {
  id: string
  population: string
  version: string
  source: string
  loci: Record<LocusName, LocusFrequencies>
}

/**
 * How an allele seen in a profile but missing from the table is given a frequency:
 * - fixed: the configured frequency (the oracle cases use 0.001);
 * - nrc2: NRC II's 5/(2N) with 2N the locus sample size, the fixed frequency where the size is unknown.
 * Either way the locus is then renormalised to sum 1, as Familias and pedprobr do.
 */
export type UnknownAlleleRule =
  | { rule: 'fixed', frequency: number }
  | { rule: 'nrc2', fallbackFrequency: number }

/** One allele added to a locus table, reported with every result that used it. */
export interface FrequencyAdjustment {
  locus: LocusName
  allele: Allele
  frequency: number
  rule: 'fixed' | 'nrc2' | 'nrc2-fallback'
}

/** A locus table ready for likelihoods: unknown alleles added, renormalised to sum 1. */
export interface AdjustedLocus {
  alleles: Allele[]
  frequencies: Float64Array
  adjustments: FrequencyAdjustment[]
}

/**
 * Adds every allele in `seen` that the table lacks, with the rule's frequency, then renormalises.
 *
 * @example adjustLocus('FGA', { alleles: ['20','21'], frequencies: [0.5, 0.5] }, ['30'], { rule: 'fixed', frequency: 0.001 })
 *   // alleles 20, 21, 30 with frequencies 0.5/1.001, 0.5/1.001, 0.001/1.001
 */
export function adjustLocus (locus: LocusName, table: LocusFrequencies, seen: Iterable<Allele>, rule: UnknownAlleleRule): AdjustedLocus {
  if (table.alleles.length !== table.frequencies.length) {
    fail('INVALID_FREQUENCIES', `locus ${locus} has ${table.alleles.length} alleles but ${table.frequencies.length} frequencies`, { locus })
  }
  const alleles = [...table.alleles]
  const raw = [...table.frequencies]
  for (let i = 0; i < raw.length; i++) {
    if (!(raw[i] >= 0 && raw[i] <= 1)) fail('INVALID_FREQUENCIES', `locus ${locus} allele ${alleles[i]} has frequency ${raw[i]}`, { locus, allele: alleles[i], value: String(raw[i]) })
  }
  const known = new Set(alleles)
  const adjustments: FrequencyAdjustment[] = []
  for (const allele of seen) {
    if (known.has(allele)) continue
    known.add(allele)
    const { frequency, applied } = unknownFrequency(rule, table.sampleSize)
    alleles.push(allele)
    raw.push(frequency)
    adjustments.push({ locus, allele, frequency, rule: applied })
  }
  let sum = 0
  for (const f of raw) sum += f
  if (!(sum > 0)) fail('INVALID_FREQUENCIES', `locus ${locus} frequencies sum to ${sum}`, { locus })
  const frequencies = new Float64Array(raw.length)
  for (let i = 0; i < raw.length; i++) frequencies[i] = raw[i] / sum
  return { alleles, frequencies, adjustments }
}

function unknownFrequency (rule: UnknownAlleleRule, sampleSize: number | undefined): { frequency: number, applied: FrequencyAdjustment['rule'] } {
  if (rule.rule === 'fixed') return { frequency: rule.frequency, applied: 'fixed' }
  if (sampleSize !== undefined && sampleSize > 0) return { frequency: 5 / sampleSize, applied: 'nrc2' }
  return { frequency: rule.fallbackFrequency, applied: 'nrc2-fallback' }
}
