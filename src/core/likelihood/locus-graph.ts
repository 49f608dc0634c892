import { lnSequenceProbability, lnUntypedDenominators } from './balding-nichols.ts'
import type { Factor } from './factor.ts'

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

/** The most untyped founder alleles summed over set partitions under θ > 0 (Bell(9) = 21147 groupings). */
export const MAX_THETA_FOUNDER_ALLELES = 9

/** The factor graph of one locus: allele variables, their domains, and the structural factors. */
export interface LocusGraph {
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

/** Builds the allele-variable graph of one locus; `query` (or -1) is a person whose alleles stay open. */
export function buildGraph (persons: readonly LocusPerson[], params: LocusParameters, query: number): LocusGraph {
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
  const w = new Float64Array(n)
  for (let a = 0; a < n; a++) w[a] = (1 - theta) * freqs[a]
  for (const a of typedFounderAlleles) w[a] += theta
  const lnOutside = lnSequenceProbability(typedFounderAlleles, freqs, theta) - lnUntypedDenominators(m, typedFounderAlleles.length, theta)
  return { domains, structural, alleleVars, typedFounderAlleles, untypedFounderVars, founderSwaps, lnOutside, w }
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

export function heterozygoteFactor (vars: number[]): Factor {
  // Domains are [a, b] for both variables: the ordered pair must be (a, b) or (b, a).
  return { vars: [vars[0], vars[1]], dims: [2, 2], values: Float64Array.of(0, 1, 1, 0) }
}

/**
 * P(child's allele | parent's alleles): ½·M[x][c] + ½·M[y][c] for a parent with alleles (x, y), or M[x][c]
 * for an untyped founder represented by the one allele it passes on.
 */
export function transmissionFactor (childVar: number, parentVars: number[], domains: Int32Array[], matrix: Float64Array, n: number): Factor {
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
export function mergeVariables (f: Factor, rep: Map<number, number>): Factor {
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
