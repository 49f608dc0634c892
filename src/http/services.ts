import type { Config } from '../config.ts'
import type { Database } from '../storage/database.ts'
import { installBundledTables } from '../storage/bundled-frequency-tables.ts'
import { createCaseRepository, type CaseRecord } from '../storage/case-repository.ts'
import { missingSlotsOf } from '../core/pedigree/missing-slots.ts'
import { createFrequencyTableRepository } from '../storage/frequency-table-repository.ts'
import { createPersonRepository, type PersonRecord } from '../storage/person-repository.ts'
import { createResultRepository } from '../storage/result-repository.ts'
import { createReviewRepository } from '../storage/review-repository.ts'
import { createSlotResultRepository } from '../storage/slot-result-repository.ts'
import type { JointAssignmentDeps } from '../runs/joint-assignment.ts'
import { createMatchService } from '../runs/match-service.ts'
import { createRerunService } from '../runs/rerun-service.ts'
import { attachFamilyPower } from '../runs/family-power-service.ts'
import { attachIdentification } from '../runs/identification-wiring.ts'
import type { MatchRunner } from '../runs/match-runner.ts'
import type { CandidateContext } from '../runs/candidates.ts'
import { currentModelOf } from '../runs/stale-results.ts'
import type { ScanPool } from '../runs/scan-pool.ts'

/** The repositories and services the routes use, created once per app. */
export function createServices (db: Database, runner: MatchRunner, config: Config, scanPool?: ScanPool) {
  const tables = createFrequencyTableRepository(db)
  installBundledTables(tables, config.defaultFrequencyTable)
  const match = createMatchService({ db, runner, settings: config, ...(scanPool === undefined ? {} : { scanPool }) })
  const cases = createCaseRepository(db)
  const results = createResultRepository(db)
  const reviews = createReviewRepository(db)
  const slotResults = createSlotResultRepository(db)
  const persons = createPersonRepository(db)
  const log10Threshold = Math.log10(config.lrThreshold)
  const reruns = createRerunService({ db, match })
  return {
    db,
    cases,
    persons,
    results,
    reviews,
    slotResults,
    tables,
    match,
    reruns,
    identification: attachIdentification({ db, match, reruns, settings: config }),
    power: attachFamilyPower({ db, cases, match, reruns, pool: runner.kind === 'pool', workers: config.workers, simulations: config.powerSimulations, onEntry: config.powerOnEntry }),
    /** The population a case uses when it names none: the stored default, else the configured one. */
    defaultTableId: (): string => tables.defaultId() ?? config.defaultFrequencyTable,
    log10Threshold,
    intakeRules: config.intakeRules,
    /** What the best joint assignment of a multi-slot case's candidates is computed from (src/runs/joint-assignment.ts). */
    jointDeps: (): JointAssignmentDeps => ({ slotResults, persons, modelFor: match.modelFor, log10Floor: config.candidateLr > 0 ? Math.log10(config.candidateLr) : -Infinity }),
    /** What a candidate list is read against: the threshold, the floor, the open entries compared. */
    candidateContext: (): CandidateContext => ({
      results,
      reviews,
      slotResults,
      openCases: cases.countOpen(),
      log10Threshold,
      log10Floor: config.candidateLr > 0 ? Math.log10(config.candidateLr) : -Infinity,
      comparedForCase: match.screen.comparedForCase,
      comparedForPerson: match.screen.comparedForPerson,
      otherSexForCase: match.screen.otherSexForCase,
      otherSexForPerson: match.screen.otherSexForPerson,
      currentModel: currentModelOf(match.modelFor)
    })
  }
}

export type Services = ReturnType<typeof createServices>

declare module 'fastify' {
  interface FastifyInstance {
    services: Services
  }
}

/** A case as the API shows it. */
export function caseView (c: CaseRecord) {
  const missingPerson: { id: string, sex: CaseRecord['missingPersonSex'], born?: string, missingSince?: string } = { id: c.missingPerson, sex: c.missingPersonSex }
  if (c.born !== undefined) missingPerson.born = c.born
  if (c.missingSince !== undefined) missingPerson.missingSince = c.missingSince
  return {
    id: c.id,
    missingPerson,
    missingPersons: missingSlotsOf(c),
    persons: c.persons,
    references: c.references,
    frequencyTable: c.frequencyTableId,
    status: c.status,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt
  }
}

/** A person as the API shows it (the input hash is internal). */
export function personView (p: PersonRecord) {
  const { inputHash: _h, ...view } = p
  return view
}
