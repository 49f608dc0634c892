import type { LocusGraph, LocusParameters } from './locus-graph.ts'
import { monomialCount, monomialsFor, type Monomials } from './monomials.ts'

/** The most count vectors (of the untyped founder alleles over the locus's states) summed exactly. */
export const MAX_COUNT_VECTORS = 20_000

/** A factor whose every cell is a homogeneous polynomial of `degree` in the states' formal counts z_a. */
interface PolyFactor {
  vars: number[]
  dims: number[]
  degree: number
  /** values[cell · monomials(degree) + k]: coefficient of the k-th monomial in that cell. */
  values: Float64Array
}

/**
 * ln Σ_u P_urn(u | typed founders) · R(u) over the untyped founder alleles u, computed over count vectors
 * instead of set partitions. The Pólya urn gives the m untyped founder alleles, drawn after the typed ones,
 * Π_i (w(u_i) + θ·c_{<i}(u_i)) / D_i = Π_a Π_{k<c_a} (w_a + kθ) / Π_i D_i: it depends on u only through
 * the count vector c. So the elimination runs with a formal z_a in place of each founder allele's weight:
 * every message is a polynomial in z, the coefficient of z^c is Σ_{u with counts c} R(u), and the sum
 * ends with each z^c replaced by Π_a Π_{k<c_a}(w_a + kθ). Exact; the cost grows with C(n+m−1, m)
 * (n states, m alleles), not with Bell(m), so it pays after exact lumping has made n small.
 * Returns the ln of the sum without graph.lnOutside.
 *
 * @example // two untyped founder alleles over states {A, other}: z_A² ↦ w_A(w_A + θ), z_A·z_other ↦ w_A·w_other
 */
export function lnCountVectorSum (graph: LocusGraph, params: LocusParameters): number {
  const { n, theta } = params
  const m = graph.untypedFounderVars.length
  const monomials = monomialsFor(n, m)
  const dimOf = (v: number): number => graph.domains[v].length
  let pool: PolyFactor[] = graph.structural.map((f) => ({ ...f, degree: 0 }))
  for (const v of graph.untypedFounderVars) {
    // z_a in cell a: the monomial of degree 1 with count 1 at state a.
    const values = new Float64Array(n * n)
    for (let a = 0; a < n; a++) values[a * n + monomials.unitIndex(a)] = 1
    pool.push({ vars: [v], dims: [n], degree: 1, values })
  }
  let lnScale = 0
  for (;;) {
    const best = cheapestVariable(pool, dimOf, monomials)
    if (best < 0) break
    const touching = pool.filter((f) => f.vars.includes(best))
    pool = pool.filter((f) => !f.vars.includes(best))
    const summed = multiplyAndSumPoly(touching, best, dimOf, monomials)
    let max = 0
    for (const x of summed.values) if (x > max) max = x
    if (max === 0) return -Infinity
    for (let i = 0; i < summed.values.length; i++) summed.values[i] /= max
    lnScale += Math.log(max)
    pool.push(summed)
  }
  const last = multiplyAndSumPoly(pool, null, dimOf, monomials)
  let total = 0
  const vectors = monomials.ofDegree(m)
  for (let k = 0; k < last.values.length; k++) {
    if (last.values[k] === 0) continue
    let urn = 1
    for (let a = 0; a < n; a++) for (let c = 0; c < vectors[k * n + a]; c++) urn *= graph.w[a] + c * theta
    total += last.values[k] * urn
  }
  return total === 0 ? -Infinity : lnScale + Math.log(total)
}

/**
 * Whether the count-vector sum stays within MAX_COUNT_VECTORS for m founder alleles over n states.
 *
 * @example countVectorsFit(5, 14) // true: C(18, 14) = 3060
 */
export function countVectorsFit (n: number, m: number): boolean {
  return monomialCount(n, m) <= MAX_COUNT_VECTORS
}

