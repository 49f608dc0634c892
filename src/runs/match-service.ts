import type { Database } from '../storage/database.ts'
import { createCaseRepository, type CaseRecord } from '../storage/case-repository.ts'
import { createPersonRepository, type PersonRecord } from '../storage/person-repository.ts'
import { createFrequencyTableRepository } from '../storage/frequency-table-repository.ts'
import { createResultRepository, type MatchResult } from '../storage/result-repository.ts'
import type { MatchJob, MatchRunner } from './match-runner.ts'
import { buildMatchModel, type MatchModel, type ModelSettings } from './match-model.ts'
import { planPair } from './match-plan.ts'
import { pairInputHash } from './input-hash.ts'

/** A computed result not yet stored, with the input hashes it was computed from (to detect staleness). */
export type ComputedResult = Omit<MatchResult, 'computedAt'> & { caseHash: string, personHash: string }

export interface MatchServiceDeps {
  db: Database
  runner: MatchRunner
  settings: ModelSettings
  /** Pairs sent to the runner at once: bounds memory, lets a rerun commit and report progress per batch. */
  batchSize?: number
}

/**
 * Orchestration of the search: load → plan → compute through the runner → store. The database stays on
 * this thread; the runner only sees plain jobs.
 */
export function createMatchService (deps: MatchServiceDeps) {
  const { db, runner, settings } = deps
  const batchSize = deps.batchSize ?? 512
  const cases = createCaseRepository(db)
  const persons = createPersonRepository(db)
  const tables = createFrequencyTableRepository(db)
  const results = createResultRepository(db)
  const models = new Map<string, MatchModel>()
  const caseHashNow = db.prepare('SELECT input_hash AS h FROM cases WHERE id = ?')
  const personHashNow = db.prepare('SELECT input_hash AS h FROM unidentified_persons WHERE id = ?')

  /** The model of a population's current table (cached per table version). */
  function modelFor (tableId: string): MatchModel {
    const table = tables.require(tableId)
    const key = `${table.id}@${table.version}`
    let model = models.get(key)
    if (model === undefined) {
      model = buildMatchModel(table, settings)
      models.set(key, model)
    }
    return model
  }

  /** The current input hash of a pair: what a stored result must carry to be up to date. */
  function currentPairHash (c: CaseRecord, p: PersonRecord): string {
    const model = modelFor(c.frequencyTableId)
    return pairInputHash(c.inputHash, p.inputHash, model.table.id, model.table.version, model.modelVersion)
  }

  /** Computes pairs through the runner (in batches), returning results to store; stores nothing. */
  async function compute (pairs: ReadonlyArray<{ c: CaseRecord, p: PersonRecord }>, rerunId?: number): Promise<ComputedResult[]> {
    // In the order of `pairs`: sex mismatches are filled at once, computed pairs when their batch returns.
    const out: Array<ComputedResult | undefined> = []
    const jobs: MatchJob[] = []
    const pending: Array<{ base: Omit<ComputedResult, 'status' | 'log10Lr' | 'inconsistentLoci' | 'comparedLoci' | 'perLocus'>, index: number }> = []
    for (const { c, p } of pairs) {
      const model = modelFor(c.frequencyTableId)
      const plan = planPair(c, p, model)
      const base = {
        caseId: c.id,
        personId: p.id,
        lociNotEvaluated: plan.kind === 'job' ? plan.lociNotEvaluated : [],
        modelVersion: model.modelVersion,
        frequencyTableId: model.table.id,
        frequencyTableVersion: model.table.version,
        inputHash: pairInputHash(c.inputHash, p.inputHash, model.table.id, model.table.version, model.modelVersion),
        caseHash: c.inputHash,
        personHash: p.inputHash,
        ...(rerunId === undefined ? {} : { rerunId })
      }
      if (plan.kind === 'sex-mismatch') {
        out.push({ ...base, status: 'sex-mismatch', log10Lr: null, inconsistentLoci: 0, comparedLoci: 0, perLocus: [] })
        continue
      }
      pending.push({ base, index: out.length })
      out.push(undefined)
      jobs.push(plan.job)
    }
    for (let start = 0; start < jobs.length; start += batchSize) {
      const outcomes = await runner.run(jobs.slice(start, start + batchSize))
      outcomes.forEach((o, k) => {
        const { base, index } = pending[start + k]
        if (!o.ok) {
          out[index] = { ...base, status: 'error', error: o.error.message, log10Lr: null, inconsistentLoci: 0, comparedLoci: 0, perLocus: [] }
          return
        }
        const r = o.result
        out[index] = {
          ...base,
          status: r.log10Lr === null ? 'excluded' : 'scored',
          log10Lr: r.log10Lr,
          inconsistentLoci: r.inconsistentLoci,
          comparedLoci: r.comparedLoci,
          perLocus: r.perLocus.map((l) => ({ locus: l.locus, log10Lr: l.log10Lr, class: l.class, adjustments: l.adjustments }))
        }
      })
    }
    return out.map((r, i) => {
      if (r === undefined) throw new Error(`internal: pair ${i} of the batch got no result from the runner`)
      return r
    })
  }

  /** True when the case and person still have the inputs a result was computed from. */
  function isFresh (r: ComputedResult): boolean {
    const ch = caseHashNow.get(r.caseId) as { h: string } | undefined
    const ph = personHashNow.get(r.personId) as { h: string } | undefined
    return ch?.h === r.caseHash && ph?.h === r.personHash
  }

  /**
   * Stores results in one transaction, skipping any whose case or person changed (or was deleted) while it
   * was computed: the search triggered by that change writes the up-to-date result.
   */
  const storeFresh = db.transaction((computed: readonly ComputedResult[]): number => {
    let stored = 0
    for (const r of computed) {
      if (!isFresh(r)) continue
      const { caseHash: _c, personHash: _p, ...result } = r
      results.save(result)
      stored++
    }
    return stored
  })

  return {
    modelFor,
    currentPairHash,
    compute,
    storeFresh,
    isFresh,
    /** Searches a case against every open person and stores the results. */
    async searchCase (caseId: string): Promise<{ compared: number, stored: number }> {
      const c = cases.get(caseId)
      if (c === undefined || c.status !== 'open') return { compared: 0, stored: 0 }
      const people = persons.listOpen()
      let stored = 0
      for (let i = 0; i < people.length; i += batchSize) {
        stored += storeFresh(await compute(people.slice(i, i + batchSize).map((p) => ({ c, p }))))
      }
      return { compared: people.length, stored }
    },
    /** Searches a person against every open case and stores the results. */
    async searchPerson (personId: string): Promise<{ compared: number, stored: number }> {
      const p = persons.get(personId)
      if (p === undefined || p.status !== 'open') return { compared: 0, stored: 0 }
      const ids = cases.openIds()
      let stored = 0
      for (let i = 0; i < ids.length; i += batchSize) {
        const batch = ids.slice(i, i + batchSize).map((id) => cases.get(id)).filter((c): c is CaseRecord => c !== undefined)
        stored += storeFresh(await compute(batch.map((c) => ({ c, p }))))
      }
      return { compared: ids.length, stored }
    }
  }
}

export type MatchService = ReturnType<typeof createMatchService>
