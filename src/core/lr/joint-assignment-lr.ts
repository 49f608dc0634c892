import { fail } from '../errors.ts'
import { lnLocusLikelihood, locusJointTable, type LocusParameters, type LocusPerson } from '../likelihood/locus-likelihood.ts'
import { lumpUnseenAlleles } from '../markers/allele-lumping.ts'
import type { Genotype } from '../markers/profile.ts'
import { prepareLocus, preparePedigree, withoutMutation, type PreparedLocus, type PreparedPedigree } from '../pedigree/case-locus.ts'
import type { LocusModel, LrOptions } from '../pedigree/kinship-case.ts'
import type { PedigreePerson } from '../pedigree/pedigree.ts'

/** The loci of a many-to-many problem, prepared once (tables already complete: see completeLoci). */
export interface JointLoci {
  names: string[]
  prepared: PreparedLocus[]
  /** The same parameters with every mutation matrix the identity (exclusions count loci impossible without mutation). */
  plain: LocusParameters[]
  theta: number
}

/** A family with several slots, ready for the likelihood of any placement of victims in its slots. */
export interface FamilyModel {
  pedigree: PreparedPedigree
  slots: ReadonlySet<string>
  genotypes: Record<string, Record<string, Genotype>>
  /** ln P(references) per locus, with mutation: the "nobody placed" likelihood. */
  lnBase: number[]
}

/** slot id → the profile of the victim placed in it. */
export type Placement = ReadonlyMap<string, Record<string, Genotype>>

/** Prepares every locus once for the whole problem. */
export function prepareJointLoci (loci: readonly LocusModel[], options: LrOptions): JointLoci {
  const prepared = loci.map((l) => prepareLocus(l, { persons: [], missingPerson: '', genotypes: {} }, options))
  return { names: loci.map((l) => l.name), prepared, plain: prepared.map((p) => withoutMutation(p.params)), theta: options.theta }
}

/**
 * Checks a family's pedigree and computes its references' likelihood at every locus. A family whose
 * references are impossible at a locus (with the mutation model) is refused, naming it and the locus.
 */
export function prepareFamilyModel (family: { id: string, persons: PedigreePerson[], missing: string[], genotypes: Record<string, Record<string, Genotype>> }, loci: JointLoci): FamilyModel {
  const pedigree = preparePedigree({ persons: family.persons, missingPerson: family.missing[0] })
  const model: FamilyModel = { pedigree, slots: new Set(family.missing), genotypes: family.genotypes, lnBase: [] }
  model.lnBase = loci.prepared.map((locus, li) => {
    const ln = lnOf(locusPersons(model, locus, loci.names[li], new Map(), false), locus.params, locus.mutationFree)
    if (ln === -Infinity) {
      fail('INVALID_CASE', `family ${family.id}: the references' genotypes at locus ${loci.names[li]} are impossible in its pedigree; check the pedigree or use a mutation model`, { family: family.id, locus: loci.names[li] })
    }
    return ln
  })
  return model
}

/**
 * ln of the joint LR of a placement: P(references, each placed victim typed in its slot) over P(references,
 * the placed victims unrelated to the family), summed over loci, exactly on the pedigree (mutation on every
 * transmission, θ over every founder allele). Two brothers placed together are one likelihood, not the
 * product of their pairwise LRs. With one victim placed this is the single-pair LR of kinshipLr (H2 there
 * also makes the tested person a founder beside the family). The empty placement gives 0.
 *
 * @example // father 12/12 typed, one victim 12/12 in the child's slot, p(12) = 0.05, no mutation: ln 20
 */
export function lnPlacementLr (model: FamilyModel, placement: Placement, loci: JointLoci): number {
  let total = 0
  for (let li = 0; li < loci.prepared.length; li++) {
    const locus = loci.prepared[li]
    const typed = placementAt(placement, locus, loci.names[li])
    // No placed victim typed here: numerator and denominator are both the references' likelihood.
    if (typed.size === 0) continue
    const joint = lnOf(locusPersons(model, locus, loci.names[li], typed, false), locus.params, locus.mutationFree)
    if (joint === -Infinity) return -Infinity
    total += joint - lnApart(model, li, loci, typed)
  }
  return total
}

/** The number of loci at which the placement is impossible without mutation (dvir's exclusion count, forrel's findExclusions). */
export function incompatibleLoci (model: FamilyModel, placement: Placement, loci: JointLoci): number {
  let count = 0
  for (let li = 0; li < loci.prepared.length; li++) {
    const locus = loci.prepared[li]
    const persons = locusPersons(model, locus, loci.names[li], placementAt(placement, locus, loci.names[li]), false)
    if (lnOf(persons, loci.plain[li], true) === -Infinity) count++
  }
  return count
}

/**
 * One slot's genotype distribution given the references and the victims already placed, per locus: the
 * ordered-allele table P(slot = (a, b) | data) (null where the data are impossible). One elimination per
 * family, slot and locus serves every victim, so a pairwise LR costs a lookup instead of a pedigree. Only at
 * θ = 0, where "the victim unrelated" is its Hardy–Weinberg probability beside the family (under θ > 0 the
 * victim's alleles join the founders' draw and the pair is computed whole, lnPlacementLr).
 */
