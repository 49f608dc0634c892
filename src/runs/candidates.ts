import { decide, expectedChanceMatches, GB_T_37223, isUndisputed, log10PosteriorOdds, posterior, type Decision, type DecisionRule } from '../core/decision.ts'
import type { MatchResult, ResultRepository } from '../storage/result-repository.ts'
import type { ReviewDecision, ReviewRepository } from '../storage/review-repository.ts'

/** One entry of a ranked candidate list. */
export interface Candidate {
  rank: number
  caseId: string
  personId: string
  log10Lr: number | null
  status: 'scored' | 'excluded'
  inconsistentLoci: number
  comparedLoci: number
  decision: Decision
  decisionRule: DecisionRule
  decisionReason: string
  posterior: number
  log10PosteriorOdds: number | null
  undisputed: boolean
  review: ReviewDecision | null
  modelVersion: string
  frequencyTable: { id: string, version: string }
  computedAt: string
}

/** A ranked list with what a reader needs to weigh it: prior, threshold, database size, expected chance candidates. */
export interface CandidateList {
  candidates: Candidate[]
  prior: { value: number, basis: string }
  threshold: { log10Lr: number }
  /** Entries of the other side compared (sex mismatches and refused pairs not counted). */
  searched: number
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
  /** Open cases now: the prior that a person is a given case's missing person is 1/that. */
  openCases: number
  log10Threshold: number
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
export function candidateList (side: 'case' | 'person', id: string, ctx: CandidateContext, limit: number): CandidateList {
  const { results, reviews, log10Threshold } = ctx
  const rows = side === 'case' ? results.rankedForCase(id, limit) : results.rankedForPerson(id, limit)
  const counts = side === 'case' ? results.statusCountsForCase(id) : results.statusCountsForPerson(id)
  const prior = searchPrior(ctx.openCases)
  const thresholds = { ...GB_T_37223, log10Support: log10Threshold }
  const candidates = rows.map((r: MatchResult, i): Candidate => {
    const d = decide({ log10Lr: r.log10Lr, inconsistentLoci: r.inconsistentLoci }, thresholds)
    // dvir: undisputed against every other LR for the same person and for the same case.
    const competitors = [results.bestOtherCaseFor(r.personId, r.caseId), results.bestOtherPersonFor(r.caseId, r.personId)]
    return {
      rank: i + 1,
      caseId: r.caseId,
      personId: r.personId,
      log10Lr: r.log10Lr,
      status: r.status as 'scored' | 'excluded',
      inconsistentLoci: r.inconsistentLoci,
      comparedLoci: r.comparedLoci,
      decision: d.decision,
      decisionRule: d.rule,
      decisionReason: d.reason,
      posterior: posterior(r.log10Lr, prior.value),
      log10PosteriorOdds: log10PosteriorOdds(r.log10Lr, prior.value),
      undisputed: d.decision === 'supported' && isUndisputed(r.log10Lr, competitors, log10Threshold),
      review: reviews.latest(r.caseId, r.personId)?.decision ?? null,
      modelVersion: r.modelVersion,
      frequencyTable: { id: r.frequencyTableId, version: r.frequencyTableVersion },
      computedAt: r.computedAt
    }
  })
  const searched = counts.scored + counts.excluded
  return {
    candidates,
    prior,
    threshold: { log10Lr: log10Threshold },
    searched,
    expectedChanceCandidates: expectedChanceMatches(searched, 10 ** log10Threshold),
    aboveThreshold: side === 'case' ? results.countAboveForCase(id, log10Threshold - 1e-9) : results.countAboveForPerson(id, log10Threshold - 1e-9),
    notCandidates: { sexMismatch: counts['sex-mismatch'], errors: counts.error },
    standard: 'GB/T 37223-2018 (LR ≥ threshold supports, 3+ inconsistent loci exclude); undisputed per dvir (≥ threshold × every competitor)'
  }
}
