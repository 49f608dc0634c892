import type { Database } from '../storage/database.ts'
import { createAlertRepository } from '../storage/alert-repository.ts'
import { createResultRepository, type MatchResult } from '../storage/result-repository.ts'
import { alertKind } from './alert-rule.ts'
import { createSlotResultRepository, type SlotOutcome } from '../storage/slot-result-repository.ts'

export type ResultSource = { kind: 'search' } | { kind: 'rerun', rerunId: number }

/**
 * The one place results are stored by searches and reruns: it saves the result and, in the caller's
 * transaction, raises the alert the change calls for (alert-rule.ts), so an alert exists exactly when
 * its result does.
 */
export function createResultRecorder (db: Database, levels: { log10Floor: number, log10Threshold: number }) {
  const results = createResultRepository(db)
  const alerts = createAlertRepository(db)
  const slotResults = createSlotResultRepository(db)
  const scoredLog10 = (r: Pick<MatchResult, 'status' | 'log10Lr'> | undefined): number | null =>
    r?.status === 'scored' ? r.log10Lr : null
  return {
    save (result: Omit<MatchResult, 'computedAt'> & SlotOutcome, source: ResultSource): void {
      const previous = scoredLog10(results.get(result.caseId, result.personId))
      results.save(result)
      slotResults.replace(result.caseId, result.personId, result)
      const now = scoredLog10(result)
      const kind = alertKind(previous, now, levels.log10Floor, levels.log10Threshold)
      if (kind === null || now === null) return
      alerts.add({
        caseId: result.caseId,
        personId: result.personId,
        kind,
        log10Lr: now,
        previousLog10Lr: previous,
        source: source.kind,
        ...(source.kind === 'rerun' ? { rerunId: source.rerunId } : {})
      })
    }
  }
}

export type ResultRecorder = ReturnType<typeof createResultRecorder>
