/**
 * The distribution of the number of successes among independent trials with probabilities q[0…L−1]
 * (the Poisson-binomial), exactly, by adding one trial at a time: out[k] = P(exactly k successes).
 *
 * @example poissonBinomial([0.5, 0.5]) // [0.25, 0.5, 0.25]
 */
export function poissonBinomial (q: readonly number[]): number[] {
  let dist = [1]
  for (const p of q) {
    const next = new Array<number>(dist.length + 1).fill(0)
    for (let k = 0; k < dist.length; k++) {
      next[k] += dist[k] * (1 - p)
      next[k + 1] += dist[k] * p
    }
    dist = next
  }
  return dist
}

/**
 * P(at least k successes) from a distribution as poissonBinomial gives it.
 *
 * @example atLeast([0.25, 0.5, 0.25], 1) // 0.75
 */
export function atLeast (dist: readonly number[], k: number): number {
  let p = 0
  for (let i = Math.max(0, k); i < dist.length; i++) p += dist[i]
  return Math.min(1, p)
}
