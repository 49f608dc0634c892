import type { Database } from '../storage/database.ts'
import { createCaseRepository, type CaseRecord } from '../storage/case-repository.ts'
import { createPersonRepository, type PersonRecord } from '../storage/person-repository.ts'
import { createFrequencyTableRepository } from '../storage/frequency-table-repository.ts'
import type { MatchResult } from '../storage/result-repository.ts'
import type { MatchJob, MatchRunner } from './match-runner.ts'
import { buildMatchModel, type MatchModel, type ModelSettings } from './match-model.ts'
import { slotPlans, mergeSlotOutcomes } from './slot-plan.ts'
import { createSlotTargets } from './slot-targets.ts'
import type { SlotOutcome } from '../storage/slot-result-repository.ts'
import type { MatchOutcome } from '../core/lr/match-job.ts'
import { pairInputHash } from './input-hash.ts'
import { createCandidateScreen, type ScreenedPerson } from './candidate-screen.ts'
import { createSearchMarkRepository } from '../storage/search-mark-repository.ts'
import type { Config } from '../config.ts'
import type { ScanPool } from './scan-pool.ts'
import { createResultRecorder } from './result-recorder.ts'
import { createLineageEvidence, withLineage } from './lineage-evidence.ts'

/** A computed result not yet stored, with the input hashes it was computed from (to detect staleness). */
export type ComputedResult = Omit<MatchResult, 'computedAt'> & SlotOutcome & { caseHash: string, personHash: string }

export interface MatchServiceDeps {
  db: Database
  runner: MatchRunner
  settings: ModelSettings & Pick<Config, 'candidateLr' | 'lrThreshold'>
  /** The scan pool, for screens of national size; without one the screen runs in process. */
  scanPool?: ScanPool
  /** Pairs sent to the runner at once: bounds memory, lets a rerun commit and report progress per batch. */
  batchSize?: number
}

/** What one search did: entries of the other side compared (by the screen), scored by the engine, stored. */
export interface SearchOutcome { compared: number, scored: number, stored: number }

/**
 * Orchestration of the search: load → screen → plan → compute through the runner → store. The screen
 * (candidate-screen.ts) passes every pair that may reach the candidate floor; only those are scored by
 * the exact engine and stored. The database stays on this thread; the runner only sees plain jobs.
 */
