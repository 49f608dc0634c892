import type { MatchRunner } from './match-runner.ts'

/** Computes every job on the calling thread: the runner of most tests and of small CLI runs. */
export function createInProcessRunner (): MatchRunner {
  return {
    kind: 'in-process',
    run: async (jobs) => {
      // Loaded on first use so that building an app does not pull in the engine before it is needed.
      const { kinshipLr } = await import('../core/kinship-lr.ts')
      return jobs.map((job) => kinshipLr(job.kcase, job.loci, job.options))
    },
    close: async () => {}
  }
}