export function slotGenotypeTables (model: FamilyModel, slot: string, placement: Placement, loci: JointLoci, withMutation: boolean): Array<Float64Array | null> {
  if (loci.theta !== 0) fail('TOO_COMPLEX', 'slot genotype tables are for θ = 0; compute each pair with lnPlacementLr')
  const q = model.pedigree.index.get(slot)!
  return loci.prepared.map((locus, li) => {
    const persons = locusPersons(model, locus, loci.names[li], placementAt(placement, locus, loci.names[li]), false)
    persons[q] = { ...persons[q], genotype: null }
    const { lnScale, table } = locusJointTable(persons, withMutation ? locus.params : loci.plain[li], q)
    if (lnScale === -Infinity) return null
    let sum = 0
    for (const x of table) sum += x
    if (!(sum > 0)) return null
    const out = new Float64Array(table.length)
    for (let i = 0; i < table.length; i++) out[i] = table[i] / sum
    return out
  })
}

/**
 * ln LR of a victim in the slot from its tables (θ = 0): Σ over loci of ln P(slot = g | data) − ln P(g), with
 * P(g) = p² or 2pq; an untyped locus adds 0, an impossible one gives −Infinity.
 *
 * @example // a child's table P(10/11 | parents 10/10, 11/11) = 1, p(10) = p(11) = 0.1: ln 50 per locus
 */
export function lnLrFromTables (tables: ReadonlyArray<Float64Array | null>, profile: Record<string, Genotype>, loci: JointLoci): number {
  let total = 0
  for (let li = 0; li < tables.length; li++) {
    const g = indices(profile, loci, li)
    if (g === null) continue
    const t = tables[li]
    const { n, freqs } = loci.prepared[li].params
    const [a, b] = g
    const p = t === null ? 0 : a === b ? t[a * n + a] : t[a * n + b] + t[b * n + a]
    if (!(p > 0)) return -Infinity
    total += Math.log(p) - Math.log(a === b ? freqs[a] * freqs[a] : 2 * freqs[a] * freqs[b])
  }
  return total
}

/** Loci where a victim in the slot is impossible without mutation, from the slot's mutation-free tables. */
export function incompatibleFromTables (plainTables: ReadonlyArray<Float64Array | null>, profile: Record<string, Genotype>, loci: JointLoci): number {
  let count = 0
  for (let li = 0; li < plainTables.length; li++) {
    const t = plainTables[li]
    if (t === null) { count++; continue }
    const g = indices(profile, loci, li)
    if (g === null) continue
    const n = loci.prepared[li].params.n
    const [a, b] = g
    if (!((a === b ? t[a * n + a] : t[a * n + b] + t[b * n + a]) > 0)) count++
  }
  return count
}

function indices (profile: Record<string, Genotype>, loci: JointLoci, li: number): [number, number] | null {
  const g = profile[loci.names[li]]
  if (g === undefined) return null
  const index = loci.prepared[li].alleleIndex
  const a = index.get(g[0])
  const b = index.get(g[1])
  if (a === undefined || b === undefined) fail('INVALID_CASE', `allele ${a === undefined ? g[0] : g[1]} at locus ${loci.names[li]} is not in the locus table; complete the tables first`, { locus: loci.names[li] })
  return [a, b]
}

/** ln P(references, victims apart). At θ = 0 the victims are independent of the family: the cached base plus each victim's own probability. */
function lnApart (model: FamilyModel, li: number, loci: JointLoci, typed: Map<string, readonly [number, number]>): number {
  const locus = loci.prepared[li]
  if (loci.theta !== 0) return lnOf(locusPersons(model, locus, loci.names[li], typed, true), locus.params, locus.mutationFree)
  let ln = model.lnBase[li]
  for (const g of typed.values()) ln += lnOf([{ father: -1, mother: -1, genotype: g }], locus.params, true)
  return ln
}

function lnOf (persons: LocusPerson[], params: LocusParameters, mutationFree: boolean): number {
  if (!mutationFree) return lnLocusLikelihood(persons, params)
  const lumped = lumpUnseenAlleles([persons], params)
  return lnLocusLikelihood(lumped.hypotheses[0], lumped.params)
}

/** The placed victims typed at this locus, as allele indices of the prepared table. */
function placementAt (placement: Placement, locus: PreparedLocus, name: string): Map<string, readonly [number, number]> {
  const out = new Map<string, readonly [number, number]>()
  for (const [slot, profile] of placement) {
    const g = profile[name]
    if (g === undefined) continue
    const a = locus.alleleIndex.get(g[0])
    const b = locus.alleleIndex.get(g[1])
    if (a === undefined || b === undefined) fail('INVALID_CASE', `an allele of the victim placed in ${slot} at locus ${name} is not in the locus table; complete the tables first`, { person: slot, locus: name })
    out.set(slot, [a, b])
  }
  return out
}

/**
 * The locus persons: references typed, each placed slot typed with its victim (`apart`: the slots untyped and
 * the victims appended as founders), every other slot untyped.
 */
function locusPersons (model: FamilyModel, locus: PreparedLocus, name: string, typed: Map<string, readonly [number, number]>, apart: boolean): LocusPerson[] {
  const { persons, index } = model.pedigree
  const out: LocusPerson[] = persons.map((p) => {
    let genotype: readonly [number, number] | null = null
    if (model.slots.has(p.id)) genotype = apart ? null : typed.get(p.id) ?? null
    else {
      const g = model.genotypes[p.id]?.[name]
      if (g !== undefined) genotype = [locus.alleleIndex.get(g[0])!, locus.alleleIndex.get(g[1])!]
    }
    return { father: p.father === undefined ? -1 : index.get(p.father)!, mother: p.mother === undefined ? -1 : index.get(p.mother)!, genotype }
  })
  if (apart) for (const g of typed.values()) out.push({ father: -1, mother: -1, genotype: g })
  return out
}
