import { decide, expectedChanceMatches, GB_T_37223, isUndisputed, log10PosteriorOdds, posterior, type Decision, type DecisionRule } from '../core/lr/decision.ts'
import type { MatchResult, ResultRepository } from '../storage/result-repository.ts'
import type { PairReviewState, ReviewRepository } from '../storage/review-repository.ts'
import { resultStaleness, type CurrentModel } from './stale-results.ts'
import type { PairLineage } from './lineage-evidence.ts'
import type { SlotResultRepository } from '../storage/slot-result-repository.ts'

/** One entry of a ranked candidate list. */
export interface Candidate {
  rank: number
  caseId: string
  personId: string
  /** The missing person of the case the LR is for: the slot of a per-slot list, else the slot where the person fits best. */
  slot: string
  log10Lr: number | null
  /** Autosomal × lineage (issue 14), the figure the list is ranked by; the autosomal one when no lineage system was evaluated. */
  combinedLog10Lr: number | null
  /** The Y-STR and mtDNA figures, each apart (null: neither evaluated). The decision stays the autosomal one, as GB/T 37223 defines it. */
  lineage: PairLineage | null
  status: 'scored' | 'excluded'
  inconsistentLoci: number
  comparedLoci: number
  decision: Decision
  decisionRule: DecisionRule
  decisionReason: string
  posterior: number
  log10PosteriorOdds: number | null
  undisputed: boolean
  /** The pair's standing review decision (four eyes: a first confirmation awaits a second). */
  review: PairReviewState | null
  modelVersion: string
  frequencyTable: { id: string, version: string }
  computedAt: string
  /** Computed under another model or table version than the current one: shown marked until a rerun replaces it. */
  stale: boolean
  staleReason: string | null
}

/** A ranked list with what a reader needs to weigh it: prior, threshold, database size, expected chance candidates. */
export interface CandidateList {
  candidates: Candidate[]
  prior: { value: number, basis: string }
  threshold: { log10Lr: number }
  /**
   * The candidate floor: every entry with LR at or above it is listed (null: every compared entry is,
   * exclusions included). Entries below it were screened out or scored below it, and are not listed.
   */
  floor: { log10Lr: number | null }
  /** Open entries of the other side compared: those of the missing person's sex, screened or scored. */
  searched: number
  /** Of those, how many the exact engine scored (the rest were proven below the floor by the screen). */
  scored: number
  /** Entries at or above the threshold (over the whole list, whatever the page size). */
  aboveThreshold: number
  /** Upper bound N/t on unrelated entries expected at or above the threshold (E[LR | unrelated] = 1). */
  expectedChanceCandidates: number
  notCandidates: { sexMismatch: number, errors: number }
  standard: string
}

export interface CandidateContext {
  results: ResultRepository
  reviews: ReviewRepository
  slotResults: SlotResultRepository
  /** Open cases now: the prior that a person is a given case's missing person is 1/that. */
  openCases: number
  log10Threshold: number
  /** log10 of the candidate floor; −∞ when every pair is scored and listed. */
  log10Floor: number
  /** Open entries of the other side a case's / a person's search compares (same sex). */
  comparedForCase: (caseId: string) => number
  comparedForPerson: (personId: string) => number
  /** Open entries of the other side of the other sex (never compared). */
  otherSexForCase: (caseId: string) => number
  otherSexForPerson: (personId: string) => number
  /** The model each table's results must have been computed under to be current. */
  currentModel: CurrentModel
}

/**
 * The prior used for every posterior of a database search: 1/(number of open cases), as DOMAIN.md §5
 * suggests. With fewer than two open cases it is 1/2: a prior of 1 would assert the match before looking.
 */
export function searchPrior (openCases: number): { value: number, basis: string } {
  if (openCases < 2) return { value: 0.5, basis: `1/2: fewer than two open cases (${openCases}); even odds rather than a certainty` }
  return { value: 1 / openCases, basis: `1/${openCases}: one over the number of open cases in the database` }
}

