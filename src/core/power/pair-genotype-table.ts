import type { Factor } from '../likelihood/factor.ts'
import { heterozygoteFactor, transmissionFactor, type LocusParameters, type LocusPerson } from '../likelihood/locus-graph.ts'
import { eliminateAllBut } from '../likelihood/variable-elimination.ts'
import { fail } from '../errors.ts'

/**
 * P(typed genotypes, person A = r, person B = g) at one locus for every pair of unordered genotypes (r, g),
 * up to one common scale: joint[r · size + g], genotypes indexed as genotypeIndex (00 01 … 11 12 …).
 */
export interface PairGenotypeTable {
  /** Number of alleles; size = n(n+1)/2 genotypes per person. */
  n: number
  size: number
  /** Row r (person A's genotype), column g (person B's). Zero exactly where the pair is impossible. */
  joint: Float64Array
}

/**
 * The joint genotype table of two untyped persons A and B of a pedigree at one locus, given everyone typed,
 * at θ = 0, in one variable elimination keeping A's and B's four allele variables: what nextRelatives needs
 * of a relative A not yet typed and the missing person B, without simulating A. Its cost is about n⁴ per
 * locus (the kept factor), the price of every genotype pair at once.
 *
 * @example // A the father, B the child, no one typed, two alleles of frequency ½, no mutation:
 *   // P(A = 1/1, B = 1/1) = ¼ · ½ = 0.125 (the father passes 1, the mother's allele is 1 half the time)
 */
export function pairGenotypeTable (persons: readonly LocusPerson[], params: LocusParameters, a: number, b: number): PairGenotypeTable {
  const { n } = params
  const size = (n * (n + 1)) / 2
  const joint = new Float64Array(size * size)
  const ordered = orderedJoint(persons, params, a, b)
  if (ordered === null) return { n, size, joint }
  const n2 = n * n
  const n3 = n2 * n
  // Unordered genotypes: both orders of a heterozygote's alleles.
  let r = 0
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++, r++) {
      const ij = i * n3 + j * n2
      const ji = j * n3 + i * n2
      let g = r * size
      for (let k = 0; k < n; k++) {
        for (let l = k; l < n; l++, g++) {
          let p = ordered[ij + k * n + l]
          if (k !== l) p += ordered[ij + l * n + k]
          if (i !== j) { p += ordered[ji + k * n + l]; if (k !== l) p += ordered[ji + l * n + k] }
          joint[g] = p
        }
      }
    }
  }
  return { n, size, joint }
}

/**
 * Which genotype pairs (A = r, B = g) are possible without mutation, as 1/0 in the layout of
 * PairGenotypeTable.joint. Without mutation whether a pair is possible depends neither on the frequencies
 * nor on which untyped allele is which, so it is read off a pedigree over the typed alleles plus four
 * stand-ins (the most r and g can bring) with uniform frequencies: t + 4 alleles in place of n (t typed).
 *
 * @example // A the father, B the child, no one typed: (1/2, 1/3) possible, (1/2, 3/4) not
 */
export function pairCompatibility (persons: readonly LocusPerson[], n: number, a: number, b: number): Uint8Array {
  const typed: number[] = []
  const reduced = new Int32Array(n).fill(-1)
  for (const p of persons) {
    for (const x of p.genotype ?? []) if (reduced[x] < 0) { reduced[x] = typed.length; typed.push(x) }
  }
  const m = Math.min(n, typed.length + 4)
  const identity = new Float64Array(m * m)
  for (let i = 0; i < m; i++) identity[i * m + i] = 1
  const uniform = new Float64Array(m).fill(1 / m)
  const mapped: LocusPerson[] = persons.map((p) => ({ ...p, genotype: p.genotype === null ? null : [reduced[p.genotype[0]], reduced[p.genotype[1]]] as const }))
  const ordered = orderedJoint(mapped, { n: m, freqs: uniform, male: identity, female: identity, theta: 0 }, a, b)
  const size = (n * (n + 1)) / 2
  const out = new Uint8Array(size * size)
  if (ordered === null) return out
  const m2 = m * m
  const m3 = m2 * m
  // The reduced index of each allele of (i, j, k, l): typed alleles their own, the others stand-ins t, t+1, …
  // in order of first appearance (the same allele, the same stand-in).
  const slot = new Int32Array(4)
  const alleles = new Int32Array(4)
  const possible = (x: number, y: number, u: number, w: number): boolean => {
    alleles[0] = x; alleles[1] = y; alleles[2] = u; alleles[3] = w
    let next = typed.length
    for (let q = 0; q < 4; q++) {
      const v = alleles[q]
      if (reduced[v] >= 0) { slot[q] = reduced[v]; continue }
      let same = -1
      for (let e = 0; e < q; e++) if (alleles[e] === v) { same = e; break }
      slot[q] = same >= 0 ? slot[same] : next++
    }
    return ordered[slot[0] * m3 + slot[1] * m2 + slot[2] * m + slot[3]] > 0
  }
  let r = 0
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++, r++) {
      let g = r * size
      for (let k = 0; k < n; k++) {
        for (let l = k; l < n; l++, g++) {
          out[g] = possible(i, j, k, l) || (k !== l && possible(i, j, l, k)) || (i !== j && (possible(j, i, k, l) || (k !== l && possible(j, i, l, k)))) ? 1 : 0
        }
      }
    }
  }
  return out
}

