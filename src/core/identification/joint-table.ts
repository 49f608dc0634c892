import { lnFamilyLr, familyPart, type DviContext } from './dvi-context.ts'

/** One row of a family's joint table: each victim's slot (null for "*", not in the family) and the joint ln LR. */
export interface JointRow {
  slots: Array<string | null>
  lnLr: number
}

/** A family's joint table (dvir's dviJoint), best first; null when it has more rows than allowed. */
export interface JointTable {
  victims: string[]
  rows: JointRow[]
}

/**
 * Every assignment of the given victims to the family's open slots (each victim in one of its pairings or
 * nowhere, no slot twice), with its joint ln LR computed exactly on the pedigree given the victims already
 * identified in the family, sorted as dvir sorts: by likelihood, then by each victim's slot (nobody last).
 * Returns null when there are more than `maxAssign` assignments (dvir refuses the family then).
 *
 * @example // fire: 3 victims, 3 sibling slots: 34 assignments, the best {V1: M1, V2: M2, V3: M3} and its swap V2↔V3 tied
 */
export function jointTable (
  ctx: DviContext, familyId: string, victims: readonly string[], pairings: ReadonlyMap<string, readonly string[]>,
  identified: ReadonlyMap<string, string>, maxAssign: number
): JointTable | null {
  const options = victims.map((v) => pairings.get(v) ?? [])
  if (countAssignments(options, maxAssign) > maxAssign) return null
  const base = familyPart(ctx, familyId, identified)
  const rows: JointRow[] = []
  const current: Array<string | null> = victims.map(() => null)
  const used = new Set<string>()
  const visit = (k: number): void => {
    if (k === victims.length) {
      const assignment = new Map(base)
      current.forEach((slot, i) => { if (slot !== null) assignment.set(slot, victims[i]) })
      rows.push({ slots: [...current], lnLr: lnFamilyLr(ctx, familyId, assignment) })
      return
    }
    current[k] = null
    visit(k + 1)
    for (const slot of options[k]) {
      if (used.has(slot)) continue
      used.add(slot)
      current[k] = slot
      visit(k + 1)
      used.delete(slot)
    }
    current[k] = null
  }
  visit(0)
  rows.sort(compareRows)
  return { victims: [...victims], rows }
}

/** dvir's order(-loglik, assignments with "*" as NA): ties broken victim by victim, a slot before nobody. */
function compareRows (a: JointRow, b: JointRow): number {
  if (a.lnLr !== b.lnLr) return b.lnLr - a.lnLr
  for (let i = 0; i < a.slots.length; i++) {
    const x = a.slots[i]
    const y = b.slots[i]
    if (x === y) continue
    if (x === null) return 1
    if (y === null) return -1
    return x < y ? -1 : 1
  }
  return 0
}

/** The number of assignments, counted up to cap + 1. */
export function countAssignments (options: ReadonlyArray<readonly string[]>, cap: number): number {
  let count = 0
  const used = new Set<string>()
  const visit = (k: number): void => {
    if (count > cap) return
    if (k === options.length) { count++; return }
    visit(k + 1)
    for (const slot of options[k]) {
      if (used.has(slot)) continue
      used.add(slot)
      visit(k + 1)
      used.delete(slot)
    }
  }
  visit(0)
  return count
}
