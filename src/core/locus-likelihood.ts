import { founderPartitions, lnSequenceProbability, lnUntypedDenominators, partitionSymmetryKey } from './balding-nichols.ts'
import { fail } from './errors.ts'
import type { Factor } from './factor.ts'
import { eliminate } from './variable-elimination.ts'

/** A person of a pedigree at one locus: parents as indices into the same list (parents first), -1 for a founder. */
export interface LocusPerson {
  father: number
  mother: number
  /** Allele indices of the genotype, or null when untyped here. */
  genotype: readonly [number, number] | null
}

/** Everything the likelihood needs about one locus. */
export interface LocusParameters {
  /** Number of alleles. */
  n: number
  /** Founder allele frequencies (sum 1). */
  freqs: Float64Array
  /** n×n mutation matrices, row = transmitted allele, for fathers and for mothers. */
  male: Float64Array
  female: Float64Array
  theta: number
}

/** The most untyped founder alleles summed jointly under θ > 0 (Bell(9) = 21147 groupings). */
export const MAX_THETA_FOUNDER_ALLELES = 9

/**
 * ln P(all typed genotypes) at one locus for a pedigree, summing over every untyped person's genotype
 * (mutation on every transmission, θ over all founder alleles). Exact; -Infinity when impossible.
 *
 * @example // one founder typed 12/12 where p(12) = 0.1: ln(0.01)
 */
export function lnLocusLikelihood (persons: readonly LocusPerson[], params: LocusParameters): number {
  return buildAndSum(persons, params, -1).lnScale
}

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

interface SumResult { lnScale: number, table?: Float64Array }

/** The factor graph of one locus: allele variables, their domains, and the structural factors. */
interface LocusGraph {
  domains: Int32Array[]
  structural: Factor[]
  alleleVars: number[][]
  typedFounderAlleles: number[]
  untypedFounderVars: number[]
  /** Positions (in untypedFounderVars) of each untyped founder's two alleles. */
  founderSwaps: Array<[number, number]>
  /** ln of the typed founders' joint draw less ln Π D_i of the untyped ones: the scalar outside the sum. */
  lnOutside: number
  /** w(a) = θ·c_T(a) + (1−θ)·p_a: an untyped founder allele's weight. */
  w: Float64Array
}

function buildAndSum (persons: readonly LocusPerson[], params: LocusParameters, query: number): SumResult {
  const graph = buildGraph(persons, params, query)
  const queryVars = query >= 0 ? graph.alleleVars[query] : []
  // The query person's variables are never merged (under θ > 0 it has parents), so the symmetry holds.
  const sum = sumPartitions(graph, params, () => queryVars, (rest) => orderedTable(rest, queryVars, graph.domains, params.n), true)
  return { lnScale: sum.lnScale + graph.lnOutside, table: sum.table }
}

function buildGraph (persons: readonly LocusPerson[], params: LocusParameters, query: number): LocusGraph {
  const { n, freqs, theta } = params
  const kept = keptPersons(persons, query)
  const children = new Int32Array(persons.length)
  for (let i = 0; i < persons.length; i++) {
    if (!kept[i] || persons[i].father < 0) continue
    children[persons[i].father]++
    children[persons[i].mother]++
  }
  // Variables: two allele variables per kept person (paternal, maternal); an untyped founder with one child
  // needs only the allele it passes on (the other sums out, under θ too: the Pólya urn is consistent).
  const domains: Int32Array[] = []
  const full = Int32Array.from({ length: n }, (_, i) => i)
  const alleleVars: number[][] = persons.map(() => [])
  const typedFounderAlleles: number[] = []
  const untypedFounderVars: number[] = []
  const founderSwaps: Array<[number, number]> = []
  for (let i = 0; i < persons.length; i++) {
    if (!kept[i]) continue
    const p = persons[i]
    const founder = p.father < 0
    const count = founder && p.genotype === null && children[i] === 1 && i !== query ? 1 : 2
    for (let k = 0; k < count; k++) {
      const v = domains.length
      domains.push(p.genotype === null ? full : Int32Array.from(new Set(p.genotype)))
      alleleVars[i].push(v)
      if (founder && p.genotype === null) untypedFounderVars.push(v)
    }
    if (founder && p.genotype === null && count === 2 && i !== query) founderSwaps.push([untypedFounderVars.length - 2, untypedFounderVars.length - 1])
    if (founder && p.genotype !== null) typedFounderAlleles.push(p.genotype[0], p.genotype[1])
  }
  const structural: Factor[] = []
  for (let i = 0; i < persons.length; i++) {
    if (!kept[i]) continue
    const p = persons[i]
    if (p.genotype !== null && p.genotype[0] !== p.genotype[1]) structural.push(heterozygoteFactor(alleleVars[i]))
    if (p.father >= 0) {
      structural.push(transmissionFactor(alleleVars[i][0], alleleVars[p.father], domains, params.male, n))
      structural.push(transmissionFactor(alleleVars[i][1], alleleVars[p.mother], domains, params.female, n))
    }
  }
  const m = untypedFounderVars.length
  if (theta > 0 && m > MAX_THETA_FOUNDER_ALLELES) {
    fail('TOO_COMPLEX', `θ correction over ${m} untyped founder alleles is beyond the exact limit of ${MAX_THETA_FOUNDER_ALLELES}; type more relatives or set θ = 0`)
  }
  const w = new Float64Array(n)
  for (let a = 0; a < n; a++) w[a] = (1 - theta) * freqs[a]
  for (const a of typedFounderAlleles) w[a] += theta
  const lnOutside = lnSequenceProbability(typedFounderAlleles, freqs, theta) - lnUntypedDenominators(m, typedFounderAlleles.length, theta)
  return { domains, structural, alleleVars, typedFounderAlleles, untypedFounderVars, founderSwaps, lnOutside, w }
}

