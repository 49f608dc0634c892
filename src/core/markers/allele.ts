import { fail } from '../errors.ts'

/** An allele: the repeat count as canonical decimal text, e.g. "12", "9.3", "31.2". */
export type Allele = string

const ALLELE_PATTERN = /^\d{1,3}(\.\d{1,20})?$/

/**
 * Canonical text of an allele call: "12.0" → "12", "08" → "8", "9.30" → "9.3",
 * spreadsheet noise "8.3000000000000007" → "8.3". Microvariants stay distinct ("9.3" ≠ "9").
 * Off-ladder calls ("OL", "?"), bounds ("<6", ">15") and empty cells are refused.
 *
 * @example canonicalAllele('12.0') // '12'
 * @example canonicalAllele(' 9.3 ') // '9.3'
 */
export function canonicalAllele (raw: unknown, where: { locus?: string, sample?: string } = {}): Allele {
  if (typeof raw === 'number' && Number.isFinite(raw)) raw = String(raw)
  if (typeof raw !== 'string') fail('INVALID_ALLELE', `allele ${JSON.stringify(raw)} is not a string${describe(where)}`, { ...where, allele: String(raw) })
  const text = raw.trim()
  if (text === '') fail('INVALID_ALLELE', `empty allele${describe(where)}`, { ...where, allele: raw })
  if (!ALLELE_PATTERN.test(text)) {
    const kind = /^(ol|\?|off.?ladder)$/i.test(text)
      ? 'an off-ladder call'
      : /^[<>]/.test(text) ? 'a bound, not an allele' : 'not a repeat number'
    fail('INVALID_ALLELE', `allele "${text}" is ${kind}${describe(where)}`, { ...where, allele: text })
  }
  const [whole, fraction = ''] = text.split('.')
  // Spreadsheets turn 8.3 into 8.3000000000000007: a microvariant has one digit (.1–.3, rarely more),
  // so round to the shortest decimal that the value really carries.
  let frac = fraction
  if (frac.length > 3) frac = String(Math.round(Number('0.' + frac) * 1000) / 1000).slice(2)
  frac = frac.replace(/0+$/, '')
  const integer = String(Number(whole))
  return frac === '' ? integer : `${integer}.${frac}`
}

/** The largest repeat count a profile may carry (the longest alleles of forensic kits, FGA and SE33, stay under 60). */
export const MAX_REPEATS = 99

/**
 * A profile's allele as a kit calls it: canonical, a repeat count from 1 to 99 and at most one decimal
 * for a microvariant ("9.3", "31.2"). Applied to profiles at intake, so invented values ("999.123") never
 * reach the stored profiles or the screen, where each would cost exact LRs against every family. Frequency
 * tables keep canonicalAllele alone: a published table may list other markers' alleles.
 *
 * @example profileAllele('9.30') // '9.3'; profileAllele('208') throws INVALID_ALLELE
 */
export function profileAllele (raw: unknown, where: { locus?: string, sample?: string } = {}): Allele {
  const allele = canonicalAllele(raw, where)
  const [whole, frac = ''] = allele.split('.')
  if (Number(whole) < 1 || Number(whole) > MAX_REPEATS || frac.length > 1) {
    fail('INVALID_ALLELE', `allele "${allele}" is not a plausible repeat number (1 to ${MAX_REPEATS}, at most one decimal for a microvariant, e.g. 9.3)${describe(where)}`, { ...where, allele })
  }
  return allele
}

/** Numeric order of alleles: "9" < "9.3" < "10". */
export function compareAlleles (a: Allele, b: Allele): number {
  return Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0)
}

function describe (where: { locus?: string, sample?: string }): string {
  const parts: string[] = []
  if (where.sample !== undefined) parts.push(`sample ${where.sample}`)
  if (where.locus !== undefined) parts.push(`locus ${where.locus}`)
  return parts.length > 0 ? ` (${parts.join(', ')})` : ''
}
