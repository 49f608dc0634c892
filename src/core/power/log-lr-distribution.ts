/**
 * The distribution of a sum of independent per-locus log10 LRs, each a finite list of atoms (value, weight),
 * asked only for tail probabilities P(Σ ≥ c) and a median. Loci multiply, so the total has up to Π atoms_l
 * values: enumerated exactly when that product is small, otherwise combined on a grid of step δ with every
 * atom rounded down (a lower bound) and, separately, up (an upper bound), so the true value is bracketed.
 */

/** One locus: log10 LR values (−Infinity for LR 0) and their probabilities (summing to 1, or less: the rest is LR 0). */
export interface LocusAtoms {
  log10Lr: Float64Array
  weight: Float64Array
}

/** Tail probabilities of the total log10 LR, bracketed. */
export interface LogLrDistribution {
  /** P(Σ log10 LR ≥ c) lies in [lower, upper]; equal when `exact`. */
  tail: (c: number) => { lower: number, upper: number }
  /** The median of Σ log10 LR lies in [lower, upper]. */
  median: () => { lower: number, upper: number }
  exact: boolean
}

/** Largest number of total values enumerated exactly; beyond it, the grid. */
export const MAX_EXACT_COMBINATIONS = 20_000

export interface GridOptions {
  /**
   * The coarsest grid step in log10 units: the two bounds differ by at most (loci × step) in the total. A finer
   * one is used when the loci have few atoms, down to what workBudget mult-adds per pass allow.
   */
  step: number
  /**
   * The grid spans [low, high] (log10 units, widened to hold 0). Partial sums leaving it are what makes the
   * bounds differ beyond the rounding, so it should reach well past the thresholds on both sides.
   */
  low: number
  high: number
  /** Mult-adds one grid pass may cost (bins × atoms summed over loci); the step is refined up to it. */
  workBudget: number
  /**
   * Atoms lighter than this are rounded to a lattice `coarse` times the step (defaults LIGHT_ATOM and COARSE):
   * fewer distinct offsets per locus, looser bounds. Loci of many light atoms (a relative's genotype pairs)
   * want a lighter threshold and a finer lattice.
   */
  lightAtom?: number
  coarse?: number
}

/**
 * Combines the loci exactly or on the grid. Grid bounds, and why they hold: the lower pass rounds each atom
 * down and caps a partial sum that leaves the top of the grid at the top (both only lower the total) and drops
 * one that leaves the bottom (as if LR 0); the upper pass rounds up, lifts a partial sum below the grid to its
 * bottom and counts one above the top as reaching every threshold (both only raise the total).
 *
 * @example // one locus, LR 10 or 0.1 with probability ½ each: tail(1) = { lower: 0.5, upper: 0.5 }
 */
export function combineLoci (loci: readonly LocusAtoms[], grid: GridOptions): LogLrDistribution {
  let combinations = 1
  for (const l of loci) combinations *= l.log10Lr.length
  return combinations <= MAX_EXACT_COMBINATIONS ? enumerateExactly(loci) : onGrid(loci, grid)
}

function enumerateExactly (loci: readonly LocusAtoms[]): LogLrDistribution {
  let values = [0]
  let weights = [1]
  for (const l of loci) {
    const v: number[] = []
    const w: number[] = []
    for (let i = 0; i < values.length; i++) {
      for (let k = 0; k < l.log10Lr.length; k++) {
        if (l.weight[k] === 0) continue
        v.push(values[i] + l.log10Lr[k])
        w.push(weights[i] * l.weight[k])
      }
    }
    values = v
    weights = w
  }
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b])
  const tail = (c: number): { lower: number, upper: number } => {
    let p = 0
    for (let i = 0; i < values.length; i++) if (values[i] >= c) p += weights[i]
    const clipped = Math.min(1, p)
    return { lower: clipped, upper: clipped }
  }
  const median = (): { lower: number, upper: number } => {
    let acc = 0
    for (const i of order) {
      acc += weights[i]
      if (acc >= 0.5) return { lower: values[i], upper: values[i] }
    }
    return { lower: -Infinity, upper: -Infinity }
  }
  return { tail, median, exact: true }
}

/** Atoms lighter than this are placed on a lattice COARSE times the step. */
const LIGHT_ATOM = 0.002
const COARSE = 10

// Float guard for rounding x/δ: a value computed a hair above an integer must not round up in the lower pass.
const EPS = 1e-9

const FINEST_STEP = 1e-4

function onGrid (loci: readonly LocusAtoms[], grid: GridOptions): LogLrDistribution {
  const { step, base, size } = gridShape(loci, grid)
  const lower = pass(loci, step, base, size, 'down', grid)
  const upper = pass(loci, step, base, size, 'up', grid)
  const tail = (c: number): { lower: number, upper: number } => {
    const from = (c / step) - base
    const lo = sumFrom(lower.mass, Math.ceil(from - EPS)) // grid values ≥ c for sure
    const hi = sumFrom(upper.mass, Math.ceil(from - 1e-6)) + upper.above
    return { lower: Math.min(1, lo), upper: Math.min(1, hi) }
  }
  const median = (): { lower: number, upper: number } => ({
    lower: quantile(lower.mass, 0, base, step),
    upper: quantile(upper.mass, upper.above, base, step)
  })
  return { tail, median, exact: false }
}

interface Pass { mass: Float64Array, above: number }

