/**
 * What the list queries of cases and persons share: the search text as LIKE patterns (its own % and _
 * taken literally) and which stored results count as candidates (the rule of src/runs/candidates.ts).
 */

/** At most this much of the search text is used: ids, places and dates are short. */
export const MAX_SEARCH_LENGTH = 100

/** The text with LIKE's wildcards and the escape character escaped (ESCAPE '\'). */
export function escapeLike (text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/** A search that reads as a (partial) date: 2014, 2014-08, 2014-08-03. */
const DATE_PREFIX = /^\d{4}(-\d{2}(-\d{2})?)?$/

/**
 * The search text as a query binds it: `contains`, a LIKE pattern for ids and places, and `date` when
 * the text reads as a date, compared with the start of recorded dates ("2014-08" finds every day of that
 * month) as a plain prefix, cheaper than a LIKE. undefined when there is nothing to search for.
 *
 * @example searchPatterns(' 50%_ ') // { contains: '%50\\%\\_%' }
 * @example searchPatterns('2014-08') // { contains: '%2014-08%', date: '2014-08' }
 */
export function searchPatterns (q: string | undefined): { contains: string, date?: string } | undefined {
  const text = (q ?? '').trim().slice(0, MAX_SEARCH_LENGTH)
  if (text === '') return undefined
  return { contains: `%${escapeLike(text)}%`, ...(DATE_PREFIX.test(text) ? { date: text } : {}) }
}

/**
 * SQL (over match_results aliased `m`) for a stored result that a candidate list shows: scored at or
 * above the floor, or an exclusion when the floor is off (every pair listed). Binds @min, @withExcluded.
 */
export const LISTED_RESULT = "((m.status = 'scored' AND m.log10_lr >= @min) OR (m.status = 'excluded' AND @withExcluded = 1))"

/** The bind values of LISTED_RESULT for a log10 candidate floor (−∞: every pair is listed). */
export function listedBinds (log10Floor: number): { min: number, withExcluded: 0 | 1 } {
  // as candidateList: a sum of per-locus log10 LRs carries ~1e-15 of rounding
  return Number.isFinite(log10Floor) ? { min: log10Floor - 1e-9, withExcluded: 0 } : { min: -1e308, withExcluded: 1 }
}
