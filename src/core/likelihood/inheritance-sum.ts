import { lnSequenceProbability } from './balding-nichols.ts'
import type { LocusParameters, LocusPerson } from './locus-graph.ts'

/** The most inheritance patterns (free meioses and phases of typed heterozygotes, as 2^bits) summed. */
export const MAX_INHERITANCE_BITS = 16

/**
 * The number of binary choices lnInheritanceSum enumerates: every meiosis of a kept person (typed, or an
 * ancestor of one) except the first from each founder, and the phase of every typed heterozygote.
 *
 * @example // untyped parents, one typed heterozygous child: 0 meioses free, 1 phase: 1
 */
export function inheritanceBits (persons: readonly LocusPerson[]): number {
  return plan(persons).bits.length
}

/**
 * ln P(typed genotypes) at one locus under θ > 0, summed over inheritance patterns instead of founder-allele
 * partitions. Given which parental allele every child received (the meioses) and the phase of every typed
 * heterozygote, each allele descends from one founder allele along a tree, mutating on every edge; so the
 * data factor into one function h_i(a) per founder allele i (Felsenstein's pruning on its tree), and only the
 * founder alleles with a typed descendant carry any (the urn's marginal over the others is 1: exchangeable
 * and consistent). The urn's expectation of Π_i h_i(u_i) over those few alleles J, drawn after the typed
 * founders' alleles, is Σ over set partitions of J of Π_blocks (s−1)!·θ^(s−1)·Σ_a w_a·Π_{i∈B} h_i(a), divided
 * by Π D_k (see balding-nichols.ts), summed here by a subset recursion; |J| is at most the number of typed
 * alleles, however many untyped founders there are. Exact; the cost is 2^bits patterns of O(slots·n²).
 * The first meiosis from each founder is fixed to its first allele: a founder's two alleles are exchangeable
 * (the urn is; a typed founder's phase is summed), so the other choice gives the same sum.
 *
 * @example // founder typed 1/1 (p = 0.1), θ = 0.01, no mutation: ln(0.1·(0.01 + 0.99·0.1)) = ln 0.0109
 */
export function lnInheritanceSum (persons: readonly LocusPerson[], params: LocusParameters): number {
  const { n, freqs, theta } = params
  const p = plan(persons)
  const S = p.slots
  const typedFounderAlleles: number[] = []
  for (const i of p.founders) { const g = persons[i].genotype; if (g !== null) typedFounderAlleles.push(g[0], g[1]) }
  const T = typedFounderAlleles.length
  const w = new Float64Array(n)
  for (let a = 0; a < n; a++) w[a] = (1 - theta) * freqs[a]
  for (const a of typedFounderAlleles) w[a] += theta
  const h = new Float64Array(S * n)
  const observed = new Uint8Array(S)
  const touched = new Uint8Array(S)
  const value = new Int32Array(S)
  const source = new Int32Array(S)
  const message = new Float64Array(n)
  const buffers: UrnBuffers = { products: new Float64Array(0), g: new Float64Array(0), F: new Float64Array(0) }
  const open: number[] = []
  let total = 0
  for (let code = 0; code < 1 << p.bits.length; code++) {
    // Sources of every non-founder slot and values of every typed slot under this pattern.
    value.fill(-1)
    for (let s = 0; s < S; s++) source[s] = p.fixedSource[s]
    for (let b = 0; b < p.bits.length; b++) {
      const bit = (code >> b) & 1
      const choice = p.bits[b]
      if (choice.kind === 'meiosis') source[choice.slot] = choice.parentSlots[bit]
    }
    for (const t of p.typed) {
      const g = persons[t.person].genotype!
      const swap = t.phaseBit >= 0 && ((code >> t.phaseBit) & 1) === 1
      value[t.slot] = swap ? g[1] : g[0]
      value[t.slot + 1] = swap ? g[0] : g[1]
    }
    // Pruning, children before parents (slots are numbered parents first).
    h.fill(1)
    observed.fill(0)
    touched.fill(0)
    for (let s = S - 1; s >= 0; s--) {
      if (value[s] >= 0) {
        const off = s * n
        for (let a = 0; a < n; a++) if (a !== value[s]) h[off + a] = 0
        observed[s] = 1
      }
      const parent = source[s]
      if (parent < 0 || observed[s] === 0) continue
      const matrix = p.fromFather[s] === 1 ? params.male : params.female
      if (touched[s] === 0) {
        // A typed slot with nothing below it: h is the indicator of its value, the message one column.
        const v = value[s]
        for (let a = 0; a < n; a++) message[a] = matrix[a * n + v]
      } else {
        const off = s * n
        for (let a = 0; a < n; a++) {
          let sum = 0
          const row = a * n
          for (let b = 0; b < n; b++) sum += matrix[row + b] * h[off + b]
          message[a] = sum
        }
      }
      touched[parent] = 1
      const po = parent * n
      for (let a = 0; a < n; a++) h[po + a] *= message[a]
      observed[parent] = 1
    }
    let term = 1
    open.length = 0
    for (const s of p.founderSlots) {
      if (observed[s] === 0) continue
      if (value[s] >= 0) term *= h[s * n + value[s]]
      else open.push(s)
    }
    if (term === 0) continue
    term *= urnExpectation(open, h, w, n, theta, buffers)
    for (let k = 1; k <= open.length; k++) term /= 1 + (T + k - 2) * theta
    total += term * p.weightOf(code)
  }
  if (total === 0) return -Infinity
  return Math.log(total) + lnSequenceProbability(typedFounderAlleles, freqs, theta)
}

