import { setImmediate as nextTurn } from 'node:timers/promises'
import type { CaseRecord, CaseRepository } from '../storage/case-repository.ts'
import type { Database } from '../storage/database.ts'
import { createFamilyPowerRepository, modelKeyOf, type PowerInputs, type StoredPower } from '../storage/family-power-repository.ts'
import { planFamilyPower, POWER_SIMULATIONS, powerInputs } from './family-power-plan.ts'
import { createInProcessPowerRunner, createPoolPowerRunner, type FamilyPowerRunner } from './family-power-runner.ts'
import type { MatchLane } from './match-runner.ts'
import type { MatchService } from './match-service.ts'
import type { RerunService } from './rerun-service.ts'

export interface FamilyPowerServiceDeps {
  db: Database
  cases: CaseRepository
  match: Pick<MatchService, 'modelFor' | 'screen'>
  runner: FamilyPowerRunner
  /** Genotype sets simulated per next relative (default POWER_SIMULATIONS); part of every value's inputs. */
  simulations?: number
  /** Told of a computation that threw (a bug, not a refusal): the case id and the error's code only, never a genotype. */
  onError?: (caseId: string, err: unknown) => void
}

/** What the service can say about a case's power now. */
export type PowerState =
  | { state: 'ready', stored: Extract<StoredPower, { status: 'ready' }> }
  | { state: 'failed', stored: Extract<StoredPower, { status: 'failed' }> }
  | { state: 'computing' }

function sameInputs (a: PowerInputs, b: PowerInputs): boolean {
  return a.caseHash === b.caseHash && a.frequencyTableId === b.frequencyTableId && a.frequencyTableVersion === b.frequencyTableVersion &&
    a.modelVersion === b.modelVersion && a.methodVersion === b.methodVersion
}

/**
 * Family power in the service: computed for a case when it is stored or replaced (the match service tells),
 * for every case whose value is missing or stale after a rerun, at start and by a periodic sweep (a case
 * stored from the command line, a new table version, another model), always off the request: jobs queue
 * here and run on the power runner, cases just stored ahead of the sweep's backlog. A value is stored with
 * the inputs it was computed from and served only while they are today's; a case that changed while its
 * power was computed is not stored over (its change queued it again).
 */
