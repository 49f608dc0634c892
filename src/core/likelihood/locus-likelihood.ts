import { founderPartitions, partitionSymmetryKey } from './balding-nichols.ts'
import { countVectorsFit, lnCountVectorSum, MAX_COUNT_VECTORS } from './count-vector-sum.ts'
import { fail } from '../errors.ts'
import { lumpExactly } from './exact-lumping.ts'
import { inheritanceBits, lnInheritanceSum, MAX_INHERITANCE_BITS } from './inheritance-sum.ts'
import type { Factor } from './factor.ts'
import { buildGraph, MAX_THETA_FOUNDER_ALLELES, mergeVariables, type LocusGraph, type LocusParameters, type LocusPerson } from './locus-graph.ts'
import { monomialCount } from './monomials.ts'
import { eliminate } from './variable-elimination.ts'

export type { LocusParameters, LocusPerson } from './locus-graph.ts'
export { MAX_THETA_FOUNDER_ALLELES } from './locus-graph.ts'

/**
 * ln P(all typed genotypes) at one locus for a pedigree, summing over every untyped person's genotype
 * (mutation on every transmission, θ over all founder alleles). Exact; -Infinity when impossible.
 *
 * @example // one founder typed 12/12 where p(12) = 0.1: ln(0.01)
 */
export function lnLocusLikelihood (persons: readonly LocusPerson[], params: LocusParameters): number {
  const lumped = lumpExactly(persons, params)
  const { n, theta } = lumped.params
  // Three exact sums over the urn; the cheapest that fits: inheritance patterns (few meioses), count
  // vectors (few allele states after lumping), set partitions (few founder alleles).
  const bits = theta === 0 ? 0 : inheritanceBits(lumped.persons)
  if (theta > 0 && bits <= CHEAP_INHERITANCE_BITS) return lnInheritanceSum(lumped.persons, lumped.params)
  const graph = buildGraph(lumped.persons, lumped.params, -1)
  const m = graph.untypedFounderVars.length
  if (theta === 0 || m <= 1) return sumPartitions(graph, lumped.params, () => [], () => new Float64Array(0), true).lnScale + graph.lnOutside
  if (countVectorsFit(n, m)) return lnCountVectorSum(graph, lumped.params) + graph.lnOutside
  if (bits <= MAX_INHERITANCE_BITS) return lnInheritanceSum(lumped.persons, lumped.params)
  if (m <= MAX_THETA_FOUNDER_ALLELES) return sumPartitions(graph, lumped.params, () => [], () => new Float64Array(0), true).lnScale + graph.lnOutside
  return fail('TOO_COMPLEX', `θ correction over ${m} untyped founder alleles, ${n} allele states and ${bits} inheritance choices is beyond the exact limits: ` +
    `${monomialCount(n, m)} count vectors (limit ${MAX_COUNT_VECTORS}), 2^${bits} inheritance patterns (limit 2^${MAX_INHERITANCE_BITS}), ` +
    `more than ${MAX_THETA_FOUNDER_ALLELES} alleles for set partitions; type more relatives or set θ = 0`)
}

/** Inheritance patterns are the fastest sum while there are at most 2^10 of them (a few µs each). */
const CHEAP_INHERITANCE_BITS = 10

/**
 * P(typed genotypes, query person's ordered alleles = (a, b)) for every (a, b), as an n×n table scaled by
 * exp(lnScale); the query person must be untyped. Under θ > 0 the query person must have parents: a founder's
 * alleles join the founders' Balding–Nichols draw (callers enumerate genotypes then).
 */
export function locusJointTable (persons: readonly LocusPerson[], params: LocusParameters, query: number): { lnScale: number, table: Float64Array } {
  if (params.theta !== 0 && persons[query].father < 0) fail('TOO_COMPLEX', 'under θ > 0 a founder\'s genotype table is computed by enumeration')
  const r = buildAndSum(persons, params, query)
  return { lnScale: r.lnScale, table: r.table! }
}

export interface SumResult { lnScale: number, table?: Float64Array }

function buildAndSum (persons: readonly LocusPerson[], params: LocusParameters, query: number): SumResult {
  const graph = buildGraph(persons, params, query)
  const queryVars = query >= 0 ? graph.alleleVars[query] : []
  // The query person's variables are never merged (under θ > 0 it has parents), so the symmetry holds.
  const sum = sumPartitions(graph, params, () => queryVars, (rest) => orderedTable(rest, queryVars, graph.domains, params.n), true)
  return { lnScale: sum.lnScale + graph.lnOutside, table: sum.table }
}

