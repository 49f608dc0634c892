import type { MatchJob, MatchOutcome } from '../core/lr/match-job.ts'

export type { MatchJob, MatchOutcome }

/** 'interactive': a search on entry, a report (someone waits); 'bulk': a rerun. */
export type MatchLane = 'interactive' | 'bulk'

/**
 * Computes a batch of jobs, outcomes in job order. The production runner is a piscina pool
 * (src/runs/pool-runner.ts); tests mostly use the in-process one (src/runs/in-process-runner.ts).
 * Both call the same pure function, scoreMatchJob from src/core/lr/match-job.ts.
 */
export interface MatchRunner {
  readonly kind: 'in-process' | 'pool'
  /** `lane: 'bulk'` (reruns): on threads of lower priority, so that searches on entry go first. */
  run: (jobs: readonly MatchJob[], options?: { lane?: MatchLane }) => Promise<MatchOutcome[]>
  close: () => Promise<void>
}
