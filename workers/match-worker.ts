// piscina entry: named functions only, importing only src/core, computing on plain clonable data.
import { kinshipLr } from '../src/core/kinship-lr.ts'
import type { KinshipLrResult } from '../src/core/kinship-case.ts'
import type { MatchJob } from '../src/runs/match-runner.ts'

/** Scores a batch of match jobs, results in job order. */
export function scoreJobs (jobs: MatchJob[]): KinshipLrResult[] {
  return jobs.map((job) => kinshipLr(job.kcase, job.loci, job.options))
}
