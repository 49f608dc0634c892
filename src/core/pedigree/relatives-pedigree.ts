import { fail } from '../errors.ts'
import type { PedigreePerson } from './pedigree.ts'
import type { Sex } from '../markers/profile.ts'

/** The relations a caseworker can name without drawing a pedigree, each relative to the missing person. */
export const RELATIONS = [
  'father', 'mother', 'full-sibling', 'paternal-half-sibling', 'maternal-half-sibling',
  'paternal-grandfather', 'paternal-grandmother', 'maternal-grandfather', 'maternal-grandmother',
  'paternal-uncle', 'paternal-aunt', 'maternal-uncle', 'maternal-aunt', 'child', 'spouse'
] as const

export type Relation = typeof RELATIONS[number]

/**
 * A relative of the missing person. `sex` is needed only where the relation does not imply it (siblings,
 * children, spouses). `of` is for a spouse: whose spouse, as 'missing-person' (default), 'father', 'mother'
 * or the id of the relative who is the father or mother.
 */
export interface Relative {
  id: string
  relation: Relation
  sex?: Sex
  of?: string
}

/** A pedigree person with the relation that produced it (untyped connecting persons say so). */
export type RelativePerson = PedigreePerson & { relation: string }

const IMPLIED_SEX: Partial<Record<Relation, Sex>> = {
  father: 'male',
  mother: 'female',
  'paternal-grandfather': 'male',
  'paternal-grandmother': 'female',
  'maternal-grandfather': 'male',
  'maternal-grandmother': 'female',
  'paternal-uncle': 'male',
  'paternal-aunt': 'female',
  'maternal-uncle': 'male',
  'maternal-aunt': 'female'
}

const SINGLE: readonly Relation[] = ['father', 'mother', 'paternal-grandfather', 'paternal-grandmother', 'maternal-grandfather', 'maternal-grandmother']

/**
 * Turns a list of relatives into a pedigree around the missing person, adding the untyped persons that
 * connect them (ids starting "untyped-"): the parents of the missing person, grandparents, the other
 * parent of half siblings or of children. Simplifications, stated: all paternal half siblings share one
 * other parent (the father's spouse, if given), likewise maternal ones and the missing person's children;
 * uncles and aunts are full siblings of the parent.
 *
 * @example relativesToPedigree({ id: 'MP', sex: 'male' }, [{ id: 'D', relation: 'father' }]).persons
 *   // D (male), untyped-mother (female), MP (male, father D, mother untyped-mother)
 */
