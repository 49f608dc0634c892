import { scoreMatchJob } from '../core/lr/match-job.ts'
import type { MatchRunner } from './match-runner.ts'

/** Computes every job on the calling thread: the runner of most tests and of small CLI runs. */
export function createInProcessRunner (): MatchRunner {
  return {
    kind: 'in-process',
    run: async (jobs) => jobs.map(scoreMatchJob),
    close: async () => {}
  }
}
