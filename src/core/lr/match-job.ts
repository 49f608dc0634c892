import { HomewardError } from '../errors.ts'
import type { KinshipCase, KinshipLrResult, LocusModel, LrOptions } from '../pedigree/kinship-case.ts'
import { kinshipLr } from './kinship-lr.ts'

/**
 * One comparison to compute: a family case with the tested person's profile in the missing person's
 * slot. Plain, structured-clonable data only, so the same job runs in a worker thread or in-process.
 * Jobs of one batch may share their `loci` array: structured cloning copies a shared object once.
 */
export interface MatchJob {
  caseId: string
  personId: string
  kcase: KinshipCase
  loci: LocusModel[]
  options: LrOptions
}

/** A job's result, or why the engine refused it (a pair that cannot be scored does not sink its batch). */
export type MatchOutcome =
  | { ok: true, result: KinshipLrResult }
  | { ok: false, error: { code: string, message: string } }

/**
 * Scores one job with kinshipLr, turning a refusal into an outcome rather than a throw.
 *
 * @example scoreMatchJob(job).ok // true, with result.log10Lr the total log10 LR of the pair
 */
export function scoreMatchJob (job: MatchJob): MatchOutcome {
  try {
    return { ok: true, result: kinshipLr(job.kcase, job.loci, job.options) }
  } catch (err) {
    if (err instanceof HomewardError) return { ok: false, error: { code: err.code, message: err.message } }
    throw err
  }
}
