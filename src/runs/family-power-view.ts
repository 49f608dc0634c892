import type { PowerInputsFacts, ReportFamilyPower } from '../report/report-power.ts'
import type { StoredPower } from '../storage/family-power-repository.ts'
import type { PowerState } from './family-power-service.ts'

/** A case's family power as the API answers it and the case page shows it: the report's figures, with the case and when. */
export type FamilyPowerView =
  | (Extract<ReportFamilyPower, { status: 'ready' }> & { caseId: string, computedAt: string })
  | (Extract<ReportFamilyPower, { status: 'failed' }> & { caseId: string, computedAt: string })
  | { caseId: string, status: 'computing' }

function inputsView (s: StoredPower): PowerInputsFacts {
  return { frequencyTable: { id: s.frequencyTableId, version: s.frequencyTableVersion }, modelVersion: s.modelVersion, method: s.methodVersion }
}

/**
 * The figures of a case's power state, as a report carries them. The expected chance candidates are taken at
 * today's database size (`databaseSize`, the open persons a search of the case compares), from the stored
 * P(LR ≥ t | unrelated) at its upper bound as familyPower states them: the database grows, the family's power does not.
 */
export function reportFamilyPower (state: PowerState, databaseSize: number): ReportFamilyPower {
  if (state.state === 'computing') return { status: 'computing' }
  if (state.state === 'failed') return { status: 'failed', inputs: inputsView(state.stored), error: state.stored.error }
  const { power, nextRelatives, settings } = state.stored.figures
  return {
    status: 'ready',
    inputs: inputsView(state.stored),
    loci: power.loci,
    informativeLoci: power.informativeLoci,
    trueChild: power.trueChild,
    unrelated: {
      ...power.unrelated,
      databaseSize,
      expectedChanceCandidates: power.unrelated.pLrAtLeast.map((p) => ({ lr: p.lr, expected: databaseSize * p.upper }))
    },
    nextRelatives,
    simulation: { seed: settings.seed, simulations: settings.simulations }
  }
}

/** The API's view: the same figures with the case id and when they were computed. */
export function familyPowerView (caseId: string, state: PowerState, databaseSize: number): FamilyPowerView {
  const figures = reportFamilyPower(state, databaseSize)
  if (figures.status === 'computing' || state.state === 'computing') return { caseId, status: 'computing' }
  return { caseId, computedAt: state.stored.computedAt, ...figures }
}
