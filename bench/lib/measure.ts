/** Small helpers for the benchmark tables: medians, wall-clock timing, memory, markdown tables. */

export function median (xs: readonly number[]): number {
  if (xs.length === 0) return NaN
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2
}

/** Milliseconds an async step takes, with its result. */
export async function timed<T> (fn: () => Promise<T> | T): Promise<{ ms: number, value: T }> {
  const t0 = performance.now()
  const value = await fn()
  return { ms: performance.now() - t0, value }
}

/** Peak resident set of the whole process (main thread and workers share it), in MiB. */
export function peakRssMiB (): number {
  return process.resourceUsage().maxRSS / 1024
}

export function fmtMs (ms: number): string {
  if (!Number.isFinite(ms)) return '–'
  if (ms >= 60_000) return `${(ms / 60_000).toFixed(1)} min`
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`
  return `${ms.toFixed(1)} ms`
}

export function fmtInt (n: number): string {
  return n.toLocaleString('en-US')
}

/** Prints a markdown table. */
export function printTable (title: string, header: readonly string[], rows: ReadonlyArray<readonly string[]>): void {
  console.log(`\n### ${title}\n`)
  console.log(`| ${header.join(' | ')} |`)
  console.log(`|${header.map(() => '---').join('|')}|`)
  for (const r of rows) console.log(`| ${r.join(' | ')} |`)
}
