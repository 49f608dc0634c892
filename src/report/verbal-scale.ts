/**
 * The verbal equivalent of an LR, after the ENFSI Guideline for Evaluative Reporting (2015), mirrored
 * for LRs below 1. Each band includes its lower bound: LR 10 is "moderate", LR 9.99 is "weak".
 * H1: the person is the missing person; H2: the person is unrelated to the family.
 */

const BANDS: ReadonlyArray<{ log10: number, strength: string }> = [
  { log10: 6, strength: 'extremely strong' },
  { log10: 4, strength: 'very strong' },
  { log10: 3, strength: 'strong' },
  { log10: 2, strength: 'moderately strong' },
  { log10: 1, strength: 'moderate' },
  { log10: Math.log10(2), strength: 'weak' }
]

const H1 = 'the person being the missing person'
const H2 = 'the person being unrelated to the family'

/**
 * @example verbalEquivalent(4) // 'very strong support for the person being the missing person rather than …unrelated…'
 * @example verbalEquivalent(-1) // 'moderate support for the person being unrelated … rather than … the missing person'
 * @example verbalEquivalent(null) // the exclusion text
 */
export function verbalEquivalent (log10Lr: number | null): string {
  if (log10Lr === null) return `the findings exclude ${H1} under the models used (LR 0)`
  const magnitude = Math.abs(log10Lr)
  // a tiny tolerance so that a sum of logs equal to 4 up to rounding stays in its band
  const band = BANDS.find((b) => magnitude >= b.log10 - 1e-9)
  if (band === undefined) return 'the findings provide no meaningful support for either proposition (LR between 1/2 and 2)'
  const [favoured, other] = log10Lr > 0 ? [H1, H2] : [H2, H1]
  return `${band.strength} support for ${favoured} rather than ${other}`
}
