import { adjustLocus, type AdjustedLocus } from '../markers/frequency-table.ts'
import type { KinshipCase, LocusModel, LrOptions } from './kinship-case.ts'
import type { LocusParameters, LocusPerson } from '../likelihood/locus-likelihood.ts'
import { isIdentity, mutationMatrix } from '../mutation/mutation-matrix.ts'
import { modelForSex } from '../mutation/mutation-spec.ts'
import { validatePedigree, type PedigreePerson } from './pedigree.ts'

/** The id given to the tested person under H2, where they are a founder apart from the family. */
export const TESTED_PERSON_ID = '\u0000tested'

/** A case's pedigree checked once and indexed, shared by every locus. */
export interface PreparedPedigree {
  /** Parents-first order. */
  persons: PedigreePerson[]
  index: Map<string, number>
  missing: number
}

/** Validates the pedigree and orders it parents first. */
export function preparePedigree (kcase: Pick<KinshipCase, 'persons' | 'missingPerson'>): PreparedPedigree {
  const persons = validatePedigree(kcase)
  const index = new Map(persons.map((p, i) => [p.id, i]))
  return { persons, index, missing: index.get(kcase.missingPerson)! }
}

/** One locus of one case: the adjusted table and the likelihood parameters. */
export interface PreparedLocus {
  adjusted: AdjustedLocus
  params: LocusParameters
  alleleIndex: Map<string, number>
  /** True when neither sex can mutate here, so every positive likelihood is a consistent one. */
  mutationFree: boolean
}

/**
 * Adds the unknown alleles seen in the case (and `extraAlleles`) to the locus table and builds the mutation
 * matrices over the full allele list, for fathers and for mothers.
 */
export function prepareLocus (locus: LocusModel, kcase: KinshipCase, options: LrOptions, extraAlleles: readonly string[] = []): PreparedLocus {
  const seen: string[] = []
  for (const id of Object.keys(kcase.genotypes)) {
    const g = kcase.genotypes[id][locus.name]
    if (g !== undefined) seen.push(g[0], g[1])
  }
  seen.push(...extraAlleles)
  const adjusted = adjustLocus(locus.name, locus, seen, options.unknownAllele)
  const spec = locus.mutation ?? options.mutation
  const male = mutationMatrix(modelForSex(spec, 'male'), adjusted.alleles, adjusted.frequencies, locus.name)
  const female = mutationMatrix(modelForSex(spec, 'female'), adjusted.alleles, adjusted.frequencies, locus.name)
  return {
    adjusted,
    params: { n: adjusted.alleles.length, freqs: adjusted.frequencies, male, female, theta: options.theta },
    alleleIndex: new Map(adjusted.alleles.map((a, i) => [a, i])),
    mutationFree: isIdentity(male, adjusted.alleles.length) && isIdentity(female, adjusted.alleles.length)
  }
}

/** The same, with the identity in place of every mutation matrix (to tell consistent from inconsistent loci). */
export function withoutMutation (params: LocusParameters): LocusParameters {
  const identity = new Float64Array(params.n * params.n)
  for (let i = 0; i < params.n; i++) identity[i * params.n + i] = 1
  return { ...params, male: identity, female: identity }
}

/**
 * The locus persons of H1 (the tested person in the missing person's slot) or H2 (the slot untyped, the
 * tested person a founder apart, appended last). `testedGenotype` overrides the case's genotype of MP.
 */
export function locusPersons (
  pedigree: PreparedPedigree, kcase: KinshipCase, locus: PreparedLocus, locusName: string,
  hypothesis: 'H1' | 'H2', testedGenotype: readonly [number, number] | null | undefined = undefined
): LocusPerson[] {
  const genotypeOf = (id: string): readonly [number, number] | null => {
    const g = kcase.genotypes[id]?.[locusName]
    return g === undefined ? null : [locus.alleleIndex.get(g[0])!, locus.alleleIndex.get(g[1])!]
  }
  const tested = testedGenotype !== undefined ? testedGenotype : genotypeOf(kcase.missingPerson)
  const persons: LocusPerson[] = pedigree.persons.map((p, i) => ({
    father: p.father === undefined ? -1 : pedigree.index.get(p.father)!,
    mother: p.mother === undefined ? -1 : pedigree.index.get(p.mother)!,
    genotype: i === pedigree.missing ? (hypothesis === 'H1' ? tested : null) : genotypeOf(p.id)
  }))
  if (hypothesis === 'H2') persons.push({ father: -1, mother: -1, genotype: tested })
  return persons
}

/** True when some person other than the missing person is typed at the locus. */
export function anyReferenceTyped (kcase: KinshipCase, locusName: string): boolean {
  return Object.keys(kcase.genotypes).some((id) => id !== kcase.missingPerson && kcase.genotypes[id][locusName] !== undefined)
}
