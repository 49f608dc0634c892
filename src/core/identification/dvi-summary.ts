/** dvir's words for what is concluded about a missing person or a victim. */
export type DviConclusion =
  | 'Undisputed' | 'Match (GLR)' | 'Symmetric match' | 'Probable' | 'Inconclusive' | 'Disputed'
  | 'No match' | 'Excluded' | 'Nonidentifiable'

/**
 * One row of a summary, as dvir's AM (one per missing person) and PM (one per victim) tables. LRs are natural
 * logarithms (lnLr −Infinity is an LR of 0); null where dvir writes NA. `sample` is a victim id or "V2/V3"
 * (a symmetric match), `missing` a slot id or "M2/M3".
 */
export interface DviRow {
  family: string | null
  missing: string | null
  sample: string | null
  lnLr: number | null
  lnGlr: number | null
  conclusion: DviConclusion | null
  comment: string | null
}

/** A row with the fields it does not name left NA, as dvir's formatSummary fills them. */
export function row (fields: Partial<DviRow>): DviRow {
  return { family: null, missing: null, sample: null, lnLr: null, lnGlr: null, conclusion: null, comment: null, ...fields }
}

/**
 * dvir's formatSummary with a dataset: one row per key, in the given order, taking the first row that names
 * it among the summaries (in the order they were made); keys nobody named get an empty row.
 */
export function summaryBy (rows: readonly DviRow[], keys: readonly string[], by: 'missing' | 'sample', fill: (key: string) => Partial<DviRow>): DviRow[] {
  return keys.map((k) => rows.find((r) => r[by] === k) ?? row({ ...fill(k), [by]: k }))
}

/** The largest entry that is not NA, or null (dvir's .safeMax). */
export function safeMax (values: ReadonlyArray<number | null>): number | null {
  let best: number | null = null
  for (const v of values) if (v !== null && (best === null || v > best)) best = v
  return best
}

/** LR (given as ln) in dvir's "%.2g" style for comments. */
export function formatLr (lnLr: number): string {
  return Number(Math.exp(lnLr).toPrecision(2)).toString()
}
