import type { DviFamily, DviProblem, DviVictim } from '../../src/core/identification/dvi-problem.ts'
import type { Genotype } from '../../src/core/markers/profile.ts'
import type { LrOptions } from '../../src/core/pedigree/kinship-case.ts'

/** Four loci L1..L4, alleles 10..13 at 0.1, 0.1, 0.4, 0.4: a child 10/11 of parents 10/10 and 11/11 has LR 50 per locus. */
export const TOY_LOCI = [1, 2, 3, 4].map((k) => ({ name: `L${k}`, alleles: ['10', '11', '12', '13'], frequencies: [0.1, 0.1, 0.4, 0.4] }))

export const TOY_OPTIONS: LrOptions = { theta: 0, mutation: { model: 'none' }, unknownAllele: { rule: 'fixed', frequency: 0.001 } }

/** The same genotype at every toy locus. */
export function everyLocus (g: Genotype): Record<string, Genotype> {
  return Object.fromEntries(TOY_LOCI.map((l) => [l.name, g]))
}

/** Father 10/10 and mother 11/11 typed, children `slots` (female) missing. */
export function trioFamily (id: string, slots: string[]): DviFamily {
  return {
    id,
    persons: [
      { id: `${id}-F`, sex: 'male' }, { id: `${id}-M`, sex: 'female' },
      ...slots.map((s) => ({ id: s, sex: 'female' as const, father: `${id}-F`, mother: `${id}-M` }))
    ],
    missing: slots,
    genotypes: { [`${id}-F`]: everyLocus(['10', '10']), [`${id}-M`]: everyLocus(['11', '11']) }
  }
}

export function toyVictim (id: string, g: Genotype = ['10', '11']): DviVictim {
  return { id, sex: 'female', genotypes: everyLocus(g) }
}

export function toyProblem (families: DviFamily[], victims: DviVictim[], options: LrOptions = TOY_OPTIONS): DviProblem {
  return { families, victims, loci: TOY_LOCI, options }
}
