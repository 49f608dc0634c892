// piscina entry for family power: named functions only, importing only src/core, computing on plain clonable
// data. The in-process runner (src/runs/family-power-runner.ts) calls the same function on the calling thread.
import { HomewardError } from '../src/core/errors.ts'
import type { FamilyPower, NextRelativePower, PowerSettings } from '../src/core/power/family-power-types.ts'
import { familyPower } from '../src/core/power/family-power.ts'
import { nextRelatives } from '../src/core/power/next-relatives.ts'
import type { KinshipCase, LocusModel, LrOptions } from '../src/core/pedigree/kinship-case.ts'

/** One family's power to compute: the pedigree with its references, the missing person untyped. */
export interface FamilyPowerJob {
  caseId: string
  kcase: KinshipCase
  loci: LocusModel[]
  options: LrOptions
  settings: PowerSettings
}

/** The figures, or why the engine refused the family (a refusal is a result to store, not a crash). */
export type FamilyPowerOutcome =
  | { ok: true, power: FamilyPower, nextRelatives: NextRelativePower[] }
  | { ok: false, error: { code: string, message: string } }

/** Computes a family's power as it stands and what each relative it could still give would add. */
export function computeFamilyPower (job: FamilyPowerJob): FamilyPowerOutcome {
  try {
    return {
      ok: true,
      power: familyPower(job.kcase, job.loci, job.options, job.settings),
      nextRelatives: nextRelatives(job.kcase, job.loci, job.options, job.settings)
    }
  } catch (err) {
    if (err instanceof HomewardError) return { ok: false, error: { code: err.code, message: err.message } }
    throw err
  }
}