export function createFamilyPowerService (deps: FamilyPowerServiceDeps) {
  const { db, cases, match, runner } = deps
  const repo = createFamilyPowerRepository(db)
  const simulations = deps.simulations ?? POWER_SIMULATIONS
  const hashNow = db.prepare('SELECT input_hash FROM cases WHERE id = ?').pluck()
  const urgent = new Set<string>()
  const backlog = new Set<string>()
  const inFlight = new Map<string, Promise<void>>()
  const idleWaiters: Array<() => void> = []
  let pumping = false
  let closed = false
  let onError = deps.onError

  function inputsOf (c: CaseRecord): PowerInputs {
    return powerInputs(c, match.modelFor(c.frequencyTableId), simulations)
  }

  /** Today's model key of a population (what a stored value's must equal to be current). */
  function modelKeyFor (tableId: string): string {
    return modelKeyOf(powerInputs({ inputHash: '' }, match.modelFor(tableId), simulations))
  }

  function stateOf (stored: StoredPower | undefined, inputs: PowerInputs): PowerState | undefined {
    if (stored === undefined || !sameInputs(stored, inputs)) return undefined
    return stored.status === 'ready' ? { state: 'ready', stored } : { state: 'failed', stored }
  }

  async function computeOne (caseId: string, lane: MatchLane): Promise<void> {
    const c = cases.get(caseId)
    if (c === undefined) return
    const model = match.modelFor(c.frequencyTableId)
    const inputs = powerInputs(c, model, simulations)
    if (stateOf(repo.get(caseId), inputs) !== undefined) return // already current (queued twice)
    const job = planFamilyPower(c, model, match.screen.comparedForCase(caseId), simulations)
    const outcome = await runner.run(job, { lane })
    // The case may have been replaced or expunged meanwhile: its change queued the up-to-date value.
    if (hashNow.get(caseId) !== c.inputHash) return
    if (outcome.ok) {
      const nextRelatives = [...outcome.nextRelatives].sort((a, b) => b.gainPLrAtLeast - a.gainPLrAtLeast)
      repo.save(caseId, inputs, { figures: { power: outcome.power, nextRelatives, settings: job.settings } })
    } else {
      repo.save(caseId, inputs, { error: `${outcome.error.code}: ${outcome.error.message}` })
    }
  }

  function start (caseId: string): void {
    const run = computeOne(caseId, 'bulk')
      .catch((err: unknown) => { onError?.(caseId, err) })
      .finally(() => {
        inFlight.delete(caseId)
        kick()
      })
    inFlight.set(caseId, run)
  }

  function next (): string | undefined {
    for (const queue of [urgent, backlog]) {
      for (const id of queue) {
        if (inFlight.has(id)) continue
        queue.delete(id)
        return id
      }
    }
    return undefined
  }

  /** Starts queued jobs up to the runner's concurrency, each on a later turn of the event loop than the request that queued it. */
  async function pump (): Promise<void> {
    if (pumping) return
    pumping = true
    try {
      for (;;) {
        if (closed || inFlight.size >= runner.concurrency) break
        // an in-process runner computes synchronously: yield first, so the answer that queued this goes out
        await nextTurn()
        const id = next()
        if (id === undefined) break
        start(id)
      }
    } finally {
      pumping = false
    }
    if (inFlight.size === 0 && (closed || (urgent.size === 0 && backlog.size === 0))) {
      for (const wake of idleWaiters.splice(0)) wake()
    }
  }

  function kick (): void {
    pump().catch((err: unknown) => { onError?.('queue', err) })
  }

  function schedule (caseId: string, priority: 'urgent' | 'backlog' = 'urgent'): void {
    if (closed) return
    if (priority === 'urgent') {
      backlog.delete(caseId)
      urgent.add(caseId)
    } else if (!urgent.has(caseId)) {
      backlog.add(caseId)
    }
    kick()
  }

  return {
    repository: repo,
    /** Where failures go once the app has a logger (src/http/routes/family-power.ts sets it). */
    setOnError: (fn: (caseId: string, err: unknown) => void): void => { onError = fn },
    modelKeyFor,
    /** Queues a case (stored, replaced, or asked for while stale). */
    schedule,
    /**
     * The case's stored power when it is current, else 'computing' (and the case is queued); undefined when
     * there is no such case.
     */
    status (caseId: string): PowerState | undefined {
      const c = cases.get(caseId)
      if (c === undefined) return undefined
      const state = stateOf(repo.get(caseId), inputsOf(c))
      if (state !== undefined) return state
      schedule(caseId)
      return { state: 'computing' }
    },
    /** The case's current power, computed now (awaited) when it is missing or stale: for reports, which must carry it. */
    async ensure (caseId: string): Promise<PowerState | undefined> {
      const c = cases.get(caseId)
      if (c === undefined) return undefined
      for (let attempt = 0; attempt < 3; attempt++) {
        const state = stateOf(repo.get(caseId), inputsOf(c))
        if (state !== undefined) return state
        urgent.delete(caseId)
        backlog.delete(caseId)
        const running = inFlight.get(caseId)
        if (running !== undefined) await running
        else await computeOne(caseId, 'interactive') // someone waits: not at the bulk priority
      }
      return stateOf(repo.get(caseId), inputsOf(c)) ?? { state: 'computing' }
    },
    /** Queues every open case whose value is missing or was computed from other inputs; returns how many. */
    sweep (): number {
      let queued = 0
      for (const tableId of repo.openTables()) {
        let key: string
        try {
          key = modelKeyFor(tableId)
        } catch (err) {
          onError?.(`table:${tableId}`, err) // a case naming a table that is gone: nothing to compute with
          continue
        }
        for (const id of repo.staleOpenCases(tableId, key)) {
          schedule(id, 'backlog')
          queued++
        }
      }
      return queued
    },
    /** Resolves when nothing is queued or running (tests, shutdown). */
    idle: async (): Promise<void> => {
      if (inFlight.size === 0 && urgent.size === 0 && backlog.size === 0) return
      await new Promise<void>((resolve) => { idleWaiters.push(resolve) })
    },
    /** Stops taking jobs, waits for those running, closes the runner. */
    async close (): Promise<void> {
      closed = true
      urgent.clear()
      backlog.clear()
      await Promise.all(inFlight.values())
      await runner.close()
    }
  }
}

export type FamilyPowerService = ReturnType<typeof createFamilyPowerService>

/**
 * The service as the app runs it: on its own pool when matching runs on one (production), else in-process;
 * queued by every case search on entry (the match service tells) and swept after every finished rerun.
 */
export function attachFamilyPower (deps: {
  db: Database
  cases: CaseRepository
  match: MatchService
  reruns: Pick<RerunService, 'finished'>
  pool: boolean
  workers: number
  simulations?: number
  /** False: computed only when asked for (no queueing on entry or after reruns, no sweep). */
  onEntry?: boolean
}): FamilyPowerService {
  const runner = deps.pool ? createPoolPowerRunner({ workers: deps.workers }) : createInProcessPowerRunner()
  const power = createFamilyPowerService({ db: deps.db, cases: deps.cases, match: deps.match, runner, ...(deps.simulations === undefined ? {} : { simulations: deps.simulations }) })
  if (deps.onEntry === false) return { ...power, sweep: () => 0 }
  deps.match.caseSearched.push((id) => { power.schedule(id) })
  deps.reruns.finished.push(() => { power.sweep() })
  return power
}
