import { buildGraph, type LocusParameters, type LocusPerson } from './locus-graph.ts'
import { sumPartitions, type SumResult } from './locus-likelihood.ts'
import type { Factor } from './factor.ts'

/**
 * What H2's genotype table needs under θ > 0, where the tested person's two alleles are drawn last from the
 * founders' urn: with c_U(a) the count of allele a among the untyped founder alleles,
 * s0 = P(data), s1[a] = E[c_U(a); data], s2[a·n+b] = E[c_U(a)·c_U(b); data] (unnormalised expectations),
 * all scaled by exp(lnScale); plus the typed founder alleles and their number.
 */
export interface FounderAlleleMoments {
  lnScale: number
  s0: number
  s1: Float64Array
  s2: Float64Array
  typedFounderAlleles: number[]
  untypedFounderAlleles: number
}

/** The moments of the untyped founder allele counts (see FounderAlleleMoments), by 1 + m + m(m−1)/2 partition sums. */
export function founderAlleleMoments (persons: readonly LocusPerson[], params: LocusParameters): FounderAlleleMoments {
  const { n } = params
  const graph = buildGraph(persons, params, -1)
  const u = graph.untypedFounderVars
  const base = sumPartitions(graph, params, () => [], () => new Float64Array(0), true)
  const s1 = new Float64Array(n)
  const s2 = new Float64Array(n * n)
  if (base.lnScale === -Infinity) {
    return { lnScale: -Infinity, s0: 0, s1, s2, typedFounderAlleles: graph.typedFounderAlleles, untypedFounderAlleles: u.length }
  }
  const rescale = (r: SumResult): number => Math.exp(r.lnScale - base.lnScale)
  for (let i = 0; i < u.length; i++) {
    const one = sumPartitions(graph, params, (rep) => [rep(u[i])], (rest) => rest.values, false)
    const f = rescale(one)
    for (let a = 0; a < n; a++) { s1[a] += f * one.table![a]; s2[a * n + a] += f * one.table![a] }
    for (let j = i + 1; j < u.length; j++) {
      const pair = sumPartitions(graph, params, (rep) => [rep(u[i]), rep(u[j])], (rest, kept) => pairTable(rest, kept, n), false)
      const g = rescale(pair)
      for (let a = 0; a < n; a++) {
        for (let b = 0; b < n; b++) s2[a * n + b] += g * (pair.table![a * n + b] + pair.table![b * n + a])
      }
    }
  }
  return {
    lnScale: base.lnScale + graph.lnOutside,
    s0: 1,
    s1,
    s2,
    typedFounderAlleles: graph.typedFounderAlleles,
    untypedFounderAlleles: u.length
  }
}

/** A factor over two untyped founder alleles (or one, when the partition merged them) as an n×n table. */
function pairTable (rest: Factor, kept: number[], n: number): Float64Array {
  const table = new Float64Array(n * n)
  if (kept[0] === kept[1]) {
    for (let a = 0; a < n; a++) table[a * n + a] = rest.values[a]
    return table
  }
  const swapped = rest.vars[0] !== kept[0]
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) table[a * n + b] = swapped ? rest.values[b * n + a] : rest.values[a * n + b]
  }
  return table
}
