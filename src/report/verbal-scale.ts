import type { Locale } from '../i18n/locale.ts'
import { t } from '../i18n/translate.ts'

/**
 * The verbal equivalent of an LR, after the ENFSI Guideline for Evaluative Reporting (2015), mirrored
 * for LRs below 1. Each band includes its lower bound: LR 10 is "moderate", LR 9.99 is "weak".
 * H1: the person is the missing person; H2: the person is unrelated to the family.
 */

export type Strength = 'extremely-strong' | 'very-strong' | 'strong' | 'moderately-strong' | 'moderate' | 'weak'

const BANDS: ReadonlyArray<{ log10: number, strength: Strength }> = [
  { log10: 6, strength: 'extremely-strong' },
  { log10: 4, strength: 'very-strong' },
  { log10: 3, strength: 'strong' },
  { log10: 2, strength: 'moderately-strong' },
  { log10: 1, strength: 'moderate' },
  { log10: Math.log10(2), strength: 'weak' }
]

export type VerbalBand =
  | { kind: 'exclusion' }
  | { kind: 'none' }
  | { kind: 'support', strength: Strength, favours: 'H1' | 'H2' }

/**
 * @example verbalBand(4) // { kind: 'support', strength: 'very-strong', favours: 'H1' }
 * @example verbalBand(-1) // { kind: 'support', strength: 'moderate', favours: 'H2' }
 * @example verbalBand(0.1) // { kind: 'none' } (LR 1.26)
 */
export function verbalBand (log10Lr: number | null): VerbalBand {
  if (log10Lr === null) return { kind: 'exclusion' }
  // a tiny tolerance so that a sum of logs equal to 4 up to rounding stays in its band
  const band = BANDS.find((b) => Math.abs(log10Lr) >= b.log10 - 1e-9)
  if (band === undefined) return { kind: 'none' }
  return { kind: 'support', strength: band.strength, favours: log10Lr > 0 ? 'H1' : 'H2' }
}

/** The band in words, in a locale. */
export function verbalText (locale: Locale, log10Lr: number | null): string {
  const band = verbalBand(log10Lr)
  if (band.kind === 'exclusion') return t(locale, 'verbal.exclusion')
  if (band.kind === 'none') return t(locale, 'verbal.none')
  const strength = t(locale, `verbal.strength.${band.strength}`)
  return t(locale, band.favours === 'H1' ? 'verbal.forH1' : 'verbal.forH2', { strength })
}

/**
 * The English text the JSON report carries.
 *
 * @example verbalEquivalent(4) // 'very strong support for the person being the missing person rather than …unrelated…'
 * @example verbalEquivalent(-1) // 'moderate support for the person being unrelated … rather than … the missing person'
 * @example verbalEquivalent(null) // the exclusion text
 */
export function verbalEquivalent (log10Lr: number | null): string {
  return verbalText('en', log10Lr)
}