/** The ranked candidates of a case (side 'case') or of a person (side 'person'), best first. */
export function candidateList (side: 'case' | 'person', id: string, ctx: CandidateContext, limit: number, slot?: string): CandidateList {
  const { results, reviews, log10Threshold, log10Floor } = ctx
  const min = log10Floor - 1e-9 // a sum of per-locus log10 LRs carries ~1e-15 of rounding; −∞ stays −∞
  // One slot of a multi-slot case (callers pass a slot only for those): its own ranking, each pair's figures against that slot.
  const perSlot = side === 'case' && slot !== undefined
  const rows = perSlot ? slotRows(ctx, id, slot!, limit, min) : side === 'case' ? results.rankedForCase(id, limit, min) : results.rankedForPerson(id, limit, min)
  const counts = perSlot ? ctx.slotResults.statusCountsForSlot(id, slot!) : side === 'case' ? results.statusCountsForCase(id) : results.statusCountsForPerson(id)
  const prior = searchPrior(ctx.openCases)
  const thresholds = { ...GB_T_37223, log10Support: log10Threshold }
  // A competitor with no stored result was screened out, so its LR is below the floor: the floor is its
  // ceiling, and counts as a competitor wherever the search compared more entries than it stored.
  const unstoredCeiling = (stored: Record<string, number>, compared: number): Array<number | null> =>
    Number.isFinite(log10Floor) && compared > stored.scored + stored.excluded + stored['sex-mismatch'] + stored.error ? [log10Floor] : []
  const candidates = rows.map((r: MatchResult, i): Candidate => {
    const d = decide({ log10Lr: r.log10Lr, inconsistentLoci: r.inconsistentLoci }, thresholds)
    // dvir: undisputed against every other LR for the same person and for the same case.
    const competitors = [
      results.bestOtherCaseFor(r.personId, r.caseId),
      results.bestOtherPersonFor(r.caseId, r.personId),
      ...unstoredCeiling(results.statusCountsForPerson(r.personId), ctx.comparedForPerson(r.personId)),
      ...unstoredCeiling(results.statusCountsForCase(r.caseId), ctx.comparedForCase(r.caseId))
    ]
    return {
      rank: i + 1,
      caseId: r.caseId,
      personId: r.personId,
      slot: perSlot ? slot! : ctx.slotResults.slotOf(r.caseId, r.personId) ?? '',
      log10Lr: r.log10Lr,
      combinedLog10Lr: r.lineage === undefined ? r.log10Lr : r.combinedLog10Lr ?? null,
      lineage: r.lineage ?? null,
      status: r.status as 'scored' | 'excluded',
      inconsistentLoci: r.inconsistentLoci,
      comparedLoci: r.comparedLoci,
      decision: d.decision,
      decisionRule: d.rule,
      decisionReason: d.reason,
      posterior: posterior(r.log10Lr, prior.value),
      log10PosteriorOdds: log10PosteriorOdds(r.log10Lr, prior.value),
      undisputed: d.decision === 'supported' && isUndisputed(r.log10Lr, competitors, log10Threshold),
      review: reviews.state(r.caseId, r.personId).state,
      modelVersion: r.modelVersion,
      frequencyTable: { id: r.frequencyTableId, version: r.frequencyTableVersion },
      computedAt: r.computedAt,
      ...resultStaleness(r, ctx.currentModel)
    }
  })
  const searched = side === 'case' ? ctx.comparedForCase(id) : ctx.comparedForPerson(id)
  return {
    candidates,
    prior,
    threshold: { log10Lr: log10Threshold },
    floor: { log10Lr: Number.isFinite(log10Floor) ? log10Floor : null },
    searched,
    scored: counts.scored + counts.excluded,
    expectedChanceCandidates: expectedChanceMatches(searched, 10 ** log10Threshold),
    aboveThreshold: side === 'case' ? results.countAboveForCase(id, log10Threshold - 1e-9) : results.countAboveForPerson(id, log10Threshold - 1e-9),
    // Recorded sex differs (never compared), or the amelogenin call contradicts the recorded sex.
    notCandidates: { sexMismatch: (side === 'case' ? ctx.otherSexForCase(id) : ctx.otherSexForPerson(id)) + counts['sex-mismatch'], errors: counts.error },
    standard: 'GB/T 37223-2018 (LR ≥ threshold supports, 3+ inconsistent loci exclude); undisputed per dvir (≥ threshold × every competitor)'
  }
}

/** A slot's ranked pairs as results: each stored pair's result with the figures against that slot. */
function slotRows (ctx: CandidateContext, caseId: string, slot: string, limit: number, min: number): MatchResult[] {
  return ctx.slotResults.rankedForSlot(caseId, slot, limit, min).flatMap((s) => {
    const r = ctx.results.get(s.caseId, s.personId)
    return r === undefined ? [] : [{ ...r, status: s.status, log10Lr: s.log10Lr, inconsistentLoci: s.inconsistentLoci, comparedLoci: s.comparedLoci }]
  })
}
