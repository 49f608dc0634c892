import { multiplyAndSum, scalarFactor, type Factor } from './factor.ts'

/** The outcome of summing a factor graph: ln of a common scale, and what is left over the kept variables. */
export interface Elimination {
  /** Natural log of the scale taken out while summing; -Infinity when the sum is exactly 0. */
  lnScale: number
  /** A factor over the kept variables (a scalar factor when none are kept). */
  rest: Factor
}

/**
 * Sums the product of `factors` over every variable except `keep`, eliminating one variable at a time
 * in greedy min-size order (exact, like Elston–Stewart peeling, but for any pedigree shape, loops too).
 * Each intermediate factor is divided by its maximum and the log of it kept apart, so long pedigrees
 * cannot underflow.
 */
export function eliminate (factors: Factor[], keep: readonly number[], dimOf: (v: number) => number): Elimination {
  const { lnScale, pool } = eliminateAllBut(factors, keep, dimOf)
  if (lnScale === -Infinity) return { lnScale, rest: scalarFactor(0) }
  const rest = pool.length === 0 ? scalarFactor(1) : multiplyAndSum(pool, null, dimOf)
  if (rest.vars.length === 0) {
    const value = rest.values[0]
    if (value === 0) return { lnScale: -Infinity, rest: scalarFactor(0) }
    return { lnScale: lnScale + Math.log(value), rest: scalarFactor(1) }
  }
  return { lnScale, rest }
}

/**
 * eliminate() up to, not including, its last step: the factors left over the kept variables, unmultiplied
 * (a caller may lay them out itself, as the power's pair tables do); lnScale -Infinity and no factor when
 * the sum is exactly 0.
 */
export function eliminateAllBut (factors: Factor[], keep: readonly number[], dimOf: (v: number) => number): { lnScale: number, pool: Factor[] } {
  let pool = factors.slice()
  let lnScale = 0
  const keepSet = new Set(keep)
  for (;;) {
    const candidates = new Set<number>()
    for (const f of pool) for (const v of f.vars) if (!keepSet.has(v)) candidates.add(v)
    if (candidates.size === 0) return { lnScale, pool }
    let best = -1
    let bestCost = Infinity
    for (const v of candidates) {
      const scope = new Set<number>()
      for (const f of pool) if (f.vars.includes(v)) for (const u of f.vars) scope.add(u)
      let cost = 1
      for (const u of scope) cost *= dimOf(u)
      if (cost < bestCost) { bestCost = cost; best = v }
    }
    const touching = pool.filter((f) => f.vars.includes(best))
    pool = pool.filter((f) => !f.vars.includes(best))
    const summed = multiplyAndSum(touching, best, dimOf)
    const max = maxOf(summed.values)
    if (max === 0) return { lnScale: -Infinity, pool: [] }
    if (max !== 1) {
      for (let i = 0; i < summed.values.length; i++) summed.values[i] /= max
      lnScale += Math.log(max)
    }
    pool.push(summed)
  }
}

function maxOf (values: Float64Array): number {
  let max = 0
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i]
  return max
}
