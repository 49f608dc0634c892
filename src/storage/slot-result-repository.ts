import type { Database } from './database.ts'
import type { ResultStatus } from './result-repository.ts'

/** The LR of a person against one missing person (slot) of a case with several (migration 082). */
export interface SlotResult {
  slot: string
  status: ResultStatus
  log10Lr: number | null
  inconsistentLoci: number
  comparedLoci: number
}

/**
 * What a computed pair carries beside its result when the case has several slots: the slot the pair's
 * result is for (the best one) and the result against every slot. Absent: the case's one missing person.
 */
export interface SlotOutcome {
  slot?: string
  slotResults?: SlotResult[]
}

interface SlotRow { case_id: string, person_id: string, slot: string, status: ResultStatus, log10_lr: number | null, inconsistent_loci: number, compared_loci: number }

const toSlotResult = (r: SlotRow): SlotResult & { caseId: string, personId: string } => ({
  caseId: r.case_id,
  personId: r.person_id,
  slot: r.slot,
  status: r.status,
  log10Lr: r.log10_lr,
  inconsistentLoci: r.inconsistent_loci,
  comparedLoci: r.compared_loci
})

/**
 * The per-slot LRs of multi-slot cases. The pair's row in match_results holds the best slot's result (and
 * names the slot), so reviews, reports and alerts keep one row per (case, person); these rows rank each
 * slot on its own. Written in the caller's transaction with the pair's result (result-recorder.ts).
 */
export function createSlotResultRepository (db: Database) {
  const del = db.prepare('DELETE FROM match_slot_results WHERE case_id = ? AND person_id = ?')
  const insert = db.prepare(`INSERT INTO match_slot_results (case_id, person_id, slot, status, log10_lr, inconsistent_loci, compared_loci)
    VALUES (?, ?, ?, ?, ?, ?, ?)`)
  const setSlot = db.prepare('UPDATE match_results SET slot = ? WHERE case_id = ? AND person_id = ?')
  const slotOf = db.prepare(`SELECT coalesce(r.slot, c.missing_person) FROM match_results r JOIN cases c ON c.id = r.case_id
    WHERE r.case_id = ? AND r.person_id = ?`).pluck()
  const ofPair = db.prepare('SELECT * FROM match_slot_results WHERE case_id = ? AND person_id = ? ORDER BY slot')
  const ofCase = db.prepare('SELECT * FROM match_slot_results WHERE case_id = ? ORDER BY slot, log10_lr IS NULL, log10_lr DESC, person_id')
  const ranked = db.prepare(`SELECT * FROM match_slot_results WHERE case_id = @caseId AND slot = @slot
      AND ((status = 'scored' AND log10_lr >= @min) OR (status = 'excluded' AND @withExcluded = 1))
    ORDER BY log10_lr IS NULL, log10_lr DESC, person_id LIMIT @limit`)
  const countSlot = db.prepare('SELECT status, count(*) AS n FROM match_slot_results WHERE case_id = ? AND slot = ? GROUP BY status')

  return {
    /** Replaces a stored pair's slot rows (none for a one-slot case) and names the slot its result is for. */
    replace (caseId: string, personId: string, outcome: SlotOutcome): void {
      del.run(caseId, personId)
      for (const s of outcome.slotResults ?? []) insert.run(caseId, personId, s.slot, s.status, s.log10Lr, s.inconsistentLoci, s.comparedLoci)
      setSlot.run(outcome.slot ?? null, caseId, personId)
    },
    /** The slot a stored pair's result is for: the best-fitting one, or the case's missing person. */
    slotOf: (caseId: string, personId: string): string | undefined => (slotOf.get(caseId, personId) as string | null | undefined) ?? undefined,
    /** A pair's LR against every slot of its case (empty for a one-slot case). */
    forPair: (caseId: string, personId: string): SlotResult[] => (ofPair.all(caseId, personId) as SlotRow[]).map(toSlotResult),
    /** Every stored pair of a multi-slot case against every slot, slot by slot, best first. */
    forCase: (caseId: string): Array<SlotResult & { caseId: string, personId: string }> => (ofCase.all(caseId) as SlotRow[]).map(toSlotResult),
    /** One slot's pairs with log10 LR ≥ min, best first; with min −∞ also its exclusions. */
    rankedForSlot: (caseId: string, slot: string, limit: number, min = -Infinity): Array<SlotResult & { caseId: string, personId: string }> =>
      (ranked.all({ caseId, slot, limit, min, withExcluded: min === -Infinity ? 1 : 0 }) as SlotRow[]).map(toSlotResult),
    statusCountsForSlot (caseId: string, slot: string): Record<ResultStatus, number> {
      const counts: Record<ResultStatus, number> = { scored: 0, excluded: 0, 'sex-mismatch': 0, error: 0 }
      for (const r of countSlot.all(caseId, slot) as Array<{ status: ResultStatus, n: number }>) counts[r.status] = r.n
      return counts
    }
  }
}

export type SlotResultRepository = ReturnType<typeof createSlotResultRepository>
