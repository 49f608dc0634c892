import { availableParallelism } from 'node:os'
import { Piscina } from 'piscina'
import type { MatchOutcome } from '../core/lr/match-job.ts'
import type { MatchJob, MatchRunner } from './match-runner.ts'
import { MATCH_WORKER_FILE, WORKER_EXEC_ARGV } from './worker-file.ts'

export interface PoolRunnerOptions {
  /** Worker threads; 0 = one fewer than the CPUs, at least 1. */
  workers: number
  /** Jobs sent to a worker per task: large enough to amortise messaging, small enough to spread load. */
  chunkSize?: number
}

/** The production runner: one piscina pool, created once, closed with the app. */
export function createPoolRunner (options: PoolRunnerOptions): MatchRunner {
  const threads = options.workers > 0 ? options.workers : Math.max(1, availableParallelism() - 1)
  const chunkSize = options.chunkSize ?? 32
  const pool = new Piscina({
    filename: MATCH_WORKER_FILE,
    execArgv: [...WORKER_EXEC_ARGV],
    minThreads: 1,
    maxThreads: threads,
    idleTimeout: 30_000
  })
  return {
    kind: 'pool',
    run: async (jobs: readonly MatchJob[]) => {
      const tasks: Array<Promise<MatchOutcome[]>> = []
      for (let i = 0; i < jobs.length; i += chunkSize) {
        tasks.push(pool.run(jobs.slice(i, i + chunkSize), { name: 'scoreJobs' }) as Promise<MatchOutcome[]>)
      }
      return (await Promise.all(tasks)).flat()
    },
    close: async () => { await pool.destroy() }
  }
}
