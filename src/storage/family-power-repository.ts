import type { FamilyPower, NextRelativePower, PowerSettings } from '../core/power/family-power-types.ts'
import type { Sex } from '../core/markers/profile.ts'
import type { Database } from './database.ts'

/** What one computation produced for a case: figures only, never a genotype. */
export interface PowerFigures {
  power: FamilyPower
  /** Best first (the ranking of nextRelatives). */
  nextRelatives: NextRelativePower[]
  /** What it was asked (thresholds, seed, simulations, rule, database size at the time). */
  settings: PowerSettings
}

/** The inputs a value was computed from: a stored value is current only while these are today's. */
export interface PowerInputs {
  caseHash: string
  frequencyTableId: string
  frequencyTableVersion: string
  modelVersion: string
  methodVersion: string
}

export type StoredPower = PowerInputs & { caseId: string, computedAt: string } & (
  | { status: 'ready', figures: PowerFigures }
  | { status: 'failed', error: string }
)

/** One row of the weak-case list. */
export interface WeakCaseRow {
  caseId: string
  missingPersonSex: Sex
  born?: string
  missingSince?: string
  assignee?: string
  computedAt: string
  frequencyTableId: string
  /** The model key it was computed under: another than today's is shown flagged until the sweep replaces it. */
  modelKey: string
  figures: PowerFigures
}

export interface WeakCaseFilter {
  /** Cases whose P(LR ≥ 10^4 | the true child) is below this. */
  bar: number
  /** 'gain': the best next relative's gain first (outreach order); 'power': the weakest first. */
  sort: 'gain' | 'power'
  limit: number
  offset: number
  /**
   * Who may see which cases: a condition on `c.unit_id` ('' for everything) and its binds, as the unit scope
   * gives it for the case list (src/storage/unit-scope.ts), so the weak list shows no case the list hides.
   */
  scope?: { sql: string, binds: Record<string, unknown> }
}

/** '<table version> <model version> <method version>': compared in SQL by the sweep. */
export function modelKeyOf (i: Pick<PowerInputs, 'frequencyTableVersion' | 'modelVersion' | 'methodVersion'>): string {
  return `${i.frequencyTableVersion} ${i.modelVersion} ${i.methodVersion}`
}

/** The threshold whose probability the weak list reads: the match level of GB/T 37223 and dvir. */
export const MATCH_LR = 10_000

interface Row {
  case_id: string
  case_hash: string
  frequency_table_id: string
  frequency_table_version: string
  model_version: string
  method_version: string
  status: 'ready' | 'failed'
  figures_json: string | null
  error: string | null
  computed_at: string
}

interface WeakRow {
  case_id: string
  frequency_table_id: string
  model_key: string
  figures_json: string
  computed_at: string
  missing_person_sex: Sex
  born: string | null
  missing_since: string | null
  assignee: string | null
}

/** P(LR ≥ lr | the true child) of a result (the midpoint of its bounds), or 0 when lr was not asked. */
export function pAtLeast (power: FamilyPower, lr: number): number {
  return power.trueChild.pLrAtLeast.find((x) => x.lr === lr)?.probability ?? 0
}

/**
 * Stored family power (migration 074), one row per case, replaced by each computation. The weak-case list
 * reads only open cases whose references are the ones the value was computed from; a value of an older
 * model is listed, flagged by its model key, until the sweep has replaced it.
 */
