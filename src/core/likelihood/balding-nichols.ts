/**
 * Balding–Nichols sampling (NRC II 4.10): the probability that the next founder allele is `a`, given
 * `seen` founder alleles of which `count` are `a`, is (count·θ + (1−θ)·p_a) / (1 + (seen−1)·θ).
 * Founder alleles are exchangeable under this model, so any order gives the same joint probability.
 *
 * @example lnSequenceProbability([0, 0], [0.1], 0) // ln(0.01)
 * @example Math.exp(lnSequenceProbability([0, 0], [0.1], 0.01)) // 0.1·(0.01 + 0.99·0.1) = 0.0109
 */
export function lnSequenceProbability (alleles: readonly number[], freqs: ArrayLike<number>, theta: number): number {
  const counts = new Map<number, number>()
  let ln = 0
  for (let k = 0; k < alleles.length; k++) {
    const a = alleles[k]
    const c = counts.get(a) ?? 0
    ln += Math.log((c * theta + (1 - theta) * freqs[a]) / (1 + (k - 1) * theta))
    counts.set(a, c + 1)
  }
  return ln
}

/** One way of grouping untyped founder alleles into blocks that share one allele by descent from the subpopulation. */
export interface FounderPartition {
  /** block[i]: the block of untyped founder allele i; blocks are numbered by first appearance. */
  block: Int32Array
  blocks: number
  /** Product over blocks of (size−1)!·θ^(size−1): how many copy histories give this grouping, and their weight. */
  weight: number
}

/**
 * The Balding–Nichols joint probability of m untyped founder alleles after T typed ones, written as a sum
 * over set partitions. Expanding Π_i [w(u_i) + θ·Σ_{j<i} 1(u_i = u_j)] / D_i, with
 * w(a) = θ·c_T(a) + (1−θ)·p_a (c_T: counts among the typed founder alleles) and D_i = 1 + (T+i−2)·θ,
 * every term links each allele to an earlier one or to w; the links form a forest whose trees are the
 * blocks of a partition, and a block of size s arises from (s−1)! forests, each weighing θ^(s−1).
 * So the sum over the untyped alleles is Σ_partitions weight · Π_blocks Σ_a w(a)·(...), with 1/Π D_i apart.
 * With θ = 0 only the partition into singletons has weight.
 */
export function * founderPartitions (m: number, theta: number): Generator<FounderPartition> {
  if (theta === 0 || m <= 1) {
    yield { block: Int32Array.from({ length: m }, (_, i) => i), blocks: m, weight: 1 }
    return
  }
  // Restricted growth strings enumerate each set partition once.
  const block = new Int32Array(m)
  const maxUpTo = new Int32Array(m)
  for (;;) {
    const sizes = new Map<number, number>()
    for (const b of block) sizes.set(b, (sizes.get(b) ?? 0) + 1)
    let weight = 1
    for (const s of sizes.values()) for (let k = 1; k < s; k++) weight *= k * theta
    yield { block: block.slice(), blocks: sizes.size, weight }
    let i = m - 1
    while (i > 0 && block[i] === maxUpTo[i - 1] + 1) i--
    if (i === 0) return
    block[i]++
    maxUpTo[i] = Math.max(maxUpTo[i - 1], block[i])
    for (let j = i + 1; j < m; j++) { block[j] = 0; maxUpTo[j] = maxUpTo[i] }
  }
}

/** ln Π_i D_i for m untyped founder alleles drawn after `typed` typed ones. */
export function lnUntypedDenominators (m: number, typed: number, theta: number): number {
  let ln = 0
  for (let i = 1; i <= m; i++) ln += Math.log(1 + (typed + i - 2) * theta)
  return ln
}

/**
 * A key shared by partitions that differ only by swapping the two alleles of an untyped founder. A founder's
 * paternal and maternal alleles play the same part in every transmission (½·M[x] + ½·M[y]), so such
 * partitions have the same likelihood and need to be computed once. `swaps` lists the positions of each
 * founder's allele pair among the untyped founder alleles.
 *
 * @example partitionSymmetryKey(Int32Array.of(0, 1, 0), [[0, 1]]) === partitionSymmetryKey(Int32Array.of(0, 1, 1), [[0, 1]]) // true
 */
export function partitionSymmetryKey (block: Int32Array, swaps: ReadonlyArray<readonly [number, number]>): string {
  let best: string | null = null
  const m = block.length
  for (let mask = 0; mask < 1 << swaps.length; mask++) {
    const position = Int32Array.from({ length: m }, (_, k) => k)
    swaps.forEach(([a, b], s) => { if ((mask >> s) & 1) { position[a] = b; position[b] = a } })
    const relabel = new Map<number, number>()
    let key = ''
    for (let k = 0; k < m; k++) {
      const b = block[position[k]]
      if (!relabel.has(b)) relabel.set(b, relabel.size)
      key += String.fromCharCode(97 + relabel.get(b)!)
    }
    if (best === null || key < best) best = key
  }
  return best ?? ''
}
