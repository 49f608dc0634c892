/**
 * The back-off after failed sign-ins (and bad API tokens): a few mistakes are free, then each further
 * failure locks the key (an account name, a client address) for twice as long as the last, up to a
 * ceiling. Online guessing is then limited to a handful of tries per hour per account and per address,
 * while a person who mistypes twice loses nothing. Pure: times are parameters.
 */
export interface BackOffPolicy {
  /** The failure that brings the first lock (the ones before it are free). */
  lockFrom: number
  /** The first lock, ms; doubles with each further failure. */
  baseDelayMs: number
  /** The longest lock, ms. */
  maxDelayMs: number
  /** A key with no failure for this long starts afresh, ms. */
  forgetAfterMs: number
}

/** After 5 failures: 1 s, 2 s, 4 s, … up to 15 min; forgotten after a day without failure. */
export const DEFAULT_BACK_OFF: BackOffPolicy = { lockFrom: 5, baseDelayMs: 1000, maxDelayMs: 15 * 60_000, forgetAfterMs: 24 * 3_600_000 }

export interface BackOffState {
  failures: number
  lastFailureMs: number
}

/**
 * How long a key is locked after its `failures`-th failure, ms: 0 before `lockFrom`, then
 * base·2^(failures − lockFrom), capped. Example with the default: lockMs(5) → 1000, lockMs(6) → 2000,
 * lockMs(15) → 900000 (2^10 s = 1024 s, capped at 15 min), lockMs(4) → 0.
 */
export function lockMs (failures: number, policy: BackOffPolicy = DEFAULT_BACK_OFF): number {
  if (failures < policy.lockFrom) return 0
  const exponent = failures - policy.lockFrom
  // 2^exponent overflows nothing below 2^1023; past ~30 the cap applies anyway.
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(exponent, 40))
}

/** The state after one more failure at `nowMs` (a stale state starts again from zero). */
export function recordFailure (state: BackOffState | undefined, nowMs: number, policy: BackOffPolicy = DEFAULT_BACK_OFF): BackOffState {
  const live = state !== undefined && nowMs - state.lastFailureMs < policy.forgetAfterMs
  return { failures: (live ? state.failures : 0) + 1, lastFailureMs: nowMs }
}

/**
 * Milliseconds the key must still wait at `nowMs` (0: an attempt may be made).
 * Example: after the 6th failure at t = 0, retryAfterMs(state, 1500) → 500.
 */
export function retryAfterMs (state: BackOffState | undefined, nowMs: number, policy: BackOffPolicy = DEFAULT_BACK_OFF): number {
  if (state === undefined || nowMs - state.lastFailureMs >= policy.forgetAfterMs) return 0
  return Math.max(0, state.lastFailureMs + lockMs(state.failures, policy) - nowMs)
}