/** P(typed genotypes, A's ordered alleles, B's ordered alleles) as a dense n⁴ table on a common scale; null when 0. */
function orderedJoint (persons: readonly LocusPerson[], params: LocusParameters, a: number, b: number): Float64Array | null {
  if (params.theta !== 0) fail('TOO_COMPLEX', 'the joint genotype table of two persons is computed at θ = 0 only')
  if (persons[a].genotype !== null || persons[b].genotype !== null || a === b) fail('TOO_COMPLEX', 'the joint genotype table is of two distinct untyped persons')
  // Persons that matter: the typed, A, B and their ancestors (every other branch sums to 1).
  const kept = new Uint8Array(persons.length)
  for (let i = persons.length - 1; i >= 0; i--) {
    if (persons[i].genotype !== null || i === a || i === b) kept[i] = 1
    if (kept[i] === 1 && persons[i].father >= 0) { kept[persons[i].father] = 1; kept[persons[i].mother] = 1 }
  }
  const children = new Int32Array(persons.length)
  for (let i = 0; i < persons.length; i++) {
    if (kept[i] === 1 && persons[i].father >= 0) { children[persons[i].father]++; children[persons[i].mother]++ }
  }
  // A typed heterozygote with parents is summed over which parent gave which allele, one elimination per
  // choice, instead of a factor over its two ordered alleles: that factor joins the father's side of the
  // pedigree to the mother's, and keeping the missing person's alleles open across it costs n⁵ to n⁶ (two
  // typed siblings of untyped parents); with the order fixed the sides separate and each sum costs about n⁴.
  const heterozygotes = persons.flatMap((p, i) => (kept[i] === 1 && p.father >= 0 && p.genotype !== null && p.genotype[0] !== p.genotype[1] ? [i] : []))
    .slice(0, MAX_ORDERED_HETEROZYGOTES)
  const orderedSet = new Set(heterozygotes)
  const graphs = Array.from({ length: 2 ** heterozygotes.length }, (_, choice) =>
    factorGraph(persons, params, kept, children, a, b, orderedSet, new Set(heterozygotes.filter((_, k) => ((choice >> k) & 1) === 1))))
  const { domains, keep, common } = graphs[0]
  const dimOf = (v: number): number => domains[v].length
  // What no allele order touches (the grandparents above an untyped parent, say) is summed once for all orders.
  const touched = new Set(keep)
  for (const f of graphs[0].specific) for (const v of f.vars) touched.add(v)
  const shared = eliminateAllBut(common, [...touched], dimOf)
  if (shared.lnScale === -Infinity) return null
  let total: { lnScale: number, values: Float64Array } | null = null
  for (const graph of graphs) {
    const part = eliminateAllBut([...shared.pool, ...graph.specific], keep, (v) => graph.domains[v].length)
    if (part.lnScale === -Infinity) continue
    const values = { lnScale: shared.lnScale + part.lnScale, values: productOver(part.pool, keep, params.n) }
    total = total === null ? values : addScaled(total, values)
  }
  return total === null ? null : total.values
}

/** Typed heterozygotes with parents summed over their allele order (2^k eliminations); any further keep the joining factor. */
const MAX_ORDERED_HETEROZYGOTES = 6

interface FactorGraph {
  domains: Int32Array[]
  /** A's two allele variables, then B's. */
  keep: number[]
  /** Factors the same whatever the allele order of the ordered heterozygotes. */
  common: Factor[]
  /** Factors of this allele order: those of an ordered heterozygote's variables. */
  specific: Factor[]
}

