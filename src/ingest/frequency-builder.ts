import { canonicalAllele } from '../core/markers/allele.ts'
import { locusFrequencyProblem } from '../core/markers/frequency-check.ts'
import type { FrequencyTable, LocusFrequencies } from '../core/markers/frequency-table.ts'
import { AMELOGENIN, lookupLocus } from '../core/markers/locus.ts'

/**
 * Accumulates one population's table from (locus, allele, value) triples of any layout, applying the
 * same rules everywhere: canonical locus names (non-autosomal and unknown loci left out, with a
 * warning), canonical allele text, empty and zero cells meaning "not observed", and counts turned
 * into frequencies by the locus total (or the stated number of alleles).
 */
export class FrequencyBuilder {
  private readonly loci = new Map<string, { alleles: Map<string, number>, sampleSize?: number }>()
  private readonly skippedLoci = new Set<string>()

  constructor (readonly population: string, readonly warnings: string[]) {}

  /** Adds a frequency (or a count, when `counts` is set on build) of one allele. */
  add (rawLocus: string, rawAllele: string, value: number, where: string): void {
    const locus = this.locus(rawLocus)
    if (locus === undefined) return
    if (!Number.isFinite(value) || value < 0) {
      this.warnings.push(`${where}: ${rawLocus} allele ${rawAllele}: value ${value} is not a frequency; left out`)
      return
    }
    if (value === 0) return
    let allele: string
    try {
      allele = canonicalAllele(rawAllele)
    } catch {
      this.warnings.push(`${where}: ${rawLocus} allele "${rawAllele}" is not a repeat number; left out`)
      return
    }
    const entry = this.entry(locus)
    entry.alleles.set(allele, (entry.alleles.get(allele) ?? 0) + value)
  }

  /** Records the number of alleles sampled (2N) at a locus. */
  setSampleSize (rawLocus: string, alleles: number): void {
    const locus = this.locus(rawLocus)
    if (locus === undefined || !(alleles > 0)) return
    this.entry(locus).sampleSize = alleles
  }

  /** The table; `counts` divides each allele by the locus sample size when known, else by the total. */
  build (meta: { id: string, source: string, version?: string, counts?: boolean }): FrequencyTable | undefined {
    const loci: Record<string, LocusFrequencies> = {}
    for (const [locus, { alleles, sampleSize }] of this.loci) {
      if (alleles.size === 0) continue
      const entries = [...alleles.entries()].sort((a, b) => Number(a[0]) - Number(b[0]))
      const total = entries.reduce((s, [, v]) => s + v, 0)
      const divisor = meta.counts === true ? (sampleSize ?? total) : 1
      const frequencies = entries.map(([, v]) => v / divisor)
      if (frequencies.some((f) => f > 1)) {
        this.warnings.push(`${this.population}: ${locus} has a frequency above 1 (are these counts?); locus left out`)
        continue
      }
      // A locus summing far from 1 (0.5: half the alleles lost; 2: a column typed twice) is not the
      // population's table: left out, named, rather than renormalised into plausible numbers.
      const problem = locusFrequencyProblem(entries.map(([a]) => a), frequencies)
      if (problem !== undefined) {
        this.warnings.push(`${this.population}: ${locus} ${problem}; locus left out`)
        continue
      }
      loci[locus] = { alleles: entries.map(([a]) => a), frequencies, ...(sampleSize !== undefined ? { sampleSize } : {}) }
    }
    if (Object.keys(loci).length === 0) return undefined
    return { id: meta.id, population: this.population, version: meta.version ?? '1', source: meta.source, loci }
  }

  private locus (raw: string): string | undefined {
    const locus = lookupLocus(raw)
    if (locus === undefined || locus === AMELOGENIN) {
      if (!this.skippedLoci.has(raw)) {
        this.skippedLoci.add(raw)
        this.warnings.push(`${this.population}: locus "${raw}" is ${locus === AMELOGENIN ? 'amelogenin' : 'not a known autosomal STR'}; left out of the table`)
      }
      return undefined
    }
    return locus
  }

  private entry (locus: string): { alleles: Map<string, number>, sampleSize?: number } {
    let e = this.loci.get(locus)
    if (e === undefined) { e = { alleles: new Map() }; this.loci.set(locus, e) }
    return e
  }
}

/** A table id from a file and population name: "NIST1036freqs.long.csv", "Asian" → "nist1036freqs-asian". */
export function tableId (fileName: string, population: string): string {
  const stem = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '').replace(/\.long$/, '')
  const slug = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
  return stem === population || population === '' ? slug(stem) : `${slug(stem)}-${slug(population)}`
}

/** Parses a numeric cell ("6.06E-05", "0,0123" is not accepted: decimal point only). Empty → 0. */
export function numberCell (cell: string | undefined): number {
  const v = (cell ?? '').trim()
  if (v === '' || /^(na|null|n\/a|-)$/i.test(v)) return 0
  return Number(v)
}
