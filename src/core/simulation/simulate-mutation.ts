/**
 * A fast sampler of one transmission: allele i → j. The diagonal is tested first (a mutation is a
 * 1-in-500 event), then the row's off-diagonal cumulative weights are scanned.
 */
export interface TransmissionSampler {
  /** The transmitted allele for parental allele `i` and a uniform draw u in [0, 1). */
  transmit: (i: number, u: number) => number
}

/** Builds a sampler from a mutation matrix of n alleles (mutation-matrix.ts, the engine's own: simulation and evaluation share one model). */
export function transmissionSampler (m: Float64Array, n: number): TransmissionSampler {
  const stay = new Float64Array(n)
  const cum = new Float64Array(n * n) // off-diagonal cumulative, diagonal weight excluded
  for (let i = 0; i < n; i++) {
    stay[i] = m[i * n + i]
    let acc = 0
    for (let j = 0; j < n; j++) {
      if (j !== i) acc += m[i * n + j]
      cum[i * n + j] = acc
    }
  }
  return {
    transmit (i: number, u: number): number {
      if (u < stay[i]) return i
      const target = u - stay[i]
      const row = i * n
      for (let j = 0; j < n; j++) if (j !== i && target < cum[row + j]) return j
      // Rounding left u above the last cumulative weight: fall back to the parental allele.
      return i
    }
  }
}
