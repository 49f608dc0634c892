import type { Database } from '../storage/database.ts'
import { createRerunRepository } from '../storage/rerun-repository.ts'
import { createIdentificationService, type IdentificationService } from './identification-service.ts'
import type { MatchService } from './match-service.ts'
import type { RerunService } from './rerun-service.ts'

/**
 * The joint identification as the app runs it: after every search on entry (of a case or a person) the
 * components around it are identified again, and after every finished rerun those around every pair it
 * recomputed, with the rerun named in the alerts.
 */
export function attachIdentification (deps: {
  db: Database
  match: Pick<MatchService, 'modelFor' | 'caseSearched' | 'personSearched'>
  reruns: Pick<RerunService, 'finished'>
  settings: { candidateLr: number, lrThreshold: number }
}): IdentificationService {
  const service = createIdentificationService({ db: deps.db, modelFor: deps.match.modelFor, settings: deps.settings })
  const reruns = createRerunRepository(deps.db)
  deps.match.caseSearched.push((id) => { service.refresh({ cases: [id] }) })
  deps.match.personSearched.push((id) => { service.refresh({ persons: [id] }) })
  deps.reruns.finished.push((rerunId) => {
    const pairs = reruns.allPairs(rerunId)
    service.refresh({ cases: [...new Set(pairs.map((p) => p.caseId))], persons: [...new Set(pairs.map((p) => p.personId))] }, { kind: 'rerun', rerunId })
  })
  return service
}