/**
 * Σ over the founder-allele partitions of weight × (the graph summed over everything but `keep`), as
 * exp(lnScale)·table (table undefined when nothing is kept). `keep` receives the partition's merge map.
 * With `symmetric`, partitions equal up to swapping a founder's two alleles are computed once.
 */
export function sumPartitions (
  graph: LocusGraph, params: LocusParameters, keep: (rep: (v: number) => number) => number[],
  toTable: (rest: Factor, kept: number[]) => Float64Array, symmetric: boolean
): SumResult {
  const { n, theta } = params
  const { untypedFounderVars, domains, structural } = graph
  const m = untypedFounderVars.length
  if (theta > 0 && m > MAX_THETA_FOUNDER_ALLELES) {
    fail('TOO_COMPLEX', `θ correction over ${m} untyped founder alleles is beyond the exact limit of ${MAX_THETA_FOUNDER_ALLELES} for set partitions; type more relatives or set θ = 0`)
  }
  const dimOf = (v: number): number => domains[v].length
  let total: SumResult | null = null
  const computed = new Map<string, { lnScale: number, table?: Float64Array }>()
  for (const partition of founderPartitions(m, theta)) {
    const key = !symmetric ? null : partition.blocks === m ? '' : partitionSymmetryKey(partition.block, graph.founderSwaps)
    const known = key === null ? undefined : computed.get(key)
    if (known !== undefined) {
      total = accumulate(total, known.lnScale + Math.log(partition.weight), known.table)
      continue
    }
    // Merge the untyped founder alleles of one block into the block's first variable.
    const rep = new Map<number, number>()
    const firstOfBlock = new Map<number, number>()
    for (let k = 0; k < m; k++) {
      const b = partition.block[k]
      if (!firstOfBlock.has(b)) firstOfBlock.set(b, untypedFounderVars[k])
      rep.set(untypedFounderVars[k], firstOfBlock.get(b)!)
    }
    const factors = partition.blocks === m ? structural.slice() : structural.map((f) => mergeVariables(f, rep))
    for (const v of firstOfBlock.values()) factors.push({ vars: [v], dims: [n], values: graph.w.slice() })
    const kept = keep((v) => rep.get(v) ?? v)
    const result = eliminate(factors, [...new Set(kept)], dimOf)
    const table = kept.length > 0 ? toTable(result.rest, kept) : undefined
    if (key !== null) computed.set(key, { lnScale: result.lnScale, table })
    total = accumulate(total, result.lnScale + Math.log(partition.weight), table)
  }
  return total!
}

/** The remaining factor over the query person's (paternal, maternal) variables as a full n×n table. */
function orderedTable (rest: Factor, queryVars: number[], domains: Int32Array[], n: number): Float64Array {
  const table = new Float64Array(n * n)
  const [vp, vm] = queryVars
  const kp = rest.vars.indexOf(vp)
  const km = rest.vars.indexOf(vm)
  const dp = domains[vp]
  const dm = domains[vm]
  const strideP = kp < 0 ? 0 : (kp === 0 && rest.vars.length === 2 ? rest.dims[1] : 1)
  const strideM = km < 0 ? 0 : (km === 0 && rest.vars.length === 2 ? rest.dims[1] : 1)
  for (let a = 0; a < dp.length; a++) {
    for (let b = 0; b < dm.length; b++) table[dp[a] * n + dm[b]] = rest.values[a * strideP + b * strideM]
  }
  return table
}

function accumulate (total: SumResult | null, lnPart: number, table: Float64Array | undefined): SumResult {
  if (lnPart === -Infinity) return total ?? { lnScale: -Infinity, table: table === undefined ? undefined : new Float64Array(table.length) }
  if (total === null || total.lnScale === -Infinity) return { lnScale: lnPart, table }
  const top = Math.max(total.lnScale, lnPart)
  const a = Math.exp(total.lnScale - top)
  const b = Math.exp(lnPart - top)
  if (table === undefined) return { lnScale: top + Math.log(a + b) }
  const merged = new Float64Array(table.length)
  for (let i = 0; i < table.length; i++) merged[i] = a * total.table![i] + b * table[i]
  return { lnScale: top, table: merged }
}
