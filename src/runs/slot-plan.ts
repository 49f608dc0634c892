import type { MatchOutcome } from '../core/lr/match-job.ts'
import { missingSlotsOf, sharesFirstSlotScreen, type MissingSlot } from '../core/pedigree/missing-slots.ts'
import type { CaseRecord } from '../storage/case-repository.ts'
import type { PersonRecord } from '../storage/person-repository.ts'
import type { SlotOutcome, SlotResult } from '../storage/slot-result-repository.ts'
import type { MatchModel } from './match-model.ts'
import { planPair, type PairPlan } from './match-plan.ts'

/** The case as seen from one of its slots: that slot is the missing person the tested person is placed in. */
export function caseAtSlot (c: CaseRecord, s: MissingSlot): CaseRecord {
  return { ...c, missingPerson: s.slot, missingPersonSex: s.sex }
}

/**
 * The plans of one pair, one per slot of the case (a one-slot case: the one plan it always had). A person
 * is compared with every slot of their sex; against the others the plan says sex-mismatch.
 */
export function slotPlans (c: CaseRecord, p: PersonRecord, model: MatchModel): Array<{ slot: string, plan: PairPlan }> {
  if (c.missingPersons === undefined) return [{ slot: c.missingPerson, plan: planPair(c, p, model) }]
  return missingSlotsOf(c).map((s) => ({ slot: s.slot, plan: planPair(caseAtSlot(c, s), p, model) }))
}

const rankOf = (o: MatchOutcome): number => (!o.ok ? 0 : o.result.log10Lr === null ? 1 : 2)

/**
 * The pair's result from its slots' outcomes: the best slot's (highest LR; an exclusion before an error;
 * ties to the earlier slot), with every slot's figures beside it. Slots of the other sex are listed as
 * sex-mismatch, so each slot's list counts them as the one-slot list does.
 */
export function mergeSlotOutcomes (outcomes: ReadonlyArray<{ slot: string, outcome: MatchOutcome }>, mismatched: readonly string[]): { outcome: MatchOutcome } & Required<SlotOutcome> {
  let best = outcomes[0]
  for (const o of outcomes.slice(1)) {
    const [a, b] = [rankOf(o.outcome), rankOf(best.outcome)]
    if (a > b || (a === 2 && b === 2 && o.outcome.ok && best.outcome.ok && o.outcome.result.log10Lr! > best.outcome.result.log10Lr!)) best = o
  }
  const slotResults: SlotResult[] = outcomes.map(({ slot, outcome }) => outcome.ok
    ? { slot, status: outcome.result.log10Lr === null ? 'excluded' : 'scored', log10Lr: outcome.result.log10Lr, inconsistentLoci: outcome.result.inconsistentLoci, comparedLoci: outcome.result.comparedLoci }
    : { slot, status: 'error', log10Lr: null, inconsistentLoci: 0, comparedLoci: 0 })
  for (const slot of mismatched) slotResults.push({ slot, status: 'sex-mismatch', log10Lr: null, inconsistentLoci: 0, comparedLoci: 0 })
  return { outcome: best.outcome, slot: best.slot, slotResults }
}

/** The slots of a case the first slot's screen does not cover: each is scored against every open person of its sex. */
export function unscreenedSlots (c: CaseRecord): MissingSlot[] {
  return missingSlotsOf(c).slice(1).filter((s) => !sharesFirstSlotScreen(c, s))
}