export function relativesToPedigree (missing: { id: string, sex: Sex }, relatives: readonly Relative[]): { persons: RelativePerson[], missingPerson: string } {
  const ids = new Set<string>([missing.id])
  const seenSingle = new Set<Relation>()
  for (const r of relatives) {
    if (typeof r.id !== 'string' || r.id.trim() === '') fail('INVALID_PEDIGREE', 'a relative has an empty id', { person: String(r.id) })
    if (ids.has(r.id)) fail('INVALID_PEDIGREE', `relative ${r.id} is listed twice (or has the missing person's id)`, { person: r.id })
    if (r.id.startsWith('untyped-')) fail('INVALID_PEDIGREE', `relative id ${r.id}: ids starting "untyped-" are reserved for the connecting persons`, { person: r.id })
    if (!(RELATIONS as readonly string[]).includes(r.relation)) {
      fail('INVALID_PEDIGREE', `relative ${r.id} has relation ${JSON.stringify(r.relation)}; expected one of ${RELATIONS.join(', ')}`, { person: r.id, value: String(r.relation) })
    }
    if (SINGLE.includes(r.relation)) {
      if (seenSingle.has(r.relation)) fail('INVALID_PEDIGREE', `relative ${r.id}: there can be only one ${r.relation}`, { person: r.id, value: r.relation })
      seenSingle.add(r.relation)
    }
    const implied = IMPLIED_SEX[r.relation]
    if (implied !== undefined && r.sex !== undefined && r.sex !== implied) {
      fail('INVALID_PEDIGREE', `relative ${r.id} is the ${r.relation} but has sex ${r.sex}`, { person: r.id, value: r.sex })
    }
    ids.add(r.id)
  }

  const byRelation = (rel: Relation): Relative[] => relatives.filter((r) => r.relation === rel)
  const one = (rel: Relation): Relative | undefined => byRelation(rel)[0]
  const persons = new Map<string, RelativePerson>()
  const add = (p: RelativePerson): RelativePerson => { persons.set(p.id, p); return p }
  const sexOf = (r: Relative, fallback?: Sex): Sex => {
    const s = IMPLIED_SEX[r.relation] ?? r.sex ?? fallback
    if (s === undefined) fail('INVALID_PEDIGREE', `relative ${r.id} (${r.relation}) needs a sex`, { person: r.id })
    return s
  }

  const has = (...rels: Relation[]): boolean => relatives.some((r) => rels.includes(r.relation))
  const paternalLine = has('paternal-grandfather', 'paternal-grandmother', 'paternal-uncle', 'paternal-aunt')
  const maternalLine = has('maternal-grandfather', 'maternal-grandmother', 'maternal-uncle', 'maternal-aunt')
  const needParents = paternalLine || maternalLine || has('father', 'mother', 'full-sibling', 'paternal-half-sibling', 'maternal-half-sibling')

  // Spouses: whose partner each one is, by the role of that person.
  const spouseOf = new Map<'missing-person' | 'father' | 'mother', Relative>()
  for (const s of byRelation('spouse')) {
    const of = s.of ?? 'missing-person'
    const target = of === missing.id || of === 'missing-person'
      ? 'missing-person'
      : of === 'father' || one('father')?.id === of
        ? 'father'
        : of === 'mother' || one('mother')?.id === of ? 'mother' : undefined
    if (target === undefined) {
      fail('INVALID_PEDIGREE', `spouse ${s.id} of ${of}: only the spouse of the missing person, the father or the mother is supported`, { person: s.id, value: of })
    }
    if (spouseOf.has(target)) fail('INVALID_PEDIGREE', `spouse ${s.id}: the ${target} already has a spouse listed`, { person: s.id })
    spouseOf.set(target, s)
  }
  const partnerSex = (sex: Sex): Sex => (sex === 'male' ? 'female' : 'male')

  let fatherId: string | undefined
  let motherId: string | undefined
  if (needParents) {
    const f = one('father')
    const m = one('mother')
    fatherId = f?.id ?? 'untyped-father'
    motherId = m?.id ?? 'untyped-mother'
    const father = add({ id: fatherId, sex: 'male', relation: f === undefined ? 'father (untyped)' : 'father' })
    add({ id: motherId, sex: 'female', relation: m === undefined ? 'mother (untyped)' : 'mother' })
    if (paternalLine) {
      const gf = one('paternal-grandfather')
      const gm = one('paternal-grandmother')
      const gfId = add({ id: gf?.id ?? 'untyped-paternal-grandfather', sex: 'male', relation: gf === undefined ? 'paternal grandfather (untyped)' : 'paternal-grandfather' }).id
      const gmId = add({ id: gm?.id ?? 'untyped-paternal-grandmother', sex: 'female', relation: gm === undefined ? 'paternal grandmother (untyped)' : 'paternal-grandmother' }).id
      father.father = gfId
      father.mother = gmId
      for (const u of [...byRelation('paternal-uncle'), ...byRelation('paternal-aunt')]) add({ id: u.id, sex: sexOf(u), father: gfId, mother: gmId, relation: u.relation })
    }
    if (maternalLine) {
      const gf = one('maternal-grandfather')
      const gm = one('maternal-grandmother')
      const gfId = add({ id: gf?.id ?? 'untyped-maternal-grandfather', sex: 'male', relation: gf === undefined ? 'maternal grandfather (untyped)' : 'maternal-grandfather' }).id
      const gmId = add({ id: gm?.id ?? 'untyped-maternal-grandmother', sex: 'female', relation: gm === undefined ? 'maternal grandmother (untyped)' : 'maternal-grandmother' }).id
      const mother = persons.get(motherId)!
      mother.father = gfId
      mother.mother = gmId
      for (const u of [...byRelation('maternal-uncle'), ...byRelation('maternal-aunt')]) add({ id: u.id, sex: sexOf(u), father: gfId, mother: gmId, relation: u.relation })
    }
    for (const s of byRelation('full-sibling')) add({ id: s.id, sex: sexOf(s), father: fatherId, mother: motherId, relation: s.relation })
    const paternalHalf = byRelation('paternal-half-sibling')
    if (paternalHalf.length > 0) {
      const sp = spouseOf.get('father')
      const otherId = add({ id: sp?.id ?? 'untyped-father-partner', sex: 'female', relation: sp === undefined ? "father's partner (untyped)" : "father's spouse" }).id
      for (const s of paternalHalf) add({ id: s.id, sex: sexOf(s), father: fatherId, mother: otherId, relation: s.relation })
    }
    const maternalHalf = byRelation('maternal-half-sibling')
    if (maternalHalf.length > 0) {
      const sp = spouseOf.get('mother')
      const otherId = add({ id: sp?.id ?? 'untyped-mother-partner', sex: 'male', relation: sp === undefined ? "mother's partner (untyped)" : "mother's spouse" }).id
      for (const s of maternalHalf) add({ id: s.id, sex: sexOf(s), father: otherId, mother: motherId, relation: s.relation })
    }
  }
  add(needParents ? { id: missing.id, sex: missing.sex, father: fatherId, mother: motherId, relation: 'missing person' } : { id: missing.id, sex: missing.sex, relation: 'missing person' })

  const children = byRelation('child')
  const mpSpouse = spouseOf.get('missing-person')
  if (children.length > 0 || mpSpouse !== undefined) {
    const otherId = add({ id: mpSpouse?.id ?? 'untyped-partner', sex: partnerSex(missing.sex), relation: mpSpouse === undefined ? "missing person's partner (untyped)" : 'spouse' }).id
    if (mpSpouse?.sex !== undefined && mpSpouse.sex !== partnerSex(missing.sex)) {
      fail('INVALID_PEDIGREE', `spouse ${mpSpouse.id} has the missing person's sex; the pedigree needs them as the other parent of the children`, { person: mpSpouse.id })
    }
    for (const ch of children) {
      const [f, m] = missing.sex === 'male' ? [missing.id, otherId] : [otherId, missing.id]
      add({ id: ch.id, sex: sexOf(ch), father: f, mother: m, relation: ch.relation })
    }
  }
  for (const [role, s] of spouseOf) {
    if (!persons.has(s.id)) {
      const expected: Sex = role === 'father' ? 'female' : 'male'
      add({ id: s.id, sex: s.sex ?? expected, relation: `${role}'s spouse` })
    }
  }
  return { persons: [...persons.values()], missingPerson: missing.id }
}
