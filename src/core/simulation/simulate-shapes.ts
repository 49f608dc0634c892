import type { PedigreePerson } from '../pedigree/pedigree.ts'

/**
 * A family shape for simulation: the pedigree, with the missing person 'MP', and which persons are
 * typed references. The mixture follows what national databases hold: about 35% trios, 30% one
 * parent, 15% siblings only and 20% grandparents, uncles/aunts, half siblings and larger pedigrees.
 */
export interface FamilyShape {
  name: string
  /** Share of cases with this shape; the weights of FAMILY_SHAPES sum to 1. */
  weight: number
  /** Persons parents-first; the MP's sex is drawn per case and overrides the one written here. */
  persons: readonly PedigreePerson[]
  typed: readonly string[]
}

const F = { id: 'F', sex: 'male' } as const
const M = { id: 'M', sex: 'female' } as const
const MP = { id: 'MP', sex: 'male', father: 'F', mother: 'M' } as const
const GF = { id: 'GF', sex: 'male' } as const
const GM = { id: 'GM', sex: 'female' } as const
const FP = { id: 'F', sex: 'male', father: 'GF', mother: 'GM' } as const

export const FAMILY_SHAPES: readonly FamilyShape[] = [
  { name: 'trio', weight: 0.35, persons: [F, M, MP], typed: ['F', 'M'] },
  { name: 'father', weight: 0.15, persons: [F, M, MP], typed: ['F'] },
  { name: 'mother', weight: 0.15, persons: [F, M, MP], typed: ['M'] },
  { name: 'sibling', weight: 0.08, persons: [F, M, { id: 'S1', sex: 'female', father: 'F', mother: 'M' }, MP], typed: ['S1'] },
  {
    name: 'two-siblings',
    weight: 0.07,
    persons: [F, M, { id: 'S1', sex: 'female', father: 'F', mother: 'M' }, { id: 'S2', sex: 'male', father: 'F', mother: 'M' }, MP],
    typed: ['S1', 'S2']
  },
  { name: 'paternal-grandparents', weight: 0.05, persons: [GF, GM, FP, M, MP], typed: ['GF', 'GM'] },
  {
    name: 'uncle',
    weight: 0.04,
    persons: [GF, GM, FP, { id: 'U', sex: 'male', father: 'GF', mother: 'GM' }, M, MP],
    typed: ['U']
  },
  {
    name: 'half-sibling',
    weight: 0.04,
    persons: [F, M, { id: 'M2', sex: 'female' }, { id: 'HS', sex: 'male', father: 'F', mother: 'M2' }, MP],
    typed: ['HS']
  },
  { name: 'parents-sibling', weight: 0.04, persons: [F, M, { id: 'S1', sex: 'male', father: 'F', mother: 'M' }, MP], typed: ['F', 'M', 'S1'] },
  {
    name: 'mother-maternal-grandparents',
    weight: 0.03,
    persons: [GF, GM, F, { id: 'M', sex: 'female', father: 'GF', mother: 'GM' }, MP],
    typed: ['M', 'GF', 'GM']
  }
]

/**
 * The shape index for a uniform draw u in [0, 1), by the cumulative weights.
 *
 * @example FAMILY_SHAPES[pickShape(0.1)].name // 'trio'
 */
export function pickShape (u: number, shapes: readonly FamilyShape[] = FAMILY_SHAPES): number {
  let acc = 0
  for (let s = 0; s < shapes.length; s++) {
    acc += shapes[s].weight
    if (u < acc) return s
  }
  return shapes.length - 1
}