/**
 * Σ over the founder-allele partitions of weight × (the graph summed over everything but `keep`), as
 * exp(lnScale)·table (table undefined when nothing is kept). `keep` receives the partition's merge map.
 * With `symmetric`, partitions equal up to swapping a founder's two alleles are computed once.
 */
function sumPartitions (
  graph: LocusGraph, params: LocusParameters, keep: (rep: (v: number) => number) => number[],
  toTable: (rest: Factor, kept: number[]) => Float64Array, symmetric: boolean
): SumResult {
  const { n, theta } = params
  const { untypedFounderVars, domains, structural } = graph
  const m = untypedFounderVars.length
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

/** Persons that matter: typed ones, the query person, and every ancestor of those (others sum to 1). */
function keptPersons (persons: readonly LocusPerson[], query: number): Uint8Array {
  const kept = new Uint8Array(persons.length)
  for (let i = persons.length - 1; i >= 0; i--) {
    if (persons[i].genotype !== null || i === query) kept[i] = 1
    if (kept[i] && persons[i].father >= 0) {
      kept[persons[i].father] = 1
      kept[persons[i].mother] = 1
    }
  }
  return kept
}

function heterozygoteFactor (vars: number[]): Factor {
  // Domains are [a, b] for both variables: the ordered pair must be (a, b) or (b, a).
  return { vars: [vars[0], vars[1]], dims: [2, 2], values: Float64Array.of(0, 1, 1, 0) }
}

/**
 * P(child's allele | parent's alleles): ½·M[x][c] + ½·M[y][c] for a parent with alleles (x, y), or M[x][c]
 * for an untyped founder represented by the one allele it passes on.
 */
function transmissionFactor (childVar: number, parentVars: number[], domains: Int32Array[], matrix: Float64Array, n: number): Factor {
  const dc = domains[childVar]
  if (parentVars.length === 1) {
    const dx = domains[parentVars[0]]
    const values = new Float64Array(dc.length * dx.length)
    for (let c = 0; c < dc.length; c++) {
      for (let x = 0; x < dx.length; x++) values[c * dx.length + x] = matrix[dx[x] * n + dc[c]]
    }
    return { vars: [childVar, parentVars[0]], dims: [dc.length, dx.length], values }
  }
  const [vx, vy] = parentVars
  const dx = domains[vx]
  const dy = domains[vy]
  const values = new Float64Array(dc.length * dx.length * dy.length)
  let o = 0
  for (let c = 0; c < dc.length; c++) {
    for (let x = 0; x < dx.length; x++) {
      const mx = matrix[dx[x] * n + dc[c]]
      for (let y = 0; y < dy.length; y++) values[o++] = 0.5 * (mx + matrix[dy[y] * n + dc[c]])
    }
  }
  return { vars: [childVar, vx, vy], dims: [dc.length, dx.length, dy.length], values }
}

/** Rewrites a factor so merged variables become one (keeping the diagonal where two of its variables merge). */
function mergeVariables (f: Factor, rep: Map<number, number>): Factor {
  const mapped = f.vars.map((v) => rep.get(v) ?? v)
  if (mapped.every((v, k) => v === f.vars[k])) return f
  const vars: number[] = []
  const dims: number[] = []
  for (let k = 0; k < mapped.length; k++) {
    if (!vars.includes(mapped[k])) { vars.push(mapped[k]); dims.push(f.dims[k]) }
  }
  let size = 1
  for (const d of dims) size *= d
  const values = new Float64Array(size)
  const strides = f.dims.map((_, k) => f.dims.slice(k + 1).reduce((a, b) => a * b, 1))
  const position = mapped.map((v) => vars.indexOf(v))
  const counter = new Int32Array(vars.length)
  for (let o = 0; o < size; o++) {
    let index = 0
    for (let k = 0; k < mapped.length; k++) index += counter[position[k]] * strides[k]
    values[o] = f.values[index]
    for (let k = vars.length - 1; k >= 0; k--) {
      if (++counter[k] < dims[k]) break
      counter[k] = 0
    }
  }
  return { vars, dims, values }
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