/**
 * A point estimate of P(Σ ≥ c) for each c, in one grid pass with every atom rounded to the nearest grid value
 * (exact when few combinations, as combineLoci). Not a bound: the roundings' errors, at most step/2 per locus,
 * mostly cancel. A partial sum leaving the top counts as reaching every threshold, one leaving the bottom as
 * LR 0, so the margins of the grid beyond the thresholds must be wide. Half the cost of combineLoci's two
 * bounding passes: for nextRelatives, whose Monte Carlo error dwarfs the rounding.
 */
export function pointTails (loci: readonly LocusAtoms[], grid: GridOptions, thresholds: readonly number[]): number[] {
  let combinations = 1
  for (const l of loci) combinations *= l.log10Lr.length
  if (combinations <= MAX_EXACT_COMBINATIONS) {
    const exact = enumerateExactly(loci)
    return thresholds.map((c) => exact.tail(c).lower)
  }
  const { step, base, size } = gridShape(loci, grid)
  const nearest = pass(loci, step, base, size, 'nearest', grid)
  // A sum rounded onto the grid point at c (within step/2 of it) counts as reaching c: half of them do.
  return thresholds.map((c) => Math.min(1, sumFrom(nearest.mass, Math.round((c / step) - base)) + nearest.above))
}

function gridShape (loci: readonly LocusAtoms[], grid: GridOptions): { step: number, base: number, size: number } {
  let atoms = 0
  for (const l of loci) atoms += l.log10Lr.length
  const span = Math.max(0, grid.high) - Math.min(0, grid.low)
  const step = Math.min(grid.step, Math.max(FINEST_STEP, (span * atoms) / grid.workBudget))
  const base = Math.floor(Math.min(0, grid.low) / step)
  const top = Math.ceil(Math.max(0, grid.high) / step)
  return { step, base, size: top - base + 1 }
}

function pass (loci: readonly LocusAtoms[], step: number, base: number, size: number, direction: 'down' | 'up' | 'nearest', grid: GridOptions): Pass {
  const light = grid.lightAtom ?? LIGHT_ATOM
  const coarse = grid.coarse ?? COARSE
  let mass = new Float64Array(size)
  mass[-base] = 1
  // Only [first, last] holds mass: early loci then cost little.
  let first = -base
  let last = -base
  let above = 0
  for (const l of loci) {
    // Atoms on the grid, weights of equal offsets merged (in an array over the offsets' range, not a map: a
    // relative's genotype pairs are tens of thousands of atoms): the convolution costs size × distinct offsets.
    const offsets = new Float64Array(l.log10Lr.length)
    let low = Infinity
    let high = -Infinity
    let live = 0
    for (let k = 0; k < l.log10Lr.length; k++) {
      const x = l.log10Lr[k]
      if (l.weight[k] === 0 || x === -Infinity) { offsets[k] = NaN; continue } // LR 0 never reaches a threshold: the mass leaves
      // A light atom is rounded to a coarser lattice (in the same direction, so the bound still holds): the
      // convolution costs one sweep per distinct offset, and light atoms barely move the tails.
      const factor = l.weight[k] < light ? coarse : 1
      const scaled = x / (step * factor)
      const offset = (direction === 'down' ? Math.floor(scaled - EPS) : direction === 'up' ? Math.ceil(scaled + EPS) : Math.round(scaled)) * factor
      offsets[k] = offset
      if (offset < low) low = offset
      if (offset > high) high = offset
      live += l.weight[k]
    }
    const byOffset = new Float64Array(live > 0 ? high - low + 1 : 0)
    for (let k = 0; k < offsets.length; k++) if (!Number.isNaN(offsets[k])) byOffset[offsets[k] - low] += l.weight[k]
    const next = new Float64Array(size)
    // Mass above the grid (upper pass) stays there whatever this locus gives, unless its LR is 0.
    above *= live
    let nextFirst = size
    let nextLast = -1
    for (let o = 0; o < byOffset.length; o++) {
      const w = byOffset[o]
      if (w === 0) continue
      const offset = o + low
      const from = Math.max(first, -offset)
      const to = Math.min(last, size - 1 - offset)
      for (let i = from; i <= to; i++) next[i + offset] += mass[i] * w
      if (from <= to) { nextFirst = Math.min(nextFirst, from + offset); nextLast = Math.max(nextLast, to + offset) }
      if (last + offset > size - 1) {
        let beyond = 0
        for (let i = Math.max(first, size - offset); i <= last; i++) beyond += mass[i]
        if (direction === 'down') { next[size - 1] += beyond * w; nextLast = size - 1 } else above += beyond * w
      }
      if (first + offset < 0 && direction === 'up') { // 'down' and 'nearest' drop it, as LR 0
        let below = 0
        for (let i = first; i <= Math.min(last, -offset - 1); i++) below += mass[i]
        next[0] += below * w
        nextFirst = 0
      }
    }
    mass = next
    if (nextLast < 0) break // all mass left the grid (or LR 0)
    first = Math.min(nextFirst, nextLast)
    last = nextLast
  }
  return { mass, above }
}

function sumFrom (mass: Float64Array, from: number): number {
  let s = 0
  for (let i = Math.max(0, from); i < mass.length; i++) s += mass[i]
  return s
}

/**
 * The smallest grid value v with P(Σ ≤ v) ≥ ½. Mass off the grid below (and LR 0) counts as −∞, mass
 * `above` it as +∞.
 */
function quantile (mass: Float64Array, above: number, base: number, step: number): number {
  let onGrid = 0
  for (const m of mass) onGrid += m
  let acc = Math.max(0, 1 - onGrid - above)
  if (acc >= 0.5) return -Infinity
  for (let i = 0; i < mass.length; i++) {
    acc += mass[i]
    if (acc >= 0.5) return (base + i) * step
  }
  return Infinity
}
