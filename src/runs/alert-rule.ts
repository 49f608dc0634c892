/** The kinds of alert a stored result can raise, and the identification's when a case's conclusion changes (identification-service.ts). */
export type AlertKind = 'new-candidate' | 'new-match' | 'crossed-threshold' | 'identification-changed'

/**
 * Which alert, if any, a newly stored result raises, given what was stored for the pair before.
 * - 'new-match': the pair reaches the threshold and was not a candidate before (absent, excluded, below the floor);
 * - 'new-candidate': it reaches the floor (not the threshold) and was not a candidate before;
 * - 'crossed-threshold': it was a candidate below the threshold and now reaches it.
 * A pair that stays where it was raises nothing, so a rerun that changes nothing is silent. The floor used
 * is at least LR 1 (log10 0): with the candidate floor 0 every pair is stored, and an LR below 1 supports
 * nothing a caseworker must act on.
 *
 * @example alertKind(undefined, 4.2, 3, 4) === 'new-match'; alertKind(3.5, 4.2, 3, 4) === 'crossed-threshold'
 */
export function alertKind (previousLog10Lr: number | null | undefined, log10Lr: number | null, log10Floor: number, log10Threshold: number): AlertKind | null {
  if (log10Lr === null) return null
  const floor = Math.max(log10Floor, 0)
  const wasCandidate = previousLog10Lr !== null && previousLog10Lr !== undefined && previousLog10Lr >= floor
  if (log10Lr >= log10Threshold) {
    if (!wasCandidate) return 'new-match'
    return previousLog10Lr < log10Threshold ? 'crossed-threshold' : null
  }
  if (log10Lr >= floor && !wasCandidate) return 'new-candidate'
  return null
}
