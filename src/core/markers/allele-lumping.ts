import type { LocusParameters, LocusPerson } from '../likelihood/locus-likelihood.ts'

/**
 * Without mutation, alleles that no typed person carries can only be passed on unseen, so they may be pooled
 * into one allele with their summed frequency: the likelihood is unchanged (under θ too, since a Dirichlet
 * pooled over categories is again a Dirichlet, the Balding–Nichols draw of the pooled allele is exact).
 * This shrinks every untyped person's domain from the whole table to the alleles in the case plus one.
 * Returns the inputs unchanged when there is nothing to pool.
 *
 * @example // alleles 1..20, typed persons carry 3 and 7: the likelihood runs over {3, 7, other}
 */
export function lumpUnseenAlleles (hypotheses: LocusPerson[][], params: LocusParameters): { hypotheses: LocusPerson[][], params: LocusParameters } {
  const seen = new Set<number>()
  for (const persons of hypotheses) for (const p of persons) if (p.genotype !== null) { seen.add(p.genotype[0]); seen.add(p.genotype[1]) }
  if (params.n - seen.size < 2) return { hypotheses, params }
  const kept = [...seen].sort((a, b) => a - b)
  const remap = new Map(kept.map((a, i) => [a, i]))
  const n = kept.length + 1
  const freqs = new Float64Array(n)
  kept.forEach((a, i) => { freqs[i] = params.freqs[a] })
  // Sum the pooled frequencies themselves rather than 1 − Σ kept: no cancellation when the pool is small.
  for (let a = 0; a < params.n; a++) if (!seen.has(a)) freqs[n - 1] += params.freqs[a]
  const identity = new Float64Array(n * n)
  for (let i = 0; i < n; i++) identity[i * n + i] = 1
  const relabel = (persons: LocusPerson[]): LocusPerson[] => persons.map((p) => ({
    ...p,
    genotype: p.genotype === null ? null : [remap.get(p.genotype[0])!, remap.get(p.genotype[1])!] as const
  }))
  return { hypotheses: hypotheses.map(relabel), params: { n, freqs, male: identity, female: identity, theta: params.theta } }
}
