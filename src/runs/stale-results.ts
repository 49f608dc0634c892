import type { Database } from '../storage/database.ts'
import type { MatchResult } from '../storage/result-repository.ts'
import type { MatchModel } from './match-model.ts'

/** The model a population's results must have been computed under to be current (undefined: table gone). */
export type CurrentModel = (tableId: string) => { modelVersion: string, tableVersion: string } | undefined

/** Whether a stored result is current; `staleReason` says what changed since it was computed. */
export interface Staleness {
  stale: boolean
  staleReason: string | null
}

/** The current model of each table, as the match service builds it (a table no longer stored has none). */
export function currentModelOf (modelFor: (tableId: string) => MatchModel): CurrentModel {
  return (tableId) => {
    try {
      const m = modelFor(tableId)
      return { modelVersion: m.modelVersion, tableVersion: m.table.version }
    } catch {
      return undefined
    }
  }
}

/**
 * A result is stale when it was computed under another model (θ, mutation, unknown-allele rule, engine)
 * or another version of its frequency table than the service uses now: its LR is not what the service
 * would compute today, so it is shown marked until a rerun replaces it, never silently as current.
 *
 * @example resultStaleness({ modelVersion: 'homeward-lr/1 theta=0.01 …', frequencyTableId: 't', frequencyTableVersion: '1' }, () => ({ modelVersion: 'homeward-lr/1 theta=0 …', tableVersion: '1' }))
 *   // { stale: true, staleReason: 'computed under model homeward-lr/1 theta=0.01 …; the current model is homeward-lr/1 theta=0 …: a rerun (POST /reruns or npx homeward rerun) replaces it' }
 */
export function resultStaleness (r: { modelVersion: string, frequencyTableId: string, frequencyTableVersion: string }, current: CurrentModel): Staleness {
  const now = current(r.frequencyTableId)
  const changes: string[] = []
  if (now === undefined) changes.push(`computed with frequency table ${r.frequencyTableId}, which is no longer installed`)
  else {
    if (r.modelVersion !== now.modelVersion) changes.push(`computed under model ${r.modelVersion}; the current model is ${now.modelVersion}`)
    if (r.frequencyTableVersion !== now.tableVersion) changes.push(`computed with version ${r.frequencyTableVersion} of frequency table ${r.frequencyTableId}; the current version is ${now.tableVersion}`)
  }
  if (changes.length === 0) return { stale: false, staleReason: null }
  return { stale: true, staleReason: `${changes.join('; ')}: ${RERUN_OFFER}` }
}

/**
 * The staleness of the stored result of each (case, person) pair, for what shows a pair outside a candidate
 * list (an alert, the pair page): a pair without a stored result has nothing stale to show.
 */
export function pairStaleness (results: { get: (caseId: string, personId: string) => MatchResult | undefined }, current: CurrentModel): (caseId: string, personId: string) => Staleness {
  return (caseId, personId) => {
    const r = results.get(caseId, personId)
    return r === undefined ? { stale: false, staleReason: null } : resultStaleness(r, current)
  }
}

/** How an operator replaces stale results: a rerun of what changed (it recomputes every pair whose model differs). */
export const RERUN_OFFER = 'a rerun (POST /reruns {"scope":"changed"} or npx homeward rerun) replaces it'

export interface StaleSummary {
  /** Stored results computed under another model or table version than the current one. */
  stale: number
  groups: Array<{ frequencyTableId: string, frequencyTableVersion: string, modelVersion: string, results: number, reason: string }>
  /** What to run (null when nothing is stale). */
  offer: { route: string, command: string } | null
}

/** Counts the stored results that are stale, grouped by the model and table version they were computed under. */
export function staleResultSummary (db: Database, current: CurrentModel): StaleSummary {
  const rows = db.prepare(`SELECT frequency_table_id AS t, frequency_table_version AS v, model_version AS m, COUNT(*) AS n
    FROM match_results GROUP BY frequency_table_id, frequency_table_version, model_version`).all() as Array<{ t: string, v: string, m: string, n: number }>
  const groups = []
  for (const row of rows) {
    const s = resultStaleness({ modelVersion: row.m, frequencyTableId: row.t, frequencyTableVersion: row.v }, current)
    if (s.stale) groups.push({ frequencyTableId: row.t, frequencyTableVersion: row.v, modelVersion: row.m, results: row.n, reason: s.staleReason ?? '' })
  }
  const stale = groups.reduce((n, g) => n + g.results, 0)
  return { stale, groups, offer: stale === 0 ? null : { route: 'POST /reruns {"scope":"changed"}', command: 'npx homeward rerun' } }
}