export function createFamilyPowerRepository (db: Database) {
  const upsert = db.prepare(`INSERT INTO family_power (case_id, case_hash, frequency_table_id, frequency_table_version, model_version, method_version, model_key, status, p_match, best_gain, figures_json, error, computed_at)
    VALUES (@case_id, @case_hash, @frequency_table_id, @frequency_table_version, @model_version, @method_version, @model_key, @status, @p_match, @best_gain, @figures_json, @error, @computed_at)
    ON CONFLICT (case_id) DO UPDATE SET case_hash = excluded.case_hash, frequency_table_id = excluded.frequency_table_id,
      frequency_table_version = excluded.frequency_table_version, model_version = excluded.model_version, method_version = excluded.method_version,
      model_key = excluded.model_key, status = excluded.status, p_match = excluded.p_match, best_gain = excluded.best_gain,
      figures_json = excluded.figures_json, error = excluded.error, computed_at = excluded.computed_at`)
  const getRow = db.prepare('SELECT * FROM family_power WHERE case_id = ?')
  const tables = db.prepare("SELECT DISTINCT frequency_table_id AS id FROM cases WHERE status = 'open'")
  // open cases of one table with no value, or one computed from other references or another model key
  const stale = db.prepare(`SELECT c.id FROM cases c LEFT JOIN family_power fp ON fp.case_id = c.id
    WHERE c.status = 'open' AND c.frequency_table_id = @table
      AND (fp.case_id IS NULL OR fp.case_hash <> c.input_hash OR fp.model_key <> @model_key)
    ORDER BY c.created_at, c.id`)
  // SQLite sorts NULL lowest, so cases with no relative left to add come last
  const ORDER = { gain: 'fp.best_gain DESC, fp.case_id', power: 'fp.p_match, fp.case_id' } as const
  const statements = new Map<string, ReturnType<Database['prepare']>>()
  // one statement per order and scope condition (the SQL holds no user text: the scope's is a fixed subquery)
  const weak = (sort: 'gain' | 'power', scope: string): ReturnType<Database['prepare']> => {
    const key = `${sort}\u0000${scope}`
    let s = statements.get(key)
    if (s === undefined) {
      s = db.prepare(`SELECT fp.case_id, fp.frequency_table_id, fp.model_key, fp.figures_json, fp.computed_at,
          c.missing_person_sex, c.born, c.missing_since, u.name AS assignee
        FROM family_power fp JOIN cases c ON c.id = fp.case_id
        LEFT JOIN case_assignments ca ON ca.case_id = c.id LEFT JOIN users u ON u.id = ca.user_id
        WHERE fp.status = 'ready' AND fp.p_match < @bar AND c.status = 'open' AND fp.case_hash = c.input_hash
          ${scope === '' ? '' : `AND ${scope}`}
        ORDER BY ${ORDER[sort]} LIMIT @limit OFFSET @offset`)
      statements.set(key, s)
    }
    return s
  }

  function toStored (r: Row): StoredPower {
    const base = {
      caseId: r.case_id,
      caseHash: r.case_hash,
      frequencyTableId: r.frequency_table_id,
      frequencyTableVersion: r.frequency_table_version,
      modelVersion: r.model_version,
      methodVersion: r.method_version,
      computedAt: r.computed_at
    }
    return r.status === 'ready'
      ? { ...base, status: 'ready', figures: JSON.parse(r.figures_json!) as PowerFigures }
      : { ...base, status: 'failed', error: r.error! }
  }

  return {
    /** Stores (replaces) a case's value with the inputs it was computed from. */
    save (caseId: string, inputs: PowerInputs, outcome: { figures: PowerFigures } | { error: string }, computedAt: string = new Date().toISOString()): void {
      const ready = 'figures' in outcome
      const best = ready ? outcome.figures.nextRelatives[0] : undefined
      upsert.run({
        case_id: caseId,
        case_hash: inputs.caseHash,
        frequency_table_id: inputs.frequencyTableId,
        frequency_table_version: inputs.frequencyTableVersion,
        model_version: inputs.modelVersion,
        method_version: inputs.methodVersion,
        model_key: modelKeyOf(inputs),
        status: ready ? 'ready' : 'failed',
        p_match: ready ? pAtLeast(outcome.figures.power, MATCH_LR) : null,
        best_gain: best?.gainPLrAtLeast ?? null,
        figures_json: ready ? JSON.stringify(outcome.figures) : null,
        error: ready ? null : outcome.error,
        computed_at: computedAt
      })
    },
    get (caseId: string): StoredPower | undefined {
      const r = getRow.get(caseId) as Row | undefined
      return r === undefined ? undefined : toStored(r)
    },
    /** The populations open cases use (the sweep asks each its model key). */
    openTables: (): string[] => (tables.all() as Array<{ id: string }>).map((r) => r.id),
    /** Open cases of a table whose value is missing or was computed from other inputs, oldest first. */
    staleOpenCases: (tableId: string, modelKey: string): string[] =>
      (stale.all({ table: tableId, model_key: modelKey }) as Array<{ id: string }>).map((r) => r.id),
    /** Open cases below the bar, one page (reading one row past it for hasMore). */
    weakPage (f: WeakCaseFilter): { rows: WeakCaseRow[], hasMore: boolean } {
      const rows = weak(f.sort, f.scope?.sql ?? '').all({ ...f.scope?.binds, bar: f.bar, limit: f.limit + 1, offset: f.offset }) as WeakRow[]
      return {
        hasMore: rows.length > f.limit,
        rows: rows.slice(0, f.limit).map((r) => ({
          caseId: r.case_id,
          missingPersonSex: r.missing_person_sex,
          ...(r.born === null ? {} : { born: r.born }),
          ...(r.missing_since === null ? {} : { missingSince: r.missing_since }),
          ...(r.assignee === null ? {} : { assignee: r.assignee }),
          computedAt: r.computed_at,
          frequencyTableId: r.frequency_table_id,
          modelKey: r.model_key,
          figures: JSON.parse(r.figures_json) as PowerFigures
        }))
      }
    }
  }
}

export type FamilyPowerRepository = ReturnType<typeof createFamilyPowerRepository>
