import type { Allele } from './allele.ts'

/**
 * How far from 1 the frequencies of one locus may sum. A published table sums to 1 up to the rounding
 * of its printed digits (the bundled NIST 1036, FBI 2015, norSTR and UK DNA-17 tables to 1 ± 10^-4);
 * 0.95–1.05 leaves room for tables printed with three or four decimals and a few rare alleles left
 * out, and still refuses a locus whose frequencies sum to 0 or 2 (a pasted column, counts, a column
 * typed twice). The engine renormalises each locus anyway; this check is about the table being what
 * it claims to be.
 */
export const FREQUENCY_SUM_TOLERANCE = 0.05

/**
 * Why a locus's frequencies cannot be used, or undefined: every frequency in (0, 1] (an allele not
 * observed is left out, not given 0) and the sum within 1 ± FREQUENCY_SUM_TOLERANCE.
 *
 * @example locusFrequencyProblem(['6', '9.3'], [0.4, 0.6]) // undefined
 * @example locusFrequencyProblem(['6', '9.3'], [0.4, 0.4]) // 'frequencies sum to 0.8, outside 1 ± 0.05'
 * @example locusFrequencyProblem(['6', '9.3'], [0, 1]) // 'allele 6 has frequency 0; each must be in (0, 1]'
 */
export function locusFrequencyProblem (alleles: readonly Allele[], frequencies: readonly number[]): string | undefined {
  if (alleles.length !== frequencies.length) return `${alleles.length} alleles but ${frequencies.length} frequencies`
  if (frequencies.length === 0) return 'no allele frequencies'
  let sum = 0
  for (let i = 0; i < frequencies.length; i++) {
    const f = frequencies[i]
    if (!(f > 0 && f <= 1)) return `allele ${alleles[i]} has frequency ${f}; each must be in (0, 1]`
    sum += f
  }
  if (Math.abs(sum - 1) > FREQUENCY_SUM_TOLERANCE) return `frequencies sum to ${Number(sum.toPrecision(6))}, outside 1 ± ${FREQUENCY_SUM_TOLERANCE}`
  return undefined
}
