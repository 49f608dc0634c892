import type { FastifyReply } from 'fastify'
import { DEFAULT_BACK_OFF, lockMs, recordFailure, retryAfterMs, type BackOffPolicy, type BackOffState } from '../../core/trust/back-off.ts'
import { fail } from '../../core/errors.ts'

/**
 * Failure counts per key ('account:NAME', 'address:IP', 'token-address:IP'), in memory. Not in SQLite:
 * a flood of bad tokens must not become a flood of writes on the one writer, and a restart (which an
 * attacker cannot cause) forgetting the counts gives back at most a few free tries.
 * Bounded: past `maxKeys` the least recently failed key is forgotten, so a spray of invented names
 * cannot grow the heap; the address key of the sprayer is still counted and locks.
 */
export function createBackOffTracker (options: { now: () => Date, policy?: BackOffPolicy, maxKeys?: number }) {
  const policy = options.policy ?? DEFAULT_BACK_OFF
  const maxKeys = options.maxKeys ?? 100_000
  const states = new Map<string, BackOffState>()
  const inFlight = new Map<string, number>()

  function waitFor (key: string, now: number): number {
    const state = states.get(key)
    const wait = retryAfterMs(state, now, policy)
    const pending = inFlight.get(key) ?? 0
    if (pending === 0) return wait
    // Attempts still being checked count as failures already: otherwise a hundred sign-ins sent at
    // once would all pass this check before the first of their (slow) password hashes is done.
    const live = state !== undefined && now - state.lastFailureMs < policy.forgetAfterMs ? state.failures : 0
    return Math.max(wait, lockMs(live + pending, policy))
  }

  /** Milliseconds the longest-locked of `keys` must still wait (0: go ahead). */
  function wait (keys: readonly string[]): number {
    const now = options.now().getTime()
    return Math.max(0, ...keys.map((k) => waitFor(k, now)))
  }

  /** Counts a failure on each key; returns the lock now in force, ms (0 while failures are still free). */
  function failed (keys: readonly string[]): number {
    const now = options.now().getTime()
    for (const key of keys) {
      const next = recordFailure(states.get(key), now, policy)
      states.delete(key) // re-inserted last: Map order is then least recently failed first
      states.set(key, next)
      if (states.size > maxKeys) states.delete(states.keys().next().value as string)
    }
    // The lock this failure brings (the caller's own attempt, still in flight, is not counted twice).
    return Math.max(0, ...keys.map((k) => retryAfterMs(states.get(k), now, policy)))
  }

  /** Forgets a key's failures (a successful sign-in clears its account, never its address). */
  function succeeded (key: string): void {
    states.delete(key)
  }

  /** Starts a slow attempt under `keys`: the wait if locked, else 0 and the attempt counted in flight until {@link end}. */
  function begin (keys: readonly string[]): number {
    const ms = wait(keys)
    if (ms === 0) for (const k of keys) inFlight.set(k, (inFlight.get(k) ?? 0) + 1)
    return ms
  }

  function end (keys: readonly string[]): void {
    for (const k of keys) {
      const n = (inFlight.get(k) ?? 1) - 1
      if (n <= 0) inFlight.delete(k); else inFlight.set(k, n)
    }
  }

  return { wait, failed, succeeded, begin, end }
}

export type BackOffTracker = ReturnType<typeof createBackOffTracker>

/** Answers 429 with Retry-After (whole seconds, rounded up) for a locked key. */
export function refuseLocked (reply: FastifyReply, waitMs: number, what: string): never {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000))
  reply.header('retry-after', String(seconds))
  return fail('RATE_LIMITED', `too many failed ${what} from here or for this account: try again in ${seconds} s`, { retryAfterSeconds: seconds })
}
