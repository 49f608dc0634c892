import { compareAlleles, profileAllele } from '../core/markers/allele.ts'
import { HomewardError } from '../core/errors.ts'
import { lookupYLocus } from '../core/lineage/y-loci.ts'
import { AMELOGENIN, lookupLocus, type LocusName } from '../core/markers/locus.ts'
import { makeGenotype, type Genotype } from '../core/markers/profile.ts'
import type { IgnoredMarker, LocusRefusal, Origin, RawLocusCall } from './import-types.ts'

/**
 * The one place where a raw call from any format (locus text + allele cells) becomes a canonical
 * locus and genotype, or a refusal with its reason. Every parser hands its calls here, so aliases
 * (vWA/VWA, TH01/THO1, PENTA_D...), allele text ("12.0", "8.3000000000000007"), homozygotes written
 * once or twice and unsorted pairs are treated the same whatever the file.
 */
export type CallOutcome =
  | { kind: 'genotype', locus: LocusName, genotype: Genotype }
  | { kind: 'amelogenin', values: string[] }
  /** A Y-STR locus (lookupYLocus), its cells as written: read as a haplotype once the sample is whole (lineage-preview.ts). */
  | { kind: 'y-str', locus: string, alleles: string[] }
  | { kind: 'untyped' }
  | { kind: 'ignored', marker: IgnoredMarker }
  | { kind: 'refused', refusal: LocusRefusal }

/** Cell contents that mean "no call" in the files we read: empty, NA (R), NULL (CODIS), N/A, dash. */
const MISSING = new Set(['', 'na', 'null', 'n/a', '-', 'nan'])

/** Markers that are real but not autosomal STRs: Y-STRs, Y-indel, quality sensors. Kept out of the profile. */
const NON_AUTOSOMAL = /^(dys|y ?-?indel|y-?gata|dxs|qs ?\d|hprtb)/i

/** True when a cell holds no call at all. */
export function isMissingCell (cell: string): boolean {
  return MISSING.has(cell.trim().toLowerCase())
}

/**
 * Normalises one locus call of one sample.
 *
 * @example normaliseCall({ locus: 'VWA', alleles: ['18', '16'], line: 3 }) // genotype vWA ['16', '18']
 * @example normaliseCall({ locus: 'TH01', alleles: ['OL', '9'], line: 4 }) // refused: allele "OL" is an off-ladder call
 */
export function normaliseCall (call: RawLocusCall): CallOutcome {
  const origin: Origin = call.element !== undefined ? { element: call.element } : { line: call.line }
  const cells = call.alleles.map((a) => a.trim()).filter((a) => !isMissingCell(a))
  const value = cells.join(',')
  const canonical = lookupLocus(call.locus)
  if (canonical === AMELOGENIN) return amelogenin(cells, origin)
  if (canonical === undefined) {
    if (cells.length === 0) return { kind: 'untyped' }
    if (lookupYLocus(call.locus) !== undefined) return { kind: 'y-str', locus: call.locus.trim(), alleles: cells }
    if (NON_AUTOSOMAL.test(call.locus.trim())) {
      return { kind: 'ignored', marker: { locus: call.locus, reason: 'not an autosomal STR (Y marker or quality sensor): not used in kinship', ...origin } }
    }
    return refuse(call.locus, `unknown locus "${call.locus}"`, value, origin)
  }
  if (cells.length === 0) return { kind: 'untyped' }
  // Lab software fills allele slots from the first: "11" then an empty slot is a homozygote written
  // once, but an empty slot before a value means a call was lost, and reading it as 11/11 would invent one.
  // Formats that always write both alleles (Familias) have no "written once" homozygote at all.
  const hole = call.alleles.findIndex(isMissingCell)
  const lost = call.bothAllelesWritten === true ? hole >= 0 : call.alleles.slice(hole + 1).some((a) => !isMissingCell(a))
  if (hole >= 0 && lost) {
    return refuse(canonical, `allele ${hole + 1} of ${call.alleles.length} is empty beside ${cells.join(', ')}: a call is missing (not a homozygote written once), so the genotype is unknown`, call.alleles.map((a) => a.trim()).join(','), origin)
  }
  const alleles: string[] = []
  for (const cell of cells) {
    try {
      alleles.push(profileAllele(cell))
    } catch (err) {
      if (!(err instanceof HomewardError)) throw err
      return refuse(canonical, err.message, value, origin)
    }
  }
  const distinct = [...new Set(alleles)].sort(compareAlleles)
  if (distinct.length > 2) {
    return refuse(canonical, `${distinct.length} alleles (${distinct.join(', ')}): a mixture, tri-allelic pattern or unfiltered call is not a single-source reference`, value, origin)
  }
  return { kind: 'genotype', locus: canonical, genotype: makeGenotype(distinct) }
}

function amelogenin (cells: string[], origin: Origin): CallOutcome {
  if (cells.length === 0) return { kind: 'untyped' }
  const values = [...new Set(cells.map((c) => c.toUpperCase()))].sort()
  const bad = values.find((v) => v !== 'X' && v !== 'Y')
  if (bad !== undefined) return refuse(AMELOGENIN, `amelogenin value "${bad}" is neither X nor Y`, cells.join(','), origin)
  return { kind: 'amelogenin', values }
}

function refuse (locus: string, reason: string, value: string, origin: Origin): CallOutcome {
  return { kind: 'refused', refusal: { locus, reason, ...(value !== '' ? { value } : {}), ...origin } }
}
