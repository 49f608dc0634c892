import type { Principal } from './plugins/auth.ts'

/**
 * What a lab account may learn from an answer (issue 15, item 9): about its own records only. How many
 * entries a search compared and stored tells the size and shape of the database (how many open cases of
 * a sex, how many pairs came near the floor), which is not a lab's to know; caseworkers read the
 * candidate lists, where these counts belong.
 */
export function mayReadSearch (who: Pick<Principal, 'role'>): boolean {
  return who.role !== 'lab'
}

/** `{ search }` for an upload's answer, or nothing for a lab. */
export function searchSummaryFor<T> (who: Pick<Principal, 'role'>, search: T): { search?: T } {
  return mayReadSearch(who) ? { search } : {}
}
