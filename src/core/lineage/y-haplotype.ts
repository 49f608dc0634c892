import { collectErrors, fail, failAll, HomewardError } from '../errors.ts'
import { compareAlleles, profileAllele } from '../markers/allele.ts'
import { lookupYLocus, MULTI_COPY_Y_LOCI, type YLocusName } from './y-loci.ts'

/** The call of a null allele (a deletion of the locus's primer site or repeat region: no product). */
export const NULL_ALLELE = 'null'

/**
 * A Y-STR haplotype: canonical Y locus → its alleles, sorted by numeric value. A single-copy locus has one
 * allele ("14"), or two when it is duplicated on this chromosome (["13", "14"]); a multi-copy locus
 * (DYS385, DYF387S1) has two or more, an unordered multiset (["11", "14"], ["13", "13"]); a null allele is
 * the locus's only value, ["null"]. Loci absent from the map are untyped.
 */
export type YHaplotype = Readonly<Record<YLocusName, readonly string[]>>

/** The most values a locus may carry: a duplication at a single-copy locus, a triplication at most at DYS385/DYF387S1 (more is a mixture). */
const MAX_SINGLE_COPY = 2
const MAX_MULTI_COPY = 4

/**
 * Reads a Y-STR haplotype: locus name (any accepted spelling, see lookupYLocus) → calls, each a number,
 * a string ("14", "17.2", "11,14", "11/14", "null") or an array of those. "DYS385a" and "DYS385b" given
 * apart are joined into DYS385; one value at a multi-copy locus given whole ("DYS385": "14") is both copies.
 * Refuses, all problems at once, naming sample, locus and value: unknown loci, a locus given twice, empty
 * calls, off-ladder and implausible alleles, more values than copies, a null allele beside other values,
 * one copy of a multi-copy locus without the other.
 *
 * @example parseYHaplotype({ DYS19: 14, 'DYS385a/b': '11,14', 'Y GATA H4': '12' }, { sample: 'R1' })
 *   // { DYS19: ['14'], DYS385: ['11', '14'], 'Y-GATA-H4': ['12'] }
 */
export function parseYHaplotype (input: Record<string, unknown>, where: { sample?: string } = {}): YHaplotype {
  const problems: HomewardError[] = []
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    fail('INVALID_HAPLOTYPE', `a Y-STR haplotype must be an object of locus → alleles${at(where)}`, { ...where, value: JSON.stringify(input) })
  }
  const whole = new Map<YLocusName, { name: string, calls: string[] }>()
  const copies = new Map<YLocusName, Map<'a' | 'b', { name: string, calls: string[] }>>()
  for (const [name, raw] of Object.entries(input)) {
    collectErrors(problems, () => {
      const spelling = lookupYLocus(name)
      if (spelling === undefined) fail('UNKNOWN_LOCUS', `unknown Y-STR locus "${name}"${at(where)}`, { ...where, locus: name })
      const calls = splitCalls(raw, { ...where, locus: name })
      const { locus, copy } = spelling
      if (copy === undefined) {
        if (whole.has(locus) || copies.has(locus)) duplicate(name, locus, where)
        whole.set(locus, { name, calls })
        return
      }
      const parts = copies.get(locus) ?? new Map()
      if (whole.has(locus) || parts.has(copy)) duplicate(name, locus, where)
      parts.set(copy, { name, calls })
      copies.set(locus, parts)
    })
  }
  const haplotype: Record<YLocusName, readonly string[]> = {}
  for (const [locus, { name, calls }] of whole) {
    collectErrors(problems, () => { haplotype[locus] = locusAlleles(locus, calls, false, { ...where, locus: name }) })
  }
  for (const [locus, parts] of copies) {
    collectErrors(problems, () => {
      const given = [...parts.values()]
      if (parts.size < 2) {
        const name = given[0].name
        fail('INVALID_HAPLOTYPE', `${name} is one copy of ${locus}; give both (${locus}a and ${locus}b) or the locus whole (${locus}: "11,14")${at(where)}`, { ...where, locus: name, value: given[0].calls.join(',') })
      }
      haplotype[locus] = locusAlleles(locus, given.flatMap((g) => g.calls), true, { ...where, locus })
    })
  }
  failAll(problems)
  return Object.fromEntries(Object.keys(haplotype).sort().map((l) => [l, haplotype[l]]))
}

function splitCalls (raw: unknown, where: { sample?: string, locus: string }): string[] {
  const items = Array.isArray(raw) ? raw : [raw]
  const calls: string[] = []
  for (const item of items) {
    if (typeof item === 'number') calls.push(String(item))
    else if (typeof item === 'string') calls.push(...item.split(/[,/;]|\s+/).map((s) => s.trim()).filter((s) => s !== ''))
    else fail('INVALID_HAPLOTYPE', `allele ${JSON.stringify(item)} is not a number or text${at(where)}`, { ...where, value: JSON.stringify(item) })
  }
  if (calls.length === 0) fail('INVALID_HAPLOTYPE', `no allele${at(where)}; leave an untyped locus out`, { ...where, value: JSON.stringify(raw) })
  return calls
}

function locusAlleles (locus: YLocusName, calls: string[], fromCopies: boolean, where: { sample?: string, locus: string }): string[] {
  const multi = MULTI_COPY_Y_LOCI.has(locus)
  if (calls.some((c) => c.toLowerCase() === NULL_ALLELE)) {
    if (calls.length > 1 && !calls.every((c) => c.toLowerCase() === NULL_ALLELE)) {
      fail('INVALID_HAPLOTYPE', `a null allele beside other values (${calls.join(', ')})${at(where)}: a null allele is the locus's only call`, { ...where, value: calls.join(',') })
    }
    return [NULL_ALLELE]
  }
  const problems: HomewardError[] = []
  const alleles = calls.map((c) => collectErrors(problems, () => profileAllele(c, where)))
  failAll(problems)
  const sorted = (alleles as string[]).sort(compareAlleles)
  const max = multi ? MAX_MULTI_COPY : MAX_SINGLE_COPY
  if (sorted.length > max) {
    fail('INVALID_HAPLOTYPE', `${sorted.length} alleles (${sorted.join(', ')})${at(where)}: more than ${max} at ${multi ? 'a multi-copy' : 'a single-copy'} locus is a mixture or a bad call`, { ...where, value: sorted.join(',') })
  }
  if (multi && sorted.length === 1 && !fromCopies) return [sorted[0], sorted[0]] // one peak: both copies of that length
  if (!multi && sorted.length === 2 && sorted[0] === sorted[1]) return [sorted[0]] // a duplication of one length is not seen
  return sorted
}

function duplicate (name: string, locus: YLocusName, where: { sample?: string }): never {
  fail('INVALID_HAPLOTYPE', `locus ${locus} is given twice (again as "${name}")${at(where)}`, { ...where, locus: name })
}

function at (where: { sample?: string, locus?: string }): string {
  const parts: string[] = []
  if (where.sample !== undefined) parts.push(`sample ${where.sample}`)
  if (where.locus !== undefined) parts.push(`locus ${where.locus}`)
  return parts.length > 0 ? ` (${parts.join(', ')})` : ''
}
