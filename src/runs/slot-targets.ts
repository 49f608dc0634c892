import type { CaseRecord } from '../storage/case-repository.ts'
import type { Database } from '../storage/database.ts'
import type { PersonRecord } from '../storage/person-repository.ts'
import { unscreenedSlots } from './slot-plan.ts'

/**
 * The pairs the candidate screen does not cover: the screen holds one table per case, built for its first
 * slot, so a slot that is not the first one's mirror image (sharesFirstSlotScreen) is scored by the exact
 * engine against every open person of its sex, and kept when it reaches the floor. Exact, never screened
 * out; its cost is linear in the persons per such slot (a screening table per slot is the way to scale it).
 */
export function createSlotTargets (db: Database) {
  const personsOfSex = db.prepare("SELECT id FROM unidentified_persons WHERE status = 'open' AND sex = ? ORDER BY id").pluck()
  const casesWithSlotOfSex = db.prepare(`SELECT DISTINCT m.case_id FROM case_missing_persons m JOIN cases c ON c.id = m.case_id
    WHERE m.sex = ? AND m.screened_by_first = 0 AND m.position > 0 AND c.status = 'open' ORDER BY m.case_id`).pluck()
  return {
    /** Open persons a case's unscreened slots must be compared with, beyond those its screen passed. */
    personsForCase (c: CaseRecord, screened: readonly string[]): string[] {
      const seen = new Set(screened)
      const out: string[] = []
      for (const sex of new Set(unscreenedSlots(c).map((s) => s.sex))) {
        for (const id of personsOfSex.all(sex) as string[]) if (!seen.has(id)) { seen.add(id); out.push(id) }
      }
      return out
    },
    /** Open cases with an unscreened slot of the person's sex, beyond those the screen passed. */
    casesForPerson (p: PersonRecord, screened: readonly string[]): string[] {
      const seen = new Set(screened)
      return (casesWithSlotOfSex.all(p.sex) as string[]).filter((id) => !seen.has(id))
    }
  }
}
