import { fail } from '../core/errors.ts'
import { decide, GB_T_37223 } from '../core/lr/decision.ts'
import type { CaseRepository, RecordStatus } from '../storage/case-repository.ts'
import type { Database } from '../storage/database.ts'
import type { PersonRepository } from '../storage/person-repository.ts'
import type { ResultRepository } from '../storage/result-repository.ts'
import type { PairReview, Review, ReviewRepository } from '../storage/review-repository.ts'
import type { MatchService } from './match-service.ts'

export type ReviewAction = 'confirm' | 'reject' | 'reopen'

export interface ReviewRequest {
  caseId: string
  personId: string
  action: ReviewAction
  /** Why: required for every decision. */
  note: string
  /** The caseworker's account name: the four-eyes rule compares them. */
  reviewer: string
  /** Set to confirm a pair the standard does not support (below the match threshold, or excluded). */
  overrideReason?: string
  /** The caller's audit entry, written inside the decision's transaction (so both or neither commit). */
  record?: (review: Review) => void
}

export interface ReviewDeps {
  db: Database
  cases: CaseRepository
  persons: PersonRepository
  results: ResultRepository
  reviews: ReviewRepository
  match: MatchService
  log10Threshold: number
}

export interface ReviewOutcome {
  review: Review
  case: { id: string, status: RecordStatus }
  person: { id: string, status: RecordStatus }
  pair: PairReview & { message: string }
}

/**
 * A caseworker's decision on a candidate pair, under the four-eyes rule: a first confirmation is
 * recorded and leaves the case and the person open; a second one by another caseworker closes both (one
 * child fills one missing slot). A pair the standard does not support (decision not 'supported' at the
 * match threshold, an exclusion included) is confirmed only with an override reason, by each of the two.
 * A rejection withdraws a waiting confirmation. A reopening clears a confirmed or rejected pair and
 * reopens its case and person unless another confirmed pair holds them; reopened records are searched
 * again, since they missed whatever arrived while they were closed.
 */
export async function reviewPair (deps: ReviewDeps, req: ReviewRequest): Promise<ReviewOutcome> {
  const out = decideInTransaction(deps, req)
  if (out.review.decision === 'confirmed' && out.case.status === 'closed') {
    deps.match.screen.drop('case', req.caseId)
    deps.match.screen.drop('person', req.personId)
  }
  if (out.review.decision === 'reopened') {
    if (out.case.status === 'open') await deps.match.searchCase(req.caseId)
    if (out.person.status === 'open') await deps.match.searchPerson(req.personId)
  }
  return out
}

function decideInTransaction (deps: ReviewDeps, req: ReviewRequest): ReviewOutcome {
  const { cases, persons, reviews } = deps
  const { caseId, personId, reviewer } = req
  return deps.db.transaction((): ReviewOutcome => {
    const c = cases.get(caseId) ?? fail('NOT_FOUND', `no case ${caseId}`, { value: caseId })
    const p = persons.get(personId) ?? fail('NOT_FOUND', `no person ${personId}`, { sample: personId })
    const r = deps.results.get(caseId, personId) ?? fail('NOT_FOUND', `case ${caseId} and person ${personId} have not been compared`, { value: `${caseId}/${personId}` })
    const pair = `case ${caseId} / person ${personId}`
    const before = reviews.state(caseId, personId)
    const lr = decide({ log10Lr: r.log10Lr, inconsistentLoci: r.inconsistentLoci }, { ...GB_T_37223, log10Support: deps.log10Threshold })
    const base = { caseId, personId, note: req.note, reviewer, log10Lr: r.log10Lr, lrDecision: lr.decision }
    let review: Review
    let message: string
    if (req.action === 'confirm') {
      if (r.status !== 'scored' && r.status !== 'excluded') fail('CONFLICT', `${pair} cannot be confirmed: the comparison is ${r.status}`, { sample: personId, value: r.status })
      if (before.state === 'confirmed') fail('CONFLICT', `${pair} is already confirmed`, { value: `${caseId}/${personId}` })
      if (c.status === 'closed') fail('CONFLICT', `case ${caseId} is already closed`, { value: caseId })
      if (p.status === 'closed') fail('CONFLICT', `person ${personId} is already closed (confirmed for another case)`, { sample: personId })
      if (lr.decision !== 'supported' && req.overrideReason === undefined) {
        fail('CONFLICT', `${pair}: ${lr.reason}; the standard does not support this pair, so confirming it needs "override": true with an "overrideReason"`, { value: lr.decision })
      }
      if (lr.decision === 'supported' && req.overrideReason !== undefined) {
        fail('BAD_REQUEST', `${pair}: ${lr.reason}; the standard supports this pair, so there is nothing to override`, { field: 'override' })
      }
      const override = req.overrideReason === undefined ? {} : { overrideReason: req.overrideReason }
      if (before.state === 'awaiting-second-confirmation') {
        const first = before.firstConfirmedBy
        if (first === reviewer) fail('CONFLICT', `${pair} was confirmed by ${reviewer}, who cannot give the second confirmation: another caseworker must confirm`, { value: reviewer })
        cases.setStatus(caseId, 'closed')
        persons.setStatus(personId, 'closed')
        review = reviews.add({ ...base, decision: 'confirmed', confirmation: 'second', ...override })
        message = `confirmed by ${first ?? 'an earlier caseworker'} and ${reviewer}: case ${caseId} and person ${personId} are closed`
      } else {
        review = reviews.add({ ...base, decision: 'confirmed', confirmation: 'first', ...override })
        message = `confirmed by ${reviewer}, awaiting a second confirmation by another caseworker; case ${caseId} and person ${personId} stay open`
      }
    } else if (req.action === 'reject') {
      if (before.state === 'confirmed') fail('CONFLICT', `${pair} is confirmed: reopen it (with a reason) before rejecting it`, { value: `${caseId}/${personId}` })
      review = reviews.add({ ...base, decision: 'rejected' })
      message = before.state === 'awaiting-second-confirmation'
        ? `rejected by ${reviewer}: the confirmation by ${before.firstConfirmedBy ?? 'an earlier caseworker'} no longer stands`
        : `rejected by ${reviewer}`
    } else {
      if (before.state !== 'confirmed' && before.state !== 'rejected') {
        fail('CONFLICT', `${pair} is neither confirmed nor rejected (${before.state ?? 'not reviewed'}): there is nothing to reopen`, { value: `${caseId}/${personId}` })
      }
      review = reviews.add({ ...base, decision: 'reopened' })
      // Only this pair's confirmation closed them, unless another confirmed pair still holds them.
      const caseHeld = reviews.confirmedElsewhere('case', caseId, personId)
      const personHeld = reviews.confirmedElsewhere('person', personId, caseId)
      if (c.status === 'closed' && !caseHeld) cases.setStatus(caseId, 'open')
      if (p.status === 'closed' && !personHeld) persons.setStatus(personId, 'open')
      message = `reopened by ${reviewer}` +
        (caseHeld ? `; case ${caseId} stays closed (another confirmed pair holds it)` : '') +
        (personHeld ? `; person ${personId} stays closed (another confirmed pair holds it)` : '')
    }
    req.record?.(review)
    return {
      review,
      case: { id: caseId, status: cases.get(caseId)!.status },
      person: { id: personId, status: persons.get(personId)!.status },
      pair: { ...reviews.state(caseId, personId), message }
    }
  }).immediate()
}
