import type { LocusModel } from '../pedigree/kinship-case.ts'
import { modelForSex, type MutationSpec } from '../mutation/mutation-spec.ts'
import { validatePedigree } from '../pedigree/pedigree.ts'
import { createRng, type Rng } from './simulate-rng.ts'
import { mutationMatrix } from '../mutation/mutation-matrix.ts'
import { transmissionSampler, type TransmissionSampler } from './simulate-mutation.ts'
import { FAMILY_SHAPES, pickShape, type FamilyShape } from './simulate-shapes.ts'

/** Allele code of an untyped locus in the typed arrays below. */
export const UNTYPED = 0xff

/** What to simulate. */
export interface PopulationOptions {
  seed: number
  cases: number
  persons: number
  /** Share of the unidentified persons who are some case's true missing child (0…1). */
  plantedFraction: number
  /** The loci, in the order of the arrays; at most 255 alleles each. */
  loci: readonly LocusModel[]
  /** Loci every profile is typed at (the first `coreLoci` of `loci`); each other locus is typed with probability 1/2. */
  coreLoci: number
  /** How transmissions mutate (per sex of the transmitting parent). */
  mutation: MutationSpec
  shapes?: readonly FamilyShape[]
}

/**
 * A simulated population as typed arrays of allele indices (into each locus's `alleles`): genotypes
 * are two codes per locus, smaller first, UNTYPED (255) at untyped loci. Case c's references are
 * profiles refOffset[c] … refOffset[c+1]−1, in the order of its shape's `typed` list.
 */
export interface Population {
  loci: readonly LocusModel[]
  shapes: readonly FamilyShape[]
  caseShape: Uint8Array
  /** 0 male, 1 female: the missing person's sex. */
  caseMpSex: Uint8Array
  refOffset: Uint32Array
  /** refs × loci × 2. */
  refAlleles: Uint8Array
  /** persons × loci × 2. */
  personAlleles: Uint8Array
  personSex: Uint8Array
  /** The case whose true missing child this person is, or −1 for an unrelated person. */
  personTrueCase: Int32Array
}

/**
 * Simulates family cases and unidentified persons. Founders are drawn in Hardy–Weinberg equilibrium from
 * the locus frequencies; each child receives one allele from each parent, passed through the parent's
 * sex-specific mutation matrix, so a true child can be inconsistent at a locus as in real casework.
 * Deterministic for a seed.
 *
 * @example simulatePopulation({ seed: 1, cases: 10, persons: 20, plantedFraction: 0.5, loci, coreLoci: 20,
 *   mutation: { model: 'stepwise', rate: 0.002, range: 0.1, rate2: 0 } }) // 5 of the 20 persons are planted
 */
