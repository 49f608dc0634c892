/**
 * Numbers as a report prints them. Totals span 10^-60…10^30, so they are carried as log10 and
 * printed in scientific notation from the log, never through a Number that could overflow.
 */

/** "1.87 × 10^12" as parts, so HTML can write the exponent as a superscript. */
export interface Scientific {
  mantissa: string
  exponent: number
}

/**
 * Scientific notation of 10^log10 with `digits` significant digits.
 *
 * @example scientificFromLog10(Math.log10(18710)) // { mantissa: '1.87', exponent: 4 }
 */
export function scientificFromLog10 (log10: number, digits = 3): Scientific {
  if (!Number.isFinite(log10)) throw new RangeError(`log10 value ${log10} is not finite`)
  let exponent = Math.floor(log10)
  let mantissa = (10 ** (log10 - exponent)).toPrecision(digits)
  if (Number(mantissa) >= 10) { // 9.996 rounds to 10.0: carry into the exponent
    exponent += 1
    mantissa = (1).toPrecision(digits)
  }
  return { mantissa, exponent }
}

/** "1.87 × 10^4"; "1.87" when the exponent is 0. */
export function scientificText (s: Scientific): string {
  return s.exponent === 0 ? s.mantissa : `${s.mantissa} × 10^${s.exponent}`
}

/**
 * A likelihood ratio for a table cell: plain decimals between 0.001 and 100,000, scientific outside;
 * "0" for an exclusion (log10 null).
 *
 * @example lrText(Math.log10(1.4684426389)) // '1.468'
 * @example lrText(null) // '0'
 */
export function lrText (log10Lr: number | null): string {
  if (log10Lr === null) return '0'
  if (log10Lr >= -3 && log10Lr < 5) {
    const lr = 10 ** log10Lr
    return lr >= 1000 ? lr.toFixed(0) : lr.toPrecision(4)
  }
  return scientificText(scientificFromLog10(log10Lr))
}

/**
 * A posterior probability printed so that values next to 1 stay distinguishable:
 * "0.9999" below 0.9999, else "1 − 2.30 × 10^-9" from the log10 posterior odds (1 − P ≈ 10^-odds).
 */
export function posteriorText (posterior: number, log10PosteriorOdds: number | null): string {
  if (log10PosteriorOdds === null) return '0'
  if (log10PosteriorOdds <= 4) return posterior.toPrecision(4)
  // 1 − P = 1 / (1 + odds) = 10^-lpo / (1 + 10^-lpo)
  const oneMinus = -log10PosteriorOdds - Math.log10(1 + 10 ** -log10PosteriorOdds)
  return `1 − ${scientificText(scientificFromLog10(oneMinus))}`
}

/** A probability such as a prior: "1/250 (0.004)" when it is the reciprocal of a whole number. */
export function probabilityText (p: number): string {
  const inverse = 1 / p
  if (p > 0 && p < 1 && Math.abs(inverse - Math.round(inverse)) < 1e-9 * inverse) return `1/${Math.round(inverse)} (${p.toPrecision(3)})`
  return p.toPrecision(3)
}
