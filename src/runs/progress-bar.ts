import type { RerunProgress } from './rerun-service.ts'

/**
 * One line of progress: bar, done/total, percentage, rate and ETA.
 *
 * @example progressLine({ done: 50, total: 200, rate: 25, etaSeconds: 6 }, 20)
 *   // '[#####...............] 50/200 25.0% 25.0 pairs/s ETA 6s'
 */
export function progressLine (p: Pick<RerunProgress, 'done' | 'total' | 'rate' | 'etaSeconds'>, width = 30): string {
  const fraction = p.total === 0 ? 1 : p.done / p.total
  const filled = Math.round(fraction * width)
  const bar = '#'.repeat(filled) + '.'.repeat(width - filled)
  const rate = p.rate === null ? '-' : p.rate.toFixed(1)
  const eta = p.etaSeconds === null ? '-' : formatSeconds(p.etaSeconds)
  return `[${bar}] ${p.done}/${p.total} ${(fraction * 100).toFixed(1)}% ${rate} pairs/s ETA ${eta}`
}

function formatSeconds (s: number): string {
  if (s < 60) return `${Math.ceil(s)}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m${String(Math.ceil(s - m * 60)).padStart(2, '0')}s`
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`
}