export function simulatePopulation (opts: PopulationOptions): Population {
  const shapes = opts.shapes ?? FAMILY_SHAPES
  const L = opts.loci.length
  const rng = createRng(opts.seed)
  const founder = opts.loci.map((l) => cumulative(l.frequencies))
  const samplers = (['male', 'female'] as const).map((sex) => opts.loci.map((l) =>
    transmissionSampler(mutationMatrix(modelForSex(l.mutation ?? opts.mutation, sex), l.alleles, l.frequencies, l.name), l.alleles.length)))
  const ordered = shapes.map((s) => validatePedigree({ persons: s.persons, missingPerson: 'MP' }))

  const caseShape = new Uint8Array(opts.cases)
  const caseMpSex = new Uint8Array(opts.cases)
  for (let c = 0; c < opts.cases; c++) {
    caseShape[c] = pickShape(rng.next(), shapes)
    caseMpSex[c] = rng.nextU32() & 1
  }
  const refOffset = new Uint32Array(opts.cases + 1)
  for (let c = 0; c < opts.cases; c++) refOffset[c + 1] = refOffset[c] + shapes[caseShape[c]].typed.length
  const refAlleles = new Uint8Array(refOffset[opts.cases] * L * 2)
  const planted = Math.min(opts.cases, Math.round(opts.plantedFraction * opts.persons))
  const mpAlleles = new Uint8Array(planted * L * 2)

  const scratch = new Uint8Array(16 * L * 2)
  for (let c = 0; c < opts.cases; c++) {
    const shape = shapes[caseShape[c]]
    const persons = ordered[caseShape[c]]
    const slot = new Map(persons.map((p, k) => [p.id, k]))
    for (let k = 0; k < persons.length; k++) {
      const p = persons[k]
      for (let l = 0; l < L; l++) {
        let a: number
        let b: number
        if (p.father === undefined) {
          a = draw(founder[l], rng.next())
          b = draw(founder[l], rng.next())
        } else {
          a = transmit(scratch, slot.get(p.father)!, l, L, samplers[0][l], rng)
          b = transmit(scratch, slot.get(p.mother!)!, l, L, samplers[1][l], rng)
        }
        scratch[(k * L + l) * 2] = Math.min(a, b)
        scratch[(k * L + l) * 2 + 1] = Math.max(a, b)
      }
    }
    const kit = drawKit(L, opts.coreLoci, rng)
    shape.typed.forEach((id, r) => copyProfile(scratch, slot.get(id)!, refAlleles, refOffset[c] + r, L, kit))
    if (c < planted) copyProfile(scratch, slot.get('MP')!, mpAlleles, c, L, drawKit(L, opts.coreLoci, rng))
  }

  const n = opts.persons
  const personAlleles = new Uint8Array(n * L * 2)
  const personSex = new Uint8Array(n)
  const personTrueCase = new Int32Array(n).fill(-1)
  const order = new Uint32Array(n)
  for (let i = 0; i < n; i++) order[i] = i
  for (let i = n - 1; i > 0; i--) { // Fisher–Yates, so planted persons are spread through the table
    const j = rng.below(i + 1)
    const t = order[i]; order[i] = order[j]; order[j] = t
  }
  for (let i = 0; i < n; i++) {
    const p = order[i]
    if (i < planted) {
      personAlleles.set(mpAlleles.subarray(i * L * 2, (i + 1) * L * 2), p * L * 2)
      personSex[p] = caseMpSex[i]
      personTrueCase[p] = i
      continue
    }
    personSex[p] = rng.nextU32() & 1
    const kit = drawKit(L, opts.coreLoci, rng)
    for (let l = 0; l < L; l++) {
      const at = (p * L + l) * 2
      if (!kit[l]) { personAlleles[at] = UNTYPED; personAlleles[at + 1] = UNTYPED; continue }
      const a = draw(founder[l], rng.next())
      const b = draw(founder[l], rng.next())
      personAlleles[at] = Math.min(a, b)
      personAlleles[at + 1] = Math.max(a, b)
    }
  }
  return { loci: opts.loci, shapes, caseShape, caseMpSex, refOffset, refAlleles, personAlleles, personSex, personTrueCase }
}

function cumulative (freqs: readonly number[]): Float64Array {
  const cum = new Float64Array(freqs.length)
  let acc = 0
  for (let i = 0; i < freqs.length; i++) cum[i] = (acc += freqs[i])
  for (let i = 0; i < cum.length; i++) cum[i] /= acc // a table summing to 1 − 1e-9 must still cover u
  return cum
}

function draw (cum: Float64Array, u: number): number {
  for (let i = 0; i < cum.length - 1; i++) if (u < cum[i]) return i
  return cum.length - 1
}

function transmit (scratch: Uint8Array, parent: number, l: number, L: number, sampler: TransmissionSampler, rng: Rng): number {
  const at = (parent * L + l) * 2
  const allele = scratch[at + (rng.nextU32() & 1)]
  return sampler.transmit(allele, rng.next())
}

function drawKit (L: number, core: number, rng: Rng): Uint8Array {
  const kit = new Uint8Array(L)
  for (let l = 0; l < L; l++) kit[l] = l < core || (rng.nextU32() & 1) === 1 ? 1 : 0
  return kit
}

function copyProfile (from: Uint8Array, k: number, to: Uint8Array, row: number, L: number, kit: Uint8Array): void {
  for (let l = 0; l < L; l++) {
    const src = (k * L + l) * 2
    const dst = (row * L + l) * 2
    to[dst] = kit[l] ? from[src] : UNTYPED
    to[dst + 1] = kit[l] ? from[src + 1] : UNTYPED
  }
}
