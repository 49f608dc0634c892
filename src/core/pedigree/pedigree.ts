import { fail } from '../errors.ts'
import type { Sex } from '../markers/profile.ts'

/** A person of a family pedigree: both parents or none (a founder). */
export interface PedigreePerson {
  id: string
  sex: Sex
  father?: string
  mother?: string
}

/** A family pedigree with one slot for the missing person (MP). */
export interface Pedigree {
  persons: readonly PedigreePerson[]
  missingPerson: string
}

/** The largest pedigree accepted: deeper or wider families are refused rather than risk runaway work. */
export const MAX_PEDIGREE_SIZE = 200

/**
 * Checks a pedigree and returns its persons ordered parents before children.
 * Refuses: duplicate or empty ids, unknown parents, one parent given, a father who is not male or a
 * mother who is not female, a person who is their own ancestor (a cycle), and a missing person not listed.
 *
 * @example validatePedigree({ persons: [{ id: 'F', sex: 'male' }, { id: 'M', sex: 'female' },
 *   { id: 'MP', sex: 'male', father: 'F', mother: 'M' }], missingPerson: 'MP' }) // [F, M, MP]
 */
export function validatePedigree (pedigree: Pedigree): PedigreePerson[] {
  const { persons, missingPerson } = pedigree
  if (persons.length === 0) fail('INVALID_PEDIGREE', 'the pedigree has no persons')
  if (persons.length > MAX_PEDIGREE_SIZE) {
    fail('INVALID_PEDIGREE', `the pedigree has ${persons.length} persons; at most ${MAX_PEDIGREE_SIZE} are accepted`, { value: String(persons.length) })
  }
  const byId = new Map<string, PedigreePerson>()
  for (const p of persons) {
    if (typeof p.id !== 'string' || p.id.trim() === '') fail('INVALID_PEDIGREE', 'a person has an empty id', { person: String(p.id) })
    if (byId.has(p.id)) fail('INVALID_PEDIGREE', `person ${p.id} is listed twice`, { person: p.id })
    if (p.sex !== 'male' && p.sex !== 'female') {
      fail('INVALID_PEDIGREE', `person ${p.id} has sex ${JSON.stringify(p.sex)}; expected "male" or "female"`, { person: p.id, value: String(p.sex) })
    }
    byId.set(p.id, p)
  }
  for (const p of persons) {
    const hasFather = p.father !== undefined && p.father !== null
    const hasMother = p.mother !== undefined && p.mother !== null
    if (hasFather !== hasMother) {
      fail('INVALID_PEDIGREE', `person ${p.id} has only one parent given; give both (an untyped parent may be listed) or none`, { person: p.id })
    }
    if (!hasFather) continue
    const father = byId.get(p.father!)
    const mother = byId.get(p.mother!)
    if (father === undefined) fail('INVALID_PEDIGREE', `person ${p.id} has father ${p.father}, who is not in the pedigree`, { person: p.id, value: p.father })
    if (mother === undefined) fail('INVALID_PEDIGREE', `person ${p.id} has mother ${p.mother}, who is not in the pedigree`, { person: p.id, value: p.mother })
    if (father.sex !== 'male') fail('INVALID_PEDIGREE', `person ${p.id} has father ${father.id}, who is ${father.sex}`, { person: p.id, value: father.id })
    if (mother.sex !== 'female') fail('INVALID_PEDIGREE', `person ${p.id} has mother ${mother.id}, who is ${mother.sex}`, { person: p.id, value: mother.id })
  }
  if (!byId.has(missingPerson)) fail('INVALID_PEDIGREE', `the missing person ${missingPerson} is not in the pedigree`, { person: String(missingPerson) })
  return orderParentsFirst(persons, byId)
}

function orderParentsFirst (persons: readonly PedigreePerson[], byId: Map<string, PedigreePerson>): PedigreePerson[] {
  const state = new Map<string, 'visiting' | 'done'>()
  const ordered: PedigreePerson[] = []
  // Iterative depth-first search, so a deep pedigree cannot overflow the stack.
  for (const start of persons) {
    if (state.get(start.id) === 'done') continue
    const stack: Array<{ person: PedigreePerson, expanded: boolean }> = [{ person: start, expanded: false }]
    while (stack.length > 0) {
      const top = stack[stack.length - 1]
      if (!top.expanded && state.get(top.person.id) === 'done') {
        stack.pop() // reached again through another line of descent
        continue
      }
      if (top.expanded) {
        stack.pop()
        if (state.get(top.person.id) !== 'done') {
          state.set(top.person.id, 'done')
          ordered.push(top.person)
        }
        continue
      }
      top.expanded = true
      state.set(top.person.id, 'visiting')
      for (const parentId of [top.person.father, top.person.mother]) {
        if (parentId === undefined) continue
        const s = state.get(parentId)
        if (s === 'visiting') fail('INVALID_PEDIGREE', `person ${parentId} is their own ancestor (a cycle through ${top.person.id})`, { person: parentId })
        if (s !== 'done') stack.push({ person: byId.get(parentId)!, expanded: false })
      }
    }
  }
  return ordered
}

/** True for a person with no parents in the pedigree. */
export function isFounder (p: PedigreePerson): boolean {
  return p.father === undefined
}
