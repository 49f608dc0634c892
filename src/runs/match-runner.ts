import type { KinshipCase, KinshipLrResult, LocusModel, LrOptions } from '../core/kinship-case.ts'

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

/**
 * Computes a batch of jobs, results in job order. The production runner is a piscina pool
 * (src/runs/pool-runner.ts); tests mostly use the in-process one (src/runs/in-process-runner.ts).
 */
export interface MatchRunner {
  readonly kind: 'in-process' | 'pool'
  run: (jobs: readonly MatchJob[]) => Promise<KinshipLrResult[]>
  close: () => Promise<void>
}
