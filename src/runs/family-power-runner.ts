import { availableParallelism } from 'node:os'
import { Piscina } from 'piscina'
import { computeFamilyPower, type FamilyPowerJob, type FamilyPowerOutcome } from '../../workers/family-power-worker.ts'
import type { MatchLane } from './match-runner.ts'
import { BULK_NICE, workerFile } from './worker-file.ts'

export type { FamilyPowerJob, FamilyPowerOutcome }

/**
 * Computes one family's power. The production runner is a piscina pool, so that a case's power (up to a
 * second of arithmetic) never holds the event loop; tests and small runs compute on the calling thread.
 * Both call the same function, computeFamilyPower of workers/family-power-worker.ts.
 */
export interface FamilyPowerRunner {
  readonly kind: 'in-process' | 'pool'
  /** Jobs the runner computes at once: the service keeps this many in flight. */
  readonly concurrency: number
  /** `lane: 'bulk'` (the queue and the sweep): on threads of lower priority; 'interactive' (a report waits). */
  run: (job: FamilyPowerJob, options?: { lane?: MatchLane }) => Promise<FamilyPowerOutcome>
  close: () => Promise<void>
}

/** On the calling thread, one at a time. */
export function createInProcessPowerRunner (): FamilyPowerRunner {
  return {
    kind: 'in-process',
    concurrency: 1,
    run: async (job) => computeFamilyPower(job),
    close: async () => {}
  }
}

/**
 * Pools of their own (not the match pool's), created once, with threads started only when the first job
 * arrives: power is background work, and a search on entry must not queue behind a sweep of every case.
 * The queue and the sweep run at the bulk priority (worker-file.ts); a report waiting for its case's power
 * gets a thread at normal priority, so that it is not held behind the sweep of 10^5 cases. Sized like the
 * match pool (0: one fewer than the CPUs, at least 1).
 */
export function createPoolPowerRunner (options: { workers: number }): FamilyPowerRunner {
  const threads = options.workers > 0 ? options.workers : Math.max(1, availableParallelism() - 1)
  const pools = new Map<MatchLane, Piscina>()
  const poolOf = (lane: MatchLane): Piscina => {
    let pool = pools.get(lane)
    if (pool === undefined) {
      pool = new Piscina({ filename: workerFile('family-power-worker-entry.mjs'), minThreads: 0, maxThreads: threads, idleTimeout: 30_000, niceIncrement: lane === 'bulk' ? BULK_NICE : 0 })
      pools.set(lane, pool)
    }
    return pool
  }
  return {
    kind: 'pool',
    concurrency: threads,
    run: async (job, runOptions) => await (poolOf(runOptions?.lane ?? 'bulk').run(job, { name: 'computeFamilyPower' }) as Promise<FamilyPowerOutcome>),
    close: async () => { await Promise.all([...pools.values()].map(async (p) => { await p.destroy() })) }
  }
}
