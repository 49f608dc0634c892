import { availableParallelism } from 'node:os'
import { Piscina } from 'piscina'
import type { MatchOutcome } from '../core/lr/match-job.ts'
import type { MatchJob, MatchRunner } from './match-runner.ts'
import { BULK_NICE, MATCH_WORKER_FILE, WORKER_EXEC_ARGV } from './worker-file.ts'

export interface PoolRunnerOptions {
  /** Worker threads; 0 = one fewer than the CPUs, at least 1. */
  workers: number
  /** Jobs sent to a worker per task: large enough to amortise messaging, small enough to spread load. */
  chunkSize?: number
}

/**
 * The production runner: piscina pools created once, closed with the app. Two lanes: searches on entry
 * and reports on their own threads, reruns on threads of lower priority (BULK_NICE) started when one
 * runs, so a rerun's thousands of jobs never sit in the queue ahead of an upload's few.
 */
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
  const bulk = new Piscina({
    filename: MATCH_WORKER_FILE,
    execArgv: [...WORKER_EXEC_ARGV],
    minThreads: 0,
    maxThreads: threads,
    idleTimeout: 30_000,
    niceIncrement: BULK_NICE
  })
  return {
    kind: 'pool',
    run: async (jobs: readonly MatchJob[], runOptions) => {
      const lane = runOptions?.lane === 'bulk' ? bulk : pool
      const tasks: Array<Promise<MatchOutcome[]>> = []
      for (let i = 0; i < jobs.length; i += chunkSize) {
        tasks.push(lane.run(jobs.slice(i, i + chunkSize), { name: 'scoreJobs' }) as Promise<MatchOutcome[]>)
      }
      return (await Promise.all(tasks)).flat()
    },
    close: async () => { await Promise.all([pool.destroy(), bulk.destroy()]) }
  }
}