export function createMatchService (deps: MatchServiceDeps) {
  const { db, runner, settings } = deps
  const batchSize = deps.batchSize ?? 512
  const cases = createCaseRepository(db)
  const persons = createPersonRepository(db)
  const tables = createFrequencyTableRepository(db)
  const models = new Map<string, MatchModel>()
  const caseHashNow = db.prepare('SELECT input_hash AS h FROM cases WHERE id = ?')
  const personHashNow = db.prepare('SELECT input_hash AS h FROM unidentified_persons WHERE id = ?')
  const marks = createSearchMarkRepository(db)
  /** Told of every case searched after it was stored or replaced (family power queues it: src/runs/family-power-service.ts). */
  const caseSearched: Array<(caseId: string) => void> = []
  /** Told of every person searched after it was stored or replaced (the joint identification: src/runs/identification-service.ts). */
  const personSearched: Array<(personId: string) => void> = []
  const floor = settings.candidateLr
  // Y-STR and mtDNA evidence (issue 14): the database's haplotypes in memory, each pair's lineage LRs beside the autosomal one
  const lineage = createLineageEvidence(db, cases, persons)
  const recorder = createResultRecorder(db, { log10Floor: floor > 0 ? Math.log10(floor) : -Infinity, log10Threshold: Math.log10(settings.lrThreshold) })

  /**
   * The model of a population's current table (cached per table version). Only the version is read per
   * call: an upload asks for the model several times, and reading and parsing the whole table each time
   * cost ~0.7 ms of the event loop per upload (bench/load.ts).
   */
  function modelFor (tableId: string): MatchModel {
    const version = tables.currentVersion(tableId)
    const cached = version === undefined ? undefined : models.get(`${tableId}@${version}`)
    if (cached !== undefined) return cached
    const table = tables.require(tableId)
    const model = buildMatchModel(table, settings)
    models.set(`${table.id}@${table.version}`, model)
    return model
  }

  const slotTargets = createSlotTargets(db)
  /** An unscreened slot's pair is kept as a screened one would be: when it may be a candidate. */
  const reachesFloor = (r: ComputedResult): boolean => floor <= 0 || (r.status === 'scored' && r.log10Lr! >= Math.log10(floor) - 1e-9)
  /** A pair the lineage screen added is kept when its combined LR reaches the floor (it is listed by the larger figure). */
  const liftedToFloor = (r: ComputedResult): boolean => reachesFloor(r) || (r.status === 'scored' && (r.combinedLog10Lr ?? -Infinity) >= Math.log10(floor) - 1e-9)

  const screen = createCandidateScreen({ db, cases, persons, modelFor, floor, ...(deps.scanPool === undefined ? {} : { pool: deps.scanPool }) })

  /** What a case's mark must hold to say it was searched against every person under the current model. */
  function caseSearchKey (c: CaseRecord): string {
    const model = modelFor(c.frequencyTableId)
    return `${c.inputHash} ${model.modelVersion} ${model.table.version} floor=${floor}`
  }

  /** The same for a person (against every case; a case's model change re-searches that case instead). */
  function personSearchKey (p: PersonRecord): string {
    return `${p.inputHash} floor=${floor}`
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
    const pending: Array<{ base: Omit<ComputedResult, 'status' | 'log10Lr' | 'inconsistentLoci' | 'comparedLoci' | 'perLocus'>, index: number, multi: boolean, slots: Array<{ slot: string, outcome: MatchOutcome }>, mismatched: string[] }> = []
    /** Per job: its pair in `pending` and the slot it places the person in. */
    const owners: Array<{ pending: number, slot: string }> = []
    for (const { c, p } of pairs) {
      const model = modelFor(c.frequencyTableId)
      // One plan per slot of the case, the person placed in each (slot-plan.ts); a one-slot case has its one.
      const plans = slotPlans(c, p, model)
      const plan = plans.find((k) => k.plan.kind === 'job')?.plan ?? plans[0].plan
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
      pending.push({ base, index: out.length, multi: c.missingPersons !== undefined, slots: [], mismatched: plans.filter((k) => k.plan.kind !== 'job').map((k) => k.slot) })
      out.push(undefined)
      for (const k of plans) {
        if (k.plan.kind !== 'job') continue
        jobs.push(k.plan.job)
        owners.push({ pending: pending.length - 1, slot: k.slot })
      }
    }
    for (let start = 0; start < jobs.length; start += batchSize) {
      // a rerun's batches on the bulk lane: a search on entry does not wait behind them
      const outcomes = await runner.run(jobs.slice(start, start + batchSize), { lane: rerunId === undefined ? 'interactive' : 'bulk' })
      outcomes.forEach((o, k) => { pending[owners[start + k].pending].slots.push({ slot: owners[start + k].slot, outcome: o }) })
    }
    for (const { base: pairBase, index, multi, slots, mismatched } of pending) {
      // The pair's result is its best slot's; a multi-slot case keeps every slot's figures beside it.
      const merged = mergeSlotOutcomes(slots, mismatched)
      const base = multi ? { ...pairBase, slot: merged.slot, slotResults: merged.slotResults } : pairBase
      const o = merged.outcome
      if (!o.ok) {
        out[index] = { ...base, status: 'error', error: o.error.message, log10Lr: null, inconsistentLoci: 0, comparedLoci: 0, perLocus: [] }
        continue
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
    }
    lineage.sync()
    return out.map((r, i) => {
      if (r === undefined) throw new Error(`internal: pair ${i} of the batch got no result from the runner`)
      return withLineage(lineage, r, pairs[i].c, pairs[i].p)
    })
  }

  /** True when a record still has the inputs it was loaded with (not changed by another request meanwhile). */
  function isCurrent (side: 'case' | 'person', r: { id: string, inputHash: string }): boolean {
    const now = (side === 'case' ? caseHashNow : personHashNow).get(r.id) as { h: string } | undefined
    return now?.h === r.inputHash
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
      recorder.save(result, { kind: 'search' })
      stored++
    }
    return stored
  })

  return {
    modelFor,
    currentPairHash,
    lineage,
    compute,
    storeFresh,
    isFresh,
    recorder,
    screen,
    caseSearchKey,
    personSearchKey,
    caseSearched,
    personSearched,
    /** Searches a case against every open person of its missing person's sex and stores what may reach the floor. */
    async searchCase (caseId: string): Promise<SearchOutcome> {
      const c = cases.get(caseId)
      if (c === undefined || c.status !== 'open') return { compared: 0, scored: 0, stored: 0 }
      const ids = await screen.personsForCase(c)
      let stored = 0
      for (let i = 0; i < ids.length; i += batchSize) {
        const people = ids.slice(i, i + batchSize).map((id) => persons.get(id)).filter((p): p is PersonRecord => p?.status === 'open')
        stored += storeFresh(await compute(people.map((p) => ({ c, p }))))
      }
      // Slots the screen does not cover (slot-targets.ts): every open person of their sex, kept from the floor up.
      const extra = slotTargets.personsForCase(c, ids)
      for (let i = 0; i < extra.length; i += batchSize) {
        const people = extra.slice(i, i + batchSize).map((id) => persons.get(id)).filter((p): p is PersonRecord => p?.status === 'open')
        stored += storeFresh((await compute(people.map((p) => ({ c, p })))).filter(reachesFloor))
      }
      // The lineage screen (lineage-evidence.ts): pairs the autosomal screen left out that lineage markers may lift to the floor.
      const lifted = lineage.personsLiftedFor(c, new Set([...ids, ...extra]))
      for (let i = 0; i < lifted.length; i += batchSize) {
        const people = lifted.slice(i, i + batchSize).map((id) => persons.get(id)).filter((p): p is PersonRecord => p?.status === 'open')
        stored += storeFresh((await compute(people.map((p) => ({ c, p })))).filter(liftedToFloor))
      }
      if (isCurrent('case', c)) marks.mark('case', c.id, caseSearchKey(c))
      for (const listener of caseSearched) listener(c.id)
      return { compared: screen.comparedForCase(c.id), scored: ids.length + extra.length + lifted.length, stored }
    },
    /** Searches a person against every open case of the same missing-person sex and stores what may reach the floor. */
    async searchPerson (personId: string): Promise<SearchOutcome> {
      const p = persons.get(personId)
      if (p === undefined || p.status !== 'open') return { compared: 0, scored: 0, stored: 0 }
      const ids = await screen.casesForPerson(p)
      let stored = 0
      for (let i = 0; i < ids.length; i += batchSize) {
        const batch: CaseRecord[] = []
        for (const id of ids.slice(i, i + batchSize)) {
          const c = cases.get(id)
          if (c?.status === 'open') batch.push(c)
          else screen.drop('case', id) // closed or gone since its table was built
        }
        stored += storeFresh(await compute(batch.map((c) => ({ c, p }))))
      }
      const extra = slotTargets.casesForPerson(p, ids)
      for (let i = 0; i < extra.length; i += batchSize) {
        const batch = extra.slice(i, i + batchSize).map((id) => cases.get(id)).filter((c): c is CaseRecord => c?.status === 'open')
        stored += storeFresh((await compute(batch.map((c) => ({ c, p })))).filter(reachesFloor))
      }
      const lifted = lineage.casesLiftedFor(p, new Set([...ids, ...extra]))
      for (let i = 0; i < lifted.length; i += batchSize) {
        const batch = lifted.slice(i, i + batchSize).map((id) => cases.get(id)).filter((c): c is CaseRecord => c?.status === 'open')
        stored += storeFresh((await compute(batch.map((c) => ({ c, p })))).filter(liftedToFloor))
      }
      if (isCurrent('person', p)) marks.mark('person', p.id, personSearchKey(p))
      for (const listener of personSearched) listener(p.id)
      return { compared: screen.comparedForPerson(p.id), scored: ids.length + extra.length + lifted.length, stored }
    },
    /** After a bulk write (an import): the screen resyncs with the database before its next search. */
    noteBulkWrite: (): void => { screen.invalidate() },
    /** Persons an import of this process has just committed, fed to the screen as written (no resync). */
    noteImportedPersons: async (stored: readonly ScreenedPerson[]): Promise<void> => { await screen.putPersons(stored) }
  }
}

export type MatchService = ReturnType<typeof createMatchService>
