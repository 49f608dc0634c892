import { collectErrors, fail, failAll, type HomewardError } from '../errors.ts'
import { normaliseCStretches } from './mito-c-stretch.ts'
import { formatRanges, inRanges, MT_LENGTH, parseMitoRange, type MitoRange } from './mito-range.ts'

/**
 * An mtDNA profile: the sequenced stretches (rCRS positions) and the differences from the rCRS in EMPOP
 * notation, canonical and sorted by position: substitutions "16223T", point heteroplasmy as an IUPAC code
 * "16189Y" (C/T), insertions "315.1C" (the first base inserted after 315), deletions "249DEL" (canonical;
 * "249-", "249del" and "249d" are read as it). C-stretch length variants are written by the convention of
 * mito-c-stretch.ts. A position of the ranges without a variant carries the rCRS base.
 */
export interface MitoProfile {
  ranges: readonly MitoRange[]
  variants: readonly string[]
}

/** A variant read apart: position, insertion index (0 for a substitution or deletion) and the base, 'DEL' for a deletion. */
export interface MitoVariant {
  position: number
  insert: number
  base: string
}

/** The two-base IUPAC codes of point heteroplasmy and the bases each stands for. */
export const HETEROPLASMY_CODES: Readonly<Record<string, string>> = { R: 'AG', Y: 'CT', S: 'CG', W: 'AT', K: 'GT', M: 'AC' }

const VARIANT = /^[ACGT]?(\d{1,5})(?:\.(\d{1,2}))?([A-Za-z]+|-)$/

/**
 * Reads an mtDNA profile: `range` as parseMitoRange takes it, `variants` as text ("16223T 16189Y 315.1C",
 * spaces or commas between) or an array. Refuses, all problems at once, naming sample, position and value:
 * a bad range, a variant that is not EMPOP notation, a position outside 1…16569 or outside the sequenced
 * range, a base that is not A, C, G, T, a two-base IUPAC code or a deletion (N, an unread base, is refused:
 * an unread position belongs out of the range), an inserted deletion, and two calls at one position.
 *
 * @example parseMitoProfile({ range: '16024-16569 1-576', variants: '16223T 263G 315.1C 249-' })
 *   // { ranges: [[1, 576], [16024, 16569]], variants: ['249DEL', '263G', '315.1C', '16223T'] }
 */
export function parseMitoProfile (input: { range: unknown, variants: unknown }, where: { sample?: string } = {}): MitoProfile {
  const problems: HomewardError[] = []
  if (input === null || typeof input !== 'object') {
    fail('INVALID_MITOTYPE', `an mtDNA profile must be { range, variants }${at(where)}`, { ...where, value: JSON.stringify(input) })
  }
  const ranges = collectErrors(problems, () => parseMitoRange(input.range, where))
  const texts = collectErrors(problems, () => variantTexts(input.variants, where)) ?? []
  const parsed: MitoVariant[] = []
  const seen = new Map<string, string>()
  for (const text of texts) {
    collectErrors(problems, () => {
      const v = parseMitoVariant(text, where)
      if (ranges !== undefined && !inRanges(v.position, ranges)) {
        fail('INVALID_MITOTYPE', `variant ${text} at position ${v.position} is outside the sequenced range ${formatRanges(ranges)}${at(where)}`, { ...where, position: v.position, value: text })
      }
      const key = `${v.position}.${v.insert}`
      const before = seen.get(key)
      if (before !== undefined) fail('INVALID_MITOTYPE', `two calls at position ${v.insert > 0 ? key : v.position} (${before}, ${text})${at(where)}`, { ...where, position: v.position, value: text })
      seen.set(key, text)
      parsed.push(v)
    })
  }
  failAll(problems)
  const normalised = normaliseCStretches(parsed, ranges!)
  return { ranges: ranges!, variants: sortVariants(normalised).map(formatMitoVariant) }
}

/**
 * One variant in EMPOP notation, read apart; a leading rCRS base ("T16189C") is accepted and dropped.
 *
 * @example parseMitoVariant('315.1c') // { position: 315, insert: 1, base: 'C' }
 */
export function parseMitoVariant (text: string, where: { sample?: string } = {}): MitoVariant {
  const m = VARIANT.exec(text)
  if (m === null) fail('INVALID_MITOTYPE', `variant "${text}" is not EMPOP notation (e.g. 16223T, 315.1C, 249DEL, 16189Y)${at(where)}`, { ...where, value: text })
  const position = Number(m[1])
  const insert = m[2] === undefined ? 0 : Number(m[2])
  if (position < 1 || position > MT_LENGTH) fail('INVALID_MITOTYPE', `variant ${text}: position ${position} is not one of 1…${MT_LENGTH}${at(where)}`, { ...where, position, value: text })
  if (m[2] !== undefined && insert < 1) fail('INVALID_MITOTYPE', `variant ${text}: an insertion is numbered from .1${at(where)}`, { ...where, position, value: text })
  const raw = m[3]
  let base: string
  if (raw === '-' || raw === 'd' || raw.toUpperCase() === 'DEL') base = 'DEL'
  else if (raw.length === 1 && 'ACGT'.includes(raw.toUpperCase())) base = raw.toUpperCase()
  else if (raw.length === 1 && HETEROPLASMY_CODES[raw.toUpperCase()] !== undefined) base = raw.toUpperCase()
  else {
    const why = raw.toUpperCase() === 'N'
      ? 'N is an unread base, not a variant: leave the position out of the sequenced range'
      : raw === 'D' ? 'D is ambiguous (a deletion or the IUPAC code A/G/T): write a deletion as DEL' : `"${raw}" is not a base (A, C, G, T), a two-base heteroplasmy code (${Object.keys(HETEROPLASMY_CODES).join(', ')}) or DEL`
    fail('INVALID_MITOTYPE', `variant ${text} at position ${position}: ${why}${at(where)}`, { ...where, position, value: text })
  }
  if (base === 'DEL' && insert > 0) fail('INVALID_MITOTYPE', `variant ${text}: an insertion cannot be a deletion${at(where)}`, { ...where, position, value: text })
  return { position, insert, base }
}

/** Canonical text: "16223T", "315.1C", "249DEL". */
export function formatMitoVariant (v: MitoVariant): string {
  return `${v.position}${v.insert > 0 ? `.${v.insert}` : ''}${v.base}`
}

/** By position, then insertion index. */
export function sortVariants (variants: readonly MitoVariant[]): MitoVariant[] {
  return [...variants].sort((a, b) => a.position - b.position || a.insert - b.insert)
}

function variantTexts (raw: unknown, where: { sample?: string }): string[] {
  if (typeof raw === 'string') return raw.split(/[\s,;]+/).filter((s) => s !== '')
  if (Array.isArray(raw)) {
    return raw.map((v) => {
      if (typeof v !== 'string') fail('INVALID_MITOTYPE', `variant ${JSON.stringify(v)} is not text${at(where)}`, { ...where, value: JSON.stringify(v) })
      return v.trim()
    })
  }
  if (raw === undefined) return [] // a profile identical to the rCRS over its range
  fail('INVALID_MITOTYPE', `variants must be text ("16223T 263G") or a list${at(where)}`, { ...where, field: 'variants', value: JSON.stringify(raw) })
}

function at (where: { sample?: string }): string {
  return where.sample !== undefined ? ` (sample ${where.sample})` : ''
}
