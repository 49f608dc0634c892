import type { KinshipCase, LocusModel, LrOptions } from '../../src/core/pedigree/kinship-case.ts'
import type { PedigreePerson } from '../../src/core/pedigree/pedigree.ts'

/** A one-locus model with alleles "1".."n" and the given frequencies. */
export function toyLocus (frequencies: number[], name = 'L1', extra: Partial<LocusModel> = {}): LocusModel {
  return { name, alleles: frequencies.map((_, i) => String(i + 1)), frequencies, ...extra }
}

export const NO_MUTATION: LrOptions = { theta: 0, mutation: { model: 'none' }, unknownAllele: { rule: 'fixed', frequency: 0.001 } }

/** Pedigrees by name, MP always "MP". */
export const PEDIGREES: Record<string, PedigreePerson[]> = {
  duoFather: [
    { id: 'AF', sex: 'male' }, { id: 'M', sex: 'female' },
    { id: 'MP', sex: 'male', father: 'AF', mother: 'M' }
  ],
  trio: [
    { id: 'AF', sex: 'male' }, { id: 'AM', sex: 'female' },
    { id: 'MP', sex: 'female', father: 'AF', mother: 'AM' }
  ],
  fullSib: [
    { id: 'F', sex: 'male' }, { id: 'M', sex: 'female' },
    { id: 'S', sex: 'male', father: 'F', mother: 'M' },
    { id: 'MP', sex: 'male', father: 'F', mother: 'M' }
  ],
  twoSibs: [
    { id: 'F', sex: 'male' }, { id: 'M', sex: 'female' },
    { id: 'S1', sex: 'male', father: 'F', mother: 'M' },
    { id: 'S2', sex: 'female', father: 'F', mother: 'M' },
    { id: 'MP', sex: 'male', father: 'F', mother: 'M' }
  ],
  halfSib: [
    { id: 'F', sex: 'male' }, { id: 'M1', sex: 'female' }, { id: 'M2', sex: 'female' },
    { id: 'S', sex: 'male', father: 'F', mother: 'M1' },
    { id: 'MP', sex: 'male', father: 'F', mother: 'M2' }
  ],
  grandparent: [
    { id: 'S', sex: 'male' }, { id: 'GM', sex: 'female' }, { id: 'M', sex: 'female' },
    { id: 'F', sex: 'male', father: 'S', mother: 'GM' },
    { id: 'MP', sex: 'male', father: 'F', mother: 'M' }
  ],
  mpParent: [
    { id: 'MP', sex: 'male' }, { id: 'W', sex: 'female' },
    { id: 'C1', sex: 'female', father: 'MP', mother: 'W' },
    { id: 'C2', sex: 'male', father: 'MP', mother: 'W' }
  ],
  uncle: [
    { id: 'GF', sex: 'male' }, { id: 'GM', sex: 'female' }, { id: 'M', sex: 'female' },
    { id: 'S', sex: 'male', father: 'GF', mother: 'GM' },
    { id: 'F', sex: 'male', father: 'GF', mother: 'GM' },
    { id: 'MP', sex: 'male', father: 'F', mother: 'M' }
  ]
}

/** A case on a named pedigree with one-locus genotypes given as "a/b". */
export function oneLocusCase (pedigree: PedigreePerson[], genotypes: Record<string, string>, locus = 'L1'): KinshipCase {
  return {
    persons: pedigree,
    missingPerson: 'MP',
    genotypes: Object.fromEntries(Object.entries(genotypes).map(([id, g]) => {
      const [a, b] = g.split('/')
      return [id, { [locus]: [a, b] as const }]
    }))
  }
}
