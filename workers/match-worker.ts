// piscina entry: named functions only, importing only src/core, computing on plain clonable data.
import { scoreMatchJob, type MatchJob, type MatchOutcome } from '../src/core/lr/match-job.ts'

/** Scores a batch of match jobs, outcomes in job order. */
export function scoreJobs (jobs: MatchJob[]): MatchOutcome[] {
  return jobs.map(scoreMatchJob)
}