/** The allele-variable graph at θ = 0 with the ordered heterozygotes' alleles fixed as `swapped` says. */
function factorGraph (
  persons: readonly LocusPerson[], params: LocusParameters, kept: Uint8Array, children: Int32Array, a: number, b: number,
  ordered: ReadonlySet<number>, swapped: ReadonlySet<number>
): FactorGraph {
  const { n, freqs } = params
  const full = Int32Array.from({ length: n }, (_, i) => i)
  const domains: Int32Array[] = []
  const alleleVars: number[][] = persons.map(() => [])
  const common: Factor[] = []
  const specific: Factor[] = []
  const orderedVars = new Set<number>()
  const add = (f: Factor): void => { (f.vars.some((v) => orderedVars.has(v)) ? specific : common).push(f) }
  for (let i = 0; i < persons.length; i++) {
    if (kept[i] === 0) continue
    const p = persons[i]
    const founder = p.father < 0
    // An untyped founder with one child needs only the allele it passes on (the other sums to 1).
    const count = founder && p.genotype === null && children[i] === 1 && i !== a && i !== b ? 1 : 2
    for (let k = 0; k < count; k++) {
      const v = domains.length
      const g = p.genotype
      const domain = g === null ? full : ordered.has(i) ? Int32Array.of(g[swapped.has(i) ? 1 - k : k]) : Int32Array.from(new Set(g))
      domains.push(domain)
      alleleVars[i].push(v)
      if (ordered.has(i)) orderedVars.add(v)
      // At θ = 0 every founder allele is an independent draw from the frequencies, typed or not.
      if (founder) add({ vars: [v], dims: [domain.length], values: Float64Array.from(domain, (x) => freqs[x]) })
    }
    if (p.genotype !== null && p.genotype[0] !== p.genotype[1] && !ordered.has(i)) add(heterozygoteFactor(alleleVars[i]))
    if (!founder) {
      add(transmissionFactor(alleleVars[i][0], alleleVars[p.father], domains, params.male, n))
      add(transmissionFactor(alleleVars[i][1], alleleVars[p.mother], domains, params.female, n))
    }
  }
  return { domains, keep: [...alleleVars[a], ...alleleVars[b]], common, specific }
}

/**
 * The product of factors over subsets of the four kept variables (each of dimension n), as a dense n⁴ table.
 * Factors of A's alleles only, and of B's only, are first multiplied into one n×n table each: the n⁴ sweeps
 * are then one per factor that ties A to B, plus one.
 */
function productOver (pool: readonly Factor[], keep: readonly number[], n: number): Float64Array {
  const strides = pool.map((f) => keep.map((v) => {
    const k = f.vars.indexOf(v)
    if (k < 0) return 0
    let s = 1
    for (let l = k + 1; l < f.dims.length; l++) s *= f.dims[l]
    return s
  }))
  const ofA = new Float64Array(n * n).fill(1)
  const ofB = new Float64Array(n * n).fill(1)
  const tying: number[] = []
  pool.forEach((f, q) => {
    const [s0, s1, s2, s3] = strides[q]
    const side = s2 === 0 && s3 === 0 ? ofA : s0 === 0 && s1 === 0 ? ofB : null
    if (side === null) { tying.push(q); return }
    const [t0, t1] = side === ofA ? [s0, s1] : [s2, s3]
    for (let x = 0; x < n; x++) for (let y = 0; y < n; y++) side[x * n + y] *= f.values[x * t0 + y * t1]
  })
  const n2 = n * n
  const out = new Float64Array(n2 * n2)
  for (let xy = 0; xy < n2; xy++) for (let uw = 0; uw < n2; uw++) out[xy * n2 + uw] = ofA[xy] * ofB[uw]
  for (const q of tying) {
    const [s0, s1, s2, s3] = strides[q]
    const values = pool[q].values
    let o = 0
    for (let x = 0; x < n; x++) {
      for (let y = 0; y < n; y++) {
        const xy = x * s0 + y * s1
        for (let u = 0; u < n; u++) {
          const xyu = xy + u * s2
          for (let w = 0; w < n; w++) out[o++] *= values[xyu + w * s3]
        }
      }
    }
  }
  return out
}

/** exp(lnA)·A + exp(lnB)·B on the larger scale. */
function addScaled (x: { lnScale: number, values: Float64Array }, y: { lnScale: number, values: Float64Array }): { lnScale: number, values: Float64Array } {
  const top = Math.max(x.lnScale, y.lnScale)
  const fx = Math.exp(x.lnScale - top)
  const fy = Math.exp(y.lnScale - top)
  const values = new Float64Array(x.values.length)
  for (let i = 0; i < values.length; i++) values[i] = fx * x.values[i] + fy * y.values[i]
  return { lnScale: top, values }
}
