import type { LocusParameters, LocusPerson } from './locus-graph.ts'

/**
 * Pools alleles that no typed person carries into as few states as keep the likelihood exactly the same,
 * under any mutation matrix and under θ. The argument, in two parts:
 * - Founders: Balding–Nichols draws are a Pólya urn, i.e. founder alleles are i.i.d. given subpopulation
 *   frequencies π ~ Dirichlet((1−θ)/θ · p). A Dirichlet pooled over a set of categories is again a Dirichlet
 *   with the summed parameter (the aggregation property), and the urn over pooled states is the urn with the
 *   summed frequency; no typed founder carries a pooled allele, so its typed count is 0 and nothing else moves.
 * - Transmissions: a pooled block B may stand for its alleles when every allele of B sends the same mass
 *   into every block: Σ_{y∈C} M[x][y] equal for all x ∈ B and every block C (strong lumpability of the
 *   Markov chain M, for the paternal and the maternal matrix). Then the pooled states of all persons follow
 *   the pooled chain whatever allele of B an ancestor held, and typed persons see only singleton blocks.
 * Without mutation (and under 'equal' and 'proportional' mutation) all unseen alleles form one block; under
 * stepwise mutation rows differ by distance, so blocks split down to what is exact (often singletons, or a
 * whole microvariant group nobody carries when jumps between groups are impossible).
 * Sums are compared to 1e-14 relative: model formulas that agree in exact arithmetic may differ in the last
 * bits after summation, while values that differ in the model differ far more than that.
 *
 * @example // no mutation, alleles 1..20, typed persons carry 3 and 7: the locus runs over {3, 7, other}
 */
export function lumpExactly (persons: readonly LocusPerson[], params: LocusParameters): { persons: readonly LocusPerson[], params: LocusParameters } {
  const { n } = params
  const seen = new Uint8Array(n)
  for (const p of persons) if (p.genotype !== null) { seen[p.genotype[0]] = 1; seen[p.genotype[1]] = 1 }
  if (n - countSeen(seen) < 2) return { persons, params }
  // Seen alleles are singleton blocks, so two unseen alleles can share a block only if they send the same
  // mass to every seen allele: grouping by that first is cheap and, under stepwise mutation, usually
  // shows at once that nothing pools (the refinement below would take n rounds to find it out).
  const block = new Int32Array(n)
  const pivots: number[] = []
  let blocks = 0
  let pooling = false
  for (let a = 0; a < n; a++) {
    if (seen[a] === 1) { block[a] = blocks++; continue }
    const match = pivots.find((x) => sameToSeen(params, seen, x, a))
    if (match === undefined) { pivots.push(a); block[a] = blocks++ } else { block[a] = block[match]; pooling = true }
  }
  if (!pooling) return { persons, params }
  blocks = refine(block, blocks, params)
  if (blocks === n) return { persons, params }
  const freqs = new Float64Array(blocks)
  for (let a = 0; a < n; a++) freqs[block[a]] += params.freqs[a]
  const representative = new Int32Array(blocks).fill(-1)
  for (let a = 0; a < n; a++) if (representative[block[a]] < 0) representative[block[a]] = a
  const pool = (m: Float64Array): Float64Array => {
    const out = new Float64Array(blocks * blocks)
    for (let b = 0; b < blocks; b++) {
      const x = representative[b]
      for (let y = 0; y < n; y++) out[b * blocks + block[y]] += m[x * n + y]
    }
    return out
  }
  return {
    persons: persons.map((p) => p.genotype === null ? p : { ...p, genotype: [block[p.genotype[0]], block[p.genotype[1]]] as const }),
    params: { n: blocks, freqs, male: pool(params.male), female: pool(params.female), theta: params.theta }
  }
}

/** Whether alleles x and y mutate into every seen allele with the same probability (both sexes). */
function sameToSeen (params: LocusParameters, seen: Uint8Array, x: number, y: number): boolean {
  const { n, male, female } = params
  for (let b = 0; b < n; b++) {
    if (seen[b] === 0) continue
    if (!close(male[x * n + b], male[y * n + b]) || !close(female[x * n + b], female[y * n + b])) return false
  }
  return true
}

function close (a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-14 * Math.max(Math.abs(a), Math.abs(b))
}

function countSeen (seen: Uint8Array): number {
  let c = 0
  for (const s of seen) c += s
  return c
}

/** Splits blocks until every allele of a block sends equal mass into every block (both sexes); returns the count. */
function refine (block: Int32Array, blocks: number, params: LocusParameters): number {
  const { n, male, female } = params
  for (;;) {
    const sums = new Float64Array(n * 2 * blocks)
    for (let x = 0; x < n; x++) {
      const off = x * 2 * blocks
      for (let y = 0; y < n; y++) { sums[off + block[y]] += male[x * n + y]; sums[off + blocks + block[y]] += female[x * n + y] }
    }
    // Each block keeps the members that match its first member; the others move to a new block, which the
    // next round splits further if it must.
    const pivot = new Int32Array(blocks).fill(-1)
    const moved = new Int32Array(blocks).fill(-1)
    let next = blocks
    for (let x = 0; x < n; x++) {
      const b = block[x]
      if (pivot[b] < 0) { pivot[b] = x; continue }
      if (sameRow(sums, pivot[b], x, 2 * blocks)) continue
      if (moved[b] < 0) moved[b] = next++
      block[x] = moved[b]
    }
    if (next === blocks) return blocks
    blocks = next
  }
}

/** 1e-14 relative: the last bits of a sum depend on its order, the model's differences do not. */
function sameRow (sums: Float64Array, x: number, y: number, width: number): boolean {
  for (let k = 0; k < width; k++) {
    if (!close(sums[x * width + k], sums[y * width + k])) return false
  }
  return true
}
