import { fail } from '../core/errors.ts'
import type { KinshipLrResult } from '../core/pedigree/kinship-case.ts'
import type { MatchReportInput, ReportReview, ReportSlot } from '../report/match-report-types.ts'
import type { CaseRecord, CaseRepository } from '../storage/case-repository.ts'
import type { SlotResult, SlotResultRepository } from '../storage/slot-result-repository.ts'
import { missingSlotsOf } from '../core/pedigree/missing-slots.ts'
import type { FrequencyTableRepository } from '../storage/frequency-table-repository.ts'
import type { PersonRepository } from '../storage/person-repository.ts'
import type { MatchResult, ResultRepository } from '../storage/result-repository.ts'
import { searchPrior } from './candidates.ts'
import type { MatchRunner } from './match-runner.ts'
import type { MatchService } from './match-service.ts'
import { planPair } from './match-plan.ts'
import { currentModelOf, resultStaleness } from './stale-results.ts'
import type { FamilyPowerService } from './family-power-service.ts'
import { reportFamilyPower } from './family-power-view.ts'

export interface ReportDeps {
  cases: CaseRepository
  persons: PersonRepository
  results: ResultRepository
  tables: FrequencyTableRepository
  match: MatchService
  runner: MatchRunner
  log10Threshold: number
  /** The per-slot LRs of a family with several missing persons (migration 082). */
  slotResults?: Pick<SlotResultRepository, 'slotOf' | 'forPair'>
  /** Family power (issue 12): every report carries the case's, computed now if it is missing or stale. */
  power?: Pick<FamilyPowerService, 'ensure'>
}

/** The stored per-locus rows as the engine's result (LR 0 where log10 is null). */
function storedResult (r: MatchResult): KinshipLrResult {
  return {
    log10Lr: r.log10Lr,
    perLocus: r.perLocus.map((l) => ({ ...l, lr: l.log10Lr === null ? 0 : 10 ** l.log10Lr })),
    inconsistentLoci: r.inconsistentLoci,
    comparedLoci: r.comparedLoci
  }
}

/**
 * Gathers everything a match report is built from: the stored result of the pair (so the report shows
 * what the candidate list showed), the case, the person, the table and model versions, prior and
 * search size. A sex-mismatched pair has no stored LR: it is computed here so that the report can show
 * the genetics beside the statement that the person is not a candidate.
 */
