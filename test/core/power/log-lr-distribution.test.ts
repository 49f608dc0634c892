import t from 'tap'
import { combineLoci, MAX_EXACT_COMBINATIONS, pointTails, type LocusAtoms } from '../../../src/core/power/log-lr-distribution.ts'
import { createRng } from '../../../src/core/simulation/simulate-rng.ts'

function randomLoci (seed: number, loci: number, atoms: number): LocusAtoms[] {
  const rng = createRng(seed)
  return Array.from({ length: loci }, () => {
    const w = Array.from({ length: atoms }, () => rng.next() + 0.01)
    const total = w.reduce((a, b) => a + b, 0)
    // One atom in eight is an LR of 0 (an exclusion without mutation).
    return {
      log10Lr: Float64Array.from({ length: atoms }, (_, k) => (k === 0 && seed % 2 === 0 ? -Infinity : rng.next() * 4 - 2)),
      weight: Float64Array.from(w, (x) => x / total)
    }
  })
}

/** Every combination, by brute force: the reference the grid must bracket. */
function bruteTail (loci: readonly LocusAtoms[], c: number): number {
  let p = 0
  const walk = (l: number, sum: number, w: number): void => {
    if (l === loci.length) { if (sum >= c) p += w; return }
    for (let k = 0; k < loci[l].log10Lr.length; k++) walk(l + 1, sum + loci[l].log10Lr[k], w * loci[l].weight[k])
  }
  walk(0, 0, 1)
  return p
}

t.test('beyond the exact limit the grid brackets the brute-force tail, and tightly', async (t) => {
  for (const seed of [1, 2, 3, 4]) {
    const loci = randomLoci(seed, 7, 6) // 6^7 = 279936 combinations: the grid path
    t.ok(6 ** 7 > MAX_EXACT_COMBINATIONS)
    const dist = combineLoci(loci, { step: 0.01, low: -10, high: 10, workBudget: 1e7 })
    t.equal(dist.exact, false)
    for (const c of [-3, 0, 1.5, 3, 6]) {
      const truth = bruteTail(loci, c)
      const { lower, upper } = dist.tail(c)
      t.ok(lower <= truth + 1e-12 && truth <= upper + 1e-12, `seed ${seed}, c ${c}: ${lower} ≤ ${truth} ≤ ${upper}`)
      t.ok(upper - lower < 0.03, `seed ${seed}, c ${c}: bounds ${upper - lower} apart`)
    }
    const m = dist.median()
    t.ok(bruteTail(loci, m.lower - 1e-9) >= 0.5 - 1e-12 || m.lower === -Infinity, 'at least half lies above the lower median bound')
    if (m.upper > -Infinity) t.ok(bruteTail(loci, m.upper + 1e-9) <= 0.5 + 1e-12, 'at most half lies above the upper median bound')
    else t.ok(bruteTail(loci, -1e300) < 0.5, 'a median of LR 0: more than half the mass is LR 0')
  }
})

t.test('a grid narrower than the sums keeps the bounds valid (only looser)', async (t) => {
  const loci = randomLoci(5, 7, 6)
  const narrow = combineLoci(loci, { step: 0.01, low: -1, high: 2, workBudget: 1e7 })
  for (const c of [0, 1, 2]) {
    const truth = bruteTail(loci, c)
    const { lower, upper } = narrow.tail(c)
    t.ok(lower <= truth + 1e-12 && truth <= upper + 1e-12, `c ${c}: ${lower} ≤ ${truth} ≤ ${upper}`)
  }
})

t.test('few combinations are enumerated exactly', async (t) => {
  const loci: LocusAtoms[] = [
    { log10Lr: Float64Array.of(1, -1), weight: Float64Array.of(0.5, 0.5) },
    { log10Lr: Float64Array.of(2, -Infinity), weight: Float64Array.of(0.25, 0.75) }
  ]
  const dist = combineLoci(loci, { step: 0.01, low: -5, high: 5, workBudget: 1e7 })
  t.equal(dist.exact, true)
  t.same(dist.tail(3), { lower: 0.125, upper: 0.125 })
  t.same(dist.tail(1), { lower: 0.25, upper: 0.25 })
  t.same(dist.tail(-10), { lower: 0.25, upper: 0.25 }) // LR 0 never reaches a threshold
  t.same(dist.median(), { lower: -Infinity, upper: -Infinity })
})

t.test('the one-pass point estimate (nextRelatives) is near the brute-force tail, and exact when enumerated', async (t) => {
  for (const seed of [1, 2, 3, 4]) {
    const loci = randomLoci(seed, 7, 6)
    const cs = [-3, 0, 1.5, 3, 6]
    // The coarse step nextRelatives uses: rounding to nearest errs far less than the bounds' width of 7 × 0.03.
    const point = pointTails(loci, { step: 0.03, low: -15, high: 18, workBudget: 3e5 }, cs)
    cs.forEach((c, i) => {
      const truth = bruteTail(loci, c)
      t.ok(Math.abs(point[i] - truth) < 0.02, `seed ${seed}, c ${c}: ${point[i]} vs ${truth}`)
    })
    const few = loci.slice(0, 4) // 6^4 combinations: enumerated, so exact
    pointTails(few, { step: 0.03, low: -15, high: 18, workBudget: 3e5 }, cs).forEach((p, i) => t.ok(Math.abs(p - bruteTail(few, cs[i])) < 1e-12))
  }
})
