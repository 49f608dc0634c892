import type { KinshipCase } from '../pedigree/kinship-case.ts'
import type { PedigreePerson } from '../pedigree/pedigree.ts'
import type { Genotype, Profile, Sex } from '../markers/profile.ts'
import { UNTYPED, type Population } from './simulate-population.ts'

/**
 * Case c of a simulated population as the engine sees it: the shape's pedigree with the missing
 * person's sex, and the typed references' profiles. The MP is untyped (put a candidate in with
 * `withCandidate`).
 *
 * @example simulatedCase(pop, 0).missingPerson // 'MP'
 */
export function simulatedCase (pop: Population, c: number, names?: AlleleNames): KinshipCase {
  const shape = pop.shapes[pop.caseShape[c]]
  const mpSex: Sex = pop.caseMpSex[c] === 0 ? 'male' : 'female'
  const persons: PedigreePerson[] = shape.persons.map((p) => (p.id === 'MP' ? { ...p, sex: mpSex } : { ...p }))
  const genotypes: KinshipCase['genotypes'] = {}
  shape.typed.forEach((id, r) => { genotypes[id] = decodeProfile(pop, pop.refAlleles, pop.refOffset[c] + r, names) })
  return { persons, missingPerson: 'MP', genotypes }
}

/** Person p's profile: canonical locus → genotype of allele strings. */
export function simulatedProfile (pop: Population, p: number, names?: AlleleNames): Profile {
  return decodeProfile(pop, pop.personAlleles, p, names)
}

/** Person p's sex. */
export function simulatedSex (pop: Population, p: number): Sex {
  return pop.personSex[p] === 0 ? 'male' : 'female'
}

/** The case with `profile` in the missing person's slot. */
export function withCandidate (kcase: KinshipCase, profile: Profile): KinshipCase {
  return { ...kcase, genotypes: { ...kcase.genotypes, [kcase.missingPerson]: profile } }
}

/** Allele names by code per locus, when codes go beyond the locus models' lists (an AlleleDictionary's). */
export type AlleleNames = readonly (readonly string[])[]

function decodeProfile (pop: Population, alleles: Uint8Array, row: number, names?: AlleleNames): Profile {
  const L = pop.loci.length
  const profile: Record<string, Genotype> = {}
  for (let l = 0; l < L; l++) {
    const a = alleles[(row * L + l) * 2]
    if (a === UNTYPED) continue
    const list = names?.[l] ?? pop.loci[l].alleles
    profile[pop.loci[l].name] = [list[a], list[alleles[(row * L + l) * 2 + 1]]]
  }
  return profile
}
