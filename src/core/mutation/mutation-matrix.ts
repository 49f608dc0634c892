import type { Allele } from '../markers/allele.ts'
import { fail } from '../errors.ts'
import { STEPWISE_DEFAULT_RANGE, STEPWISE_DEFAULT_RATE2, type MutationModelSpec } from './mutation-spec.ts'

/**
 * The n×n mutation matrix of a model over a locus's full allele list (after unknown alleles were added),
 * row-major: m[i*n + j] = P(child receives allele j | parent transmits allele i). Rows sum to 1.
 * The formulas are pedmut's and Familias's (see fixtures/oracle-cases/README.md, convention 3).
 *
 * @example mutationMatrix({ model: 'equal', rate: 0.1 }, ['1', '2', '3'], [0.2, 0.3, 0.5])
 *   // diagonal 0.9, off-diagonal 0.05
 */
export function mutationMatrix (spec: MutationModelSpec, alleles: readonly Allele[], freqs: ArrayLike<number>, locus = ''): Float64Array {
  const n = alleles.length
  const m = new Float64Array(n * n)
  switch (spec.model) {
    case 'none':
      for (let i = 0; i < n; i++) m[i * n + i] = 1
      return m
    case 'equal': {
      const r = checkRate(spec.rate, 'rate', locus)
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) m[i * n + j] = i === j ? 1 - r : (n > 1 ? r / (n - 1) : 0)
      }
      if (n === 1) m[0] = 1
      return m
    }
    case 'proportional': {
      const r = checkRate(spec.rate, 'rate', locus)
      let heterozygosity = 0
      for (let k = 0; k < n; k++) heterozygosity += freqs[k] * (1 - freqs[k])
      const alpha = heterozygosity > 0 ? r / heterozygosity : 0
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) m[i * n + j] = i === j ? 1 - alpha + alpha * freqs[i] : alpha * freqs[j]
      }
      return m
    }
    case 'stepwise':
      return stepwiseMatrix(spec, alleles, locus)
    default:
      return fail('INVALID_MUTATION_MODEL', `unknown mutation model ${JSON.stringify((spec as { model: unknown }).model)}${locus !== '' ? ` at locus ${locus}` : ''}`, { locus })
  }
}

function stepwiseMatrix (spec: Extract<MutationModelSpec, { model: 'stepwise' }>, alleles: readonly Allele[], locus: string): Float64Array {
  const rate = checkRate(spec.rate, 'rate', locus)
  const rate2 = checkRate(spec.rate2 ?? STEPWISE_DEFAULT_RATE2, 'rate2', locus)
  const range = spec.range ?? STEPWISE_DEFAULT_RANGE
  if (!(range > 0 && range < 1)) fail('INVALID_MUTATION_MODEL', `stepwise range ${range} must lie strictly between 0 and 1${locus !== '' ? ` (locus ${locus})` : ''}`, { locus, value: String(range) })
  const n = alleles.length
  const values = alleles.map(Number)
  // Microvariant group: integers form one group, ".3" alleles another, and so on.
  const group = values.map((x) => Math.round(10 * (x - Math.round(x))))
  const groupSize = new Map<number, number>()
  for (const g of group) groupSize.set(g, (groupSize.get(g) ?? 0) + 1)
  const m = new Float64Array(n * n)
  for (let i = 0; i < n; i++) {
    const own = groupSize.get(group[i])!
    let withinSum = 0
    for (let j = 0; j < n; j++) {
      if (j !== i && group[j] === group[i]) withinSum += range ** Math.abs(values[i] - values[j])
    }
    for (let j = 0; j < n; j++) {
      if (i === j) continue
      if (group[j] === group[i]) {
        m[i * n + j] = rate * (range ** Math.abs(values[i] - values[j])) / withinSum
      } else {
        m[i * n + j] = rate2 / (n - own)
      }
    }
    if (own === n) m[i * n + i] = 1 - rate
    else if (own === 1) m[i * n + i] = 1 - rate2
    else m[i * n + i] = 1 - rate - rate2
  }
  return m
}

function checkRate (rate: number, name: string, locus: string): number {
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) {
    fail('INVALID_MUTATION_MODEL', `mutation ${name} ${String(rate)} must be a number between 0 and 1${locus !== '' ? ` (locus ${locus})` : ''}`, { locus, value: String(rate) })
  }
  return rate
}

/** True when the matrix is the identity (no mutation possible). */
export function isIdentity (m: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (m[i * n + i] !== 1) return false
  return true
}