/** Buffers of the subset recursion, grown as needed and reused across patterns (no garbage per pattern). */
interface UrnBuffers { products: Float64Array, g: Float64Array, F: Float64Array }

/** Σ over set partitions of `open` of Π_blocks (s−1)!·θ^(s−1)·Σ_a w_a Π_{i∈B} h_i(a), by subsets. */
function urnExpectation (open: readonly number[], h: Float64Array, w: Float64Array, n: number, theta: number, buffers: UrnBuffers): number {
  const J = open.length
  if (J === 0) return 1
  const subsets = 1 << J
  if (buffers.g.length < subsets) {
    buffers.products = new Float64Array(subsets * n)
    buffers.g = new Float64Array(subsets)
    buffers.F = new Float64Array(subsets)
  }
  const { products, g, F } = buffers
  // w·Π_{i∈B} h_i for every subset B, each from B without its highest element.
  products.set(w)
  let top = 0
  for (let B = 1; B < subsets; B++) {
    if (B === 1 << (top + 1)) top++
    const without = B ^ (1 << top)
    const size = popcount(B)
    const off = B * n
    const from = without * n
    const hOff = open[top] * n
    let sum = 0
    for (let a = 0; a < n; a++) { const v = products[from + a] * h[hOff + a]; products[off + a] = v; sum += v }
    let weight = 1
    for (let k = 1; k < size; k++) weight *= k * theta
    g[B] = weight * sum
  }
  F[0] = 1
  for (let S = 1; S < subsets; S++) {
    const low = S & -S
    const rest = S ^ low
    // Blocks containing the lowest element of S: low plus any subset of the rest.
    let sum = 0
    for (let sub = rest; ; sub = (sub - 1) & rest) {
      sum += g[low | sub] * F[rest ^ sub]
      if (sub === 0) break
    }
    F[S] = sum
  }
  return F[subsets - 1]
}

function popcount (x: number): number {
  let c = 0
  for (; x !== 0; x &= x - 1) c++
  return c
}

type Choice = { kind: 'meiosis', slot: number, parentSlots: [number, number] } | { kind: 'phase' }

interface Plan {
  slots: number
  founders: number[]
  founderSlots: number[]
  /** The source slot of a non-founder slot when it is not a free choice (-1 for founder slots). */
  fixedSource: Int32Array
  fromFather: Uint8Array
  bits: Choice[]
  typed: Array<{ person: number, slot: number, phaseBit: number }>
  weightOf: (code: number) => number
}

function plan (persons: readonly LocusPerson[]): Plan {
  const kept = new Uint8Array(persons.length)
  for (let i = persons.length - 1; i >= 0; i--) {
    if (persons[i].genotype !== null) kept[i] = 1
    if (kept[i] === 1 && persons[i].father >= 0) { kept[persons[i].father] = 1; kept[persons[i].mother] = 1 }
  }
  const slotOf = new Int32Array(persons.length).fill(-1)
  let slots = 0
  for (let i = 0; i < persons.length; i++) if (kept[i] === 1) { slotOf[i] = slots; slots += 2 }
  const fixedSource = new Int32Array(slots).fill(-1)
  const fromFather = new Uint8Array(slots)
  const bits: Choice[] = []
  const founders: number[] = []
  const founderSlots: number[] = []
  const typed: Plan['typed'] = []
  const used = new Uint8Array(persons.length)
  for (let i = 0; i < persons.length; i++) {
    if (kept[i] === 0) continue
    const person = persons[i]
    const s = slotOf[i]
    if (person.father < 0) { founders.push(i); founderSlots.push(s, s + 1) }
    for (const [k, parent] of [[0, person.father], [1, person.mother]] as const) {
      if (parent < 0) continue
      fromFather[s + k] = k === 0 ? 1 : 0
      const ps = slotOf[parent]
      if (persons[parent].father < 0 && used[parent] === 0) { fixedSource[s + k] = ps; used[parent] = 1; continue }
      bits.push({ kind: 'meiosis', slot: s + k, parentSlots: [ps, ps + 1] })
    }
    const g = person.genotype
    if (g !== null) {
      let phaseBit = -1
      if (g[0] !== g[1]) { phaseBit = bits.length; bits.push({ kind: 'phase' }) }
      typed.push({ person: i, slot: s, phaseBit })
    }
  }
  const meioses = bits.filter((b) => b.kind === 'meiosis').length
  const weight = 0.5 ** meioses
  return { slots, founders, founderSlots, fixedSource, fromFather, bits, typed, weightOf: () => weight }
}
