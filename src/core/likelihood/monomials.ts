/**
 * The monomials z^c of each degree d ≤ maxDegree over k formal variables (count vectors c, Σ c = d), indexed
 * densely, with cached product tables: the coefficient arithmetic of the count-vector sum.
 *
 * @example new Monomials(2, 2).count(2) // 3: z0², z0·z1, z1²
 */
export class Monomials {
  private readonly vectors: Int32Array[] = []
  private readonly index: Array<Map<string, number>> = []
  private readonly products = new Map<number, Int32Array>()

  constructor (readonly k: number, readonly maxDegree: number) {
    for (let d = 0; d <= maxDegree; d++) {
      const list: number[][] = []
      compositions(k, d, [], list)
      this.vectors.push(Int32Array.from(list.flat()))
      this.index.push(new Map(list.map((c, i) => [c.join(','), i])))
    }
  }

  /** Number of monomials of degree d: C(k + d − 1, d). */
  count (d: number): number { return this.index[d].size }

  /** Count vectors of degree d, flat: vector i is [i·k, (i+1)·k). */
  ofDegree (d: number): Int32Array { return this.vectors[d] }

  /** Index of z_a among the monomials of degree 1. */
  unitIndex (a: number): number { return this.index[1].get(Array.from({ length: this.k }, (_, i) => (i === a ? 1 : 0)).join(','))! }

  /** out (degree dp + dq) = p (degree dp) × q (degree dq). */
  multiply (p: Float64Array, dp: number, q: Float64Array, dq: number, out: Float64Array): void {
    const table = this.productTable(dp, dq)
    const nq = q.length
    out.fill(0)
    for (let i = 0; i < p.length; i++) {
      const pi = p[i]
      if (pi === 0) continue
      const row = i * nq
      for (let j = 0; j < nq; j++) if (q[j] !== 0) out[table[row + j]] += pi * q[j]
    }
  }

  private productTable (dp: number, dq: number): Int32Array {
    const key = dp * (this.maxDegree + 1) + dq
    const known = this.products.get(key)
    if (known !== undefined) return known
    const { k } = this
    const np = this.count(dp)
    const nq = this.count(dq)
    const table = new Int32Array(np * nq)
    const vp = this.vectors[dp]
    const vq = this.vectors[dq]
    const target = this.index[dp + dq]
    const sum = new Array<number>(k)
    for (let i = 0; i < np; i++) {
      for (let j = 0; j < nq; j++) {
        for (let a = 0; a < k; a++) sum[a] = vp[i * k + a] + vq[j * k + a]
        table[i * nq + j] = target.get(sum.join(','))!
      }
    }
    this.products.set(key, table)
    return table
  }
}

/** C(k + d − 1, d), the number of count vectors of total d over k states. */
export function monomialCount (k: number, d: number): number {
  let c = 1
  for (let i = 1; i <= d; i++) c = (c * (k - 1 + i)) / i
  return Math.round(c)
}

const cache = new Map<string, Monomials>()

/** Monomials shared between calls of the same size (the tables depend only on k and the degree). */
export function monomialsFor (k: number, maxDegree: number): Monomials {
  const key = `${k}:${maxDegree}`
  let m = cache.get(key)
  if (m === undefined) {
    if (cache.size > 64) cache.clear()
    m = new Monomials(k, maxDegree)
    cache.set(key, m)
  }
  return m
}

function compositions (k: number, d: number, prefix: number[], out: number[][]): void {
  if (prefix.length === k - 1) { out.push([...prefix, d]); return }
  for (let c = d; c >= 0; c--) { prefix.push(c); compositions(k, d - c, prefix, out); prefix.pop() }
}