function cheapestVariable (pool: readonly PolyFactor[], dimOf: (v: number) => number, monomials: Monomials): number {
  const candidates = new Set<number>()
  for (const f of pool) for (const v of f.vars) candidates.add(v)
  let best = -1
  let bestCost = Infinity
  for (const v of candidates) {
    const scope = new Set<number>()
    let degree = 0
    for (const f of pool) {
      if (!f.vars.includes(v)) continue
      degree += f.degree
      for (const u of f.vars) scope.add(u)
    }
    let cost = monomials.count(degree)
    for (const u of scope) cost *= dimOf(u)
    if (cost < bestCost) { bestCost = cost; best = v }
  }
  return best
}

/** multiplyAndSum of factor.ts with polynomial cells: products of cells multiply their polynomials. */
function multiplyAndSumPoly (factors: readonly PolyFactor[], sumOut: number | null, dimOf: (v: number) => number, monomials: Monomials): PolyFactor {
  const outVars: number[] = []
  for (const f of factors) for (const v of f.vars) if (v !== sumOut && !outVars.includes(v)) outVars.push(v)
  const outDims = outVars.map(dimOf)
  const inner = sumOut === null ? 1 : dimOf(sumOut)
  const scalars = factors.filter((f) => f.degree === 0)
  const polys = factors.filter((f) => f.degree > 0)
  const all = [...scalars, ...polys]
  const degree = polys.reduce((d, f) => d + f.degree, 0)
  const width = monomials.count(degree)
  const strides = all.map((f) => outVars.map((v) => strideOf(f, v)))
  const innerStride = all.map((f) => (sumOut === null ? 0 : strideOf(f, sumOut)))
  let size = 1
  for (const d of outDims) size *= d
  const out = new Float64Array(size * width)
  const K = outVars.length
  const counter = new Int32Array(K)
  const base = new Int32Array(all.length)
  const S = scalars.length
  // Partial products of the polynomial cells, one buffer per running degree.
  const partial = polys.map((_, k) => new Float64Array(monomials.count(polys.slice(0, k + 1).reduce((d, f) => d + f.degree, 0))))
  for (let o = 0; o < size; o++) {
    for (let x = 0; x < inner; x++) {
      let s = 1
      for (let f = 0; f < S; f++) {
        s *= all[f].values[base[f] + x * innerStride[f]]
        if (s === 0) break
      }
      if (s === 0) continue
      if (polys.length === 0) { out[o] += s; continue }
      let product = cellOf(polys[0], base[S] + x * innerStride[S], monomials)
      let d = polys[0].degree
      for (let p = 1; p < polys.length; p++) {
        const next = cellOf(polys[p], base[S + p] + x * innerStride[S + p], monomials)
        monomials.multiply(product, d, next, polys[p].degree, partial[p])
        product = partial[p]
        d += polys[p].degree
      }
      const target = o * width
      for (let k = 0; k < width; k++) out[target + k] += s * product[k]
    }
    for (let k = K - 1; k >= 0; k--) {
      counter[k]++
      for (let f = 0; f < all.length; f++) base[f] += strides[f][k]
      if (counter[k] < outDims[k]) break
      for (let f = 0; f < all.length; f++) base[f] -= strides[f][k] * outDims[k]
      counter[k] = 0
    }
  }
  return { vars: outVars, dims: outDims, degree, values: out }
}

function cellOf (f: PolyFactor, cell: number, monomials: Monomials): Float64Array {
  const w = monomials.count(f.degree)
  return f.values.subarray(cell * w, cell * w + w)
}

/** Stride of variable v in f's cell index (0 when f does not depend on v). */
function strideOf (f: PolyFactor, v: number): number {
  const k = f.vars.indexOf(v)
  if (k < 0) return 0
  let stride = 1
  for (let l = k + 1; l < f.dims.length; l++) stride *= f.dims[l]
  return stride
}
