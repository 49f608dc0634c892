import type { KinshipCase } from '../pedigree/kinship-case.ts'
import type { PedigreePerson } from '../pedigree/pedigree.ts'
import type { NextRelation } from './family-power-types.ts'

/** Every relation nextRelatives considers, in the order it reports ties. */
export const NEXT_RELATIONS: readonly NextRelation[] = [
  'father', 'mother', 'full-sibling', 'paternal-grandfather', 'paternal-grandmother', 'maternal-grandfather',
  'maternal-grandmother', 'paternal-uncle', 'maternal-uncle', 'paternal-half-sibling', 'maternal-half-sibling', 'child'
]

export const RELATION_LABELS: Record<NextRelation, string> = {
  father: 'father',
  mother: 'mother',
  'full-sibling': 'full sibling',
  'paternal-grandfather': 'paternal grandfather',
  'paternal-grandmother': 'paternal grandmother',
  'maternal-grandfather': 'maternal grandfather',
  'maternal-grandmother': 'maternal grandmother',
  'paternal-uncle': 'paternal uncle or aunt',
  'maternal-uncle': 'maternal uncle or aunt',
  'paternal-half-sibling': 'paternal half sibling',
  'maternal-half-sibling': 'maternal half sibling',
  child: 'child of the missing person'
}

/**
 * The family's pedigree with one more relative of the missing person, untyped, and that relative's id; null when
 * the relative is already typed (a parent or grandparent is one person; siblings, uncles and children can always
 * be one more). Connecting persons are added untyped where the pedigree lacks them (the missing person's parents,
 * a parent's parents, a half sibling's or child's other parent), with ids starting "next-".
 *
 * @example addRelative({ persons: [{ id: 'MP', sex: 'male' }], missingPerson: 'MP', genotypes: {} }, 'father')
 *   // persons MP (parents next-father, next-mother), next-father, next-mother; relative 'next-father'
 */
export function addRelative (kcase: KinshipCase, relation: NextRelation): { kcase: KinshipCase, relative: string } | null {
  const persons = new Map<string, PedigreePerson>(kcase.persons.map((p) => [p.id, { ...p }]))
  const typed = (id: string | undefined): boolean => id !== undefined && Object.keys(kcase.genotypes[id] ?? {}).length > 0
  const fresh = (base: string): string => {
    let id = `next-${base}`
    for (let k = 2; persons.has(id); k++) id = `next-${base}-${k}`
    return id
  }
  const add = (p: PedigreePerson): string => { persons.set(p.id, p); return p.id }
  const parentsOf = (id: string): [string, string] => {
    const p = persons.get(id)!
    if (p.father === undefined || p.mother === undefined) {
      p.father = add({ id: fresh(`${id}-father`), sex: 'male' })
      p.mother = add({ id: fresh(`${id}-mother`), sex: 'female' })
    }
    return [p.father, p.mother]
  }
  const mp = kcase.missingPerson
  const done = (relative: string): { kcase: KinshipCase, relative: string } => ({ kcase: { ...kcase, persons: [...persons.values()] }, relative })
  const child = (base: string, father: string, mother: string): string => add({ id: fresh(base), sex: 'female', father, mother })
  const [father, mother] = parentsOf(mp)
  switch (relation) {
    case 'father': return typed(father) ? null : done(father)
    case 'mother': return typed(mother) ? null : done(mother)
    case 'full-sibling': return done(child('sibling', father, mother))
    case 'paternal-grandfather': case 'paternal-grandmother': case 'maternal-grandfather': case 'maternal-grandmother': {
      const [gf, gm] = parentsOf(relation.startsWith('paternal') ? father : mother)
      const id = relation.endsWith('father') ? gf : gm
      return typed(id) ? null : done(id)
    }
    case 'paternal-uncle': case 'maternal-uncle': {
      const [gf, gm] = parentsOf(relation === 'paternal-uncle' ? father : mother)
      return done(child(`${relation === 'paternal-uncle' ? 'paternal' : 'maternal'}-uncle`, gf, gm))
    }
    case 'paternal-half-sibling': return done(child('paternal-half-sibling', father, add({ id: fresh('father-partner'), sex: 'female' })))
    case 'maternal-half-sibling': return done(child('maternal-half-sibling', add({ id: fresh('mother-partner'), sex: 'male' }), mother))
    case 'child': {
      const sex = persons.get(mp)!.sex
      const partner = add({ id: fresh('partner'), sex: sex === 'male' ? 'female' : 'male' })
      return done(sex === 'male' ? child('child', mp, partner) : child('child', partner, mp))
    }
  }
}