export async function assembleReportInput (deps: ReportDeps, caseId: string, personId: string): Promise<MatchReportInput> {
  const c = deps.cases.get(caseId) ?? fail('NOT_FOUND', `no case ${caseId}`, { value: caseId })
  const p = deps.persons.get(personId) ?? fail('NOT_FOUND', `no person ${personId}`, { sample: personId, value: personId })
  // A pair the screen left out (its LR is below the candidate floor) is scored on request and stored, so
  // the report of any pair rests on an exact, stored LR like every other.
  if (deps.results.get(caseId, personId) === undefined) deps.match.storeFresh(await deps.match.compute([{ c, p }]))
  const r = deps.results.get(caseId, personId) ?? fail('NOT_FOUND', `case ${caseId} and person ${personId} changed while they were compared; ask again`, { value: `${caseId}/${personId}` })
  if (r.status === 'error') fail('INVALID_CASE', `case ${caseId} and person ${personId} could not be compared: ${r.error ?? 'unknown error'}`, { sample: personId })
  let result: KinshipLrResult
  if (r.status === 'sex-mismatch') {
    const plan = planPair(c, p, deps.match.modelFor(c.frequencyTableId), { ignoreSex: true })
    if (plan.kind !== 'job') throw new Error('unreachable: planPair ignored sex')
    const [outcome] = await deps.runner.run([plan.job])
    if (!outcome.ok) fail('INVALID_CASE', `case ${caseId} and person ${personId} could not be compared: ${outcome.error.message}`, { sample: personId })
    result = outcome.result
  } else {
    result = storedResult(r)
  }
  const powerState = await deps.power?.ensure(caseId)
  const table = deps.tables.get(r.frequencyTableId, r.frequencyTableVersion)
  const openCases = deps.cases.countOpen()
  const current = deps.match.modelFor(c.frequencyTableId)
  const sameModel = current.modelVersion === r.modelVersion
  const staleness = resultStaleness(r, currentModelOf(deps.match.modelFor))
  const now = currentModelOf(deps.match.modelFor)(r.frequencyTableId)
  const references = Object.entries(c.references).map(([id, ref]) => {
    const relation = c.persons.find((q) => q.id === id)?.relation
    return { id, profile: ref.profile, ...(relation === undefined ? {} : { relation }), ...(ref.sampleId === undefined ? {} : { sampleId: ref.sampleId }) }
  })
  return {
    case: {
      id: c.id,
      persons: c.persons.map((q) => (q.father === undefined ? { id: q.id, sex: q.sex } : { id: q.id, sex: q.sex, father: q.father, mother: q.mother })),
      // a family with several missing persons: the report is for the slot the stored result is for, and lists every slot
      missingPerson: deps.slotResults?.slotOf(caseId, personId) ?? c.missingPerson,
      ...(c.missingPersons === undefined || deps.slotResults === undefined ? {} : { missingPersons: reportSlots(c, deps.slotResults.forPair(caseId, personId)) }),
      ...(c.born === undefined ? {} : { missingPersonBorn: c.born }),
      ...(c.missingSince === undefined ? {} : { missingSince: c.missingSince }),
      references
    },
    person: {
      id: p.id,
      sex: p.sex,
      profile: p.profile,
      ...(p.amelogenin === undefined ? {} : { amelogenin: p.amelogenin }),
      ...(p.sexOverride === undefined ? {} : { sexOverride: p.sexOverride }),
      ...(p.estimatedBirthYear === undefined ? {} : { birthYear: p.estimatedBirthYear }),
      ...(p.foundPlace === undefined ? {} : { foundWhere: p.foundPlace }),
      ...(p.foundDate === undefined ? {} : { foundWhen: p.foundDate })
    },
    result,
    model: {
      frequencyTable: { id: r.frequencyTableId, version: r.frequencyTableVersion, population: table?.population ?? r.frequencyTableId, ...(table === undefined ? {} : { source: table.source }) },
      mutation: sameModel ? current.description.mutation : `as of model ${r.modelVersion} (the model has changed since; a rerun updates this result)`,
      // The θ the stored result used: the model version records it (it may differ from today's setting).
      theta: sameModel ? current.description.theta : Number(/theta=([\d.e-]+)/.exec(r.modelVersion)?.[1] ?? current.description.theta),
      unknownAllele: current.description.unknownAllele,
      engineVersion: r.modelVersion,
      // the model as data, so the report can state it in any language; a stale result has only its version text
      ...(sameModel
        ? {
            mutationSpec: { default: current.options.mutation, loci: [...current.loci.values()].flatMap((l) => l.mutation === undefined ? [] : [{ name: l.name, mutation: l.mutation }]) },
            unknownAlleleRule: current.options.unknownAllele
          }
        : {})
    },
    prior: { ...searchPrior(openCases), openCases },
    search: { databaseSize: Math.max(1, deps.match.screen.comparedForCase(caseId)), log10Threshold: deps.log10Threshold },
    ...(powerState === undefined ? {} : { familyPower: reportFamilyPower(powerState, deps.match.screen.comparedForCase(caseId)) }),
    // the pair's lineage figures as stored with its result (src/runs/lineage-evidence.ts)
    ...(r.lineage === undefined ? {} : { lineage: { ...r.lineage, combinedLog10Lr: r.combinedLog10Lr ?? null } }),
    ...(staleness.stale
      ? {
          stale: {
            computedUnder: { modelVersion: r.modelVersion, frequencyTable: r.frequencyTableId, tableVersion: r.frequencyTableVersion },
            current: now === undefined ? null : { modelVersion: now.modelVersion, tableVersion: now.tableVersion },
            reason: staleness.staleReason ?? ''
          }
        }
      : {})
  }
}

/** Every slot of a multi-slot case with the pair's figures against it (a slot without a row: not compared). */
function reportSlots (c: CaseRecord, rows: readonly SlotResult[]): ReportSlot[] {
  return missingSlotsOf(c).map((s) => {
    const row = rows.find((x) => x.slot === s.slot)
    return { id: s.slot, sex: s.sex, status: row?.status ?? 'sex-mismatch', log10Lr: row?.log10Lr ?? null }
  })
}

/** A review as the review repository lists it; only what a report prints (the repository may hold more). */
export interface StoredReview {
  decision: string
  confirmation?: string
  reviewer?: string
  note: string
  overrideReason?: string
  lrDecision?: string
  log10Lr: number | null
  createdAt: string
}

/** Every review decision of the pair, oldest first, for the report's review section and signature block. */
export function reportReviews (reviews: { forPair: (caseId: string, personId: string) => readonly StoredReview[] }, caseId: string, personId: string): ReportReview[] {
  return reviews.forPair(caseId, personId).map((v) => {
    const out: ReportReview = { decision: oneOf(v.decision, DECISIONS), note: v.note, log10Lr: v.log10Lr, at: v.createdAt }
    if (v.confirmation !== undefined) out.confirmation = oneOf(v.confirmation, STEPS)
    if (v.reviewer !== undefined) out.reviewer = v.reviewer
    if (v.overrideReason !== undefined) out.overrideReason = v.overrideReason
    if (v.lrDecision !== undefined) out.lrDecision = oneOf(v.lrDecision, LR_DECISIONS)
    return out
  })
}

const DECISIONS = ['confirmed', 'rejected', 'reopened'] as const
const STEPS = ['first', 'second', 'single'] as const
const LR_DECISIONS = ['supported', 'inconclusive', 'excluded'] as const

// The repository's values are CHECKed by the schema (migration 062); a value outside the list is a bug there.
function oneOf<T extends string> (value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T
  throw new Error(`unexpected review value ${JSON.stringify(value)}; expected one of ${allowed.join(', ')}`)
}
