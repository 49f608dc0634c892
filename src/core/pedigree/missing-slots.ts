import { fail } from '../errors.ts'
import type { Sex } from '../markers/profile.ts'
import type { PedigreePerson } from './pedigree.ts'

/**
 * One missing person of a family: `slot` is the id of the pedigree person who is missing (MP1, MP2, ...
 * as the caseworker named them), with that person's sex. A family with two siblings abducted together
 * has two slots, two children of the same parents in one pedigree.
 */
export interface MissingSlot {
  slot: string
  sex: Sex
}

/** The most missing persons one family case may declare (dvir's joint table grows as persons^slots). */
export const MAX_MISSING_SLOTS = 10

/**
 * The slots of a case: its declared missing persons, or the one missing person of a single-slot case.
 * The first slot is always `missingPerson` (what every single-pair computation places the tested person in).
 *
 * @example missingSlotsOf({ missingPerson: 'MP', missingPersonSex: 'male' }) // [{ slot: 'MP', sex: 'male' }]
 */
export function missingSlotsOf (c: { missingPerson: string, missingPersonSex: Sex, missingPersons?: readonly MissingSlot[] }): MissingSlot[] {
  return c.missingPersons !== undefined && c.missingPersons.length > 0
    ? c.missingPersons.map((s) => ({ slot: s.slot, sex: s.sex }))
    : [{ slot: c.missingPerson, sex: c.missingPersonSex }]
}

/**
 * Checks declared slots against a pedigree: at least one and at most MAX_MISSING_SLOTS, ids unique, each a
 * person of the pedigree, of the sex declared. Errors name the field (`missingPersons[1].slot`) and the slot.
 *
 * @example validateMissingSlots('C1', persons, [{ slot: 'MP1', sex: 'male' }, { slot: 'MP1', sex: 'female' }])
 *   // throws INVALID_CASE "case C1: missingPersons[1].slot MP1 is given twice"
 */
export function validateMissingSlots (caseId: string, persons: readonly PedigreePerson[], slots: readonly MissingSlot[]): void {
  if (slots.length === 0) fail('INVALID_CASE', `case ${caseId}: missingPersons is empty; give at least one missing person`, { field: 'missingPersons' })
  if (slots.length > MAX_MISSING_SLOTS) {
    fail('INVALID_CASE', `case ${caseId}: ${slots.length} missing persons; at most ${MAX_MISSING_SLOTS} are accepted`, { field: 'missingPersons', value: String(slots.length) })
  }
  const byId = new Map(persons.map((p) => [p.id, p]))
  const seen = new Set<string>()
  slots.forEach((s, i) => {
    const field = `missingPersons[${i}]`
    if (typeof s.slot !== 'string' || s.slot.trim() === '') fail('INVALID_CASE', `case ${caseId}: ${field}.slot is empty`, { field: `${field}.slot` })
    if (seen.has(s.slot)) fail('INVALID_CASE', `case ${caseId}: ${field}.slot ${s.slot} is given twice; each missing person needs its own slot`, { field: `${field}.slot`, person: s.slot, value: s.slot })
    seen.add(s.slot)
    if (s.sex !== 'male' && s.sex !== 'female') {
      fail('INVALID_CASE', `case ${caseId}: ${field}.sex of ${s.slot} is ${JSON.stringify(s.sex)}; expected "male" or "female"`, { field: `${field}.sex`, person: s.slot, value: String(s.sex) })
    }
    const p = byId.get(s.slot)
    if (p === undefined) fail('INVALID_CASE', `case ${caseId}: ${field}.slot ${s.slot} is not a person of the pedigree; place every missing person in it`, { field: `${field}.slot`, person: s.slot, value: s.slot })
    if (p.sex !== s.sex) fail('INVALID_CASE', `case ${caseId}: ${field}.sex of ${s.slot} is ${s.sex} but the pedigree has ${s.slot} as ${p.sex}`, { field: `${field}.sex`, person: s.slot, value: s.sex })
  })
}

/**
 * True when a slot's pairwise LR is the first slot's for every person: the two are full siblings of the same
 * sex with no children in the pedigree, so swapping them maps the pedigree and its typed references onto
 * themselves (slots are never typed). Such a slot needs no screen of its own: whoever may reach the floor in
 * it is passed by the first slot's screen.
 *
 * @example // F, M; MP1 and MP2 both male children of F and M: sharesFirstSlotScreen(c, { slot: 'MP2', sex: 'male' }) // true
 */
export function sharesFirstSlotScreen (c: { persons: readonly PedigreePerson[], missingPerson: string }, s: MissingSlot): boolean {
  const byId = new Map(c.persons.map((p) => [p.id, p]))
  const first = byId.get(c.missingPerson)
  const other = byId.get(s.slot)
  if (first === undefined || other === undefined) return false
  if (s.slot === first.id) return true
  const isParent = (id: string): boolean => c.persons.some((p) => p.father === id || p.mother === id)
  return first.sex === other.sex && first.father !== undefined && first.father === other.father && first.mother === other.mother &&
    !isParent(first.id) && !isParent(other.id)
}
