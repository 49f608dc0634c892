import { createHash } from 'node:crypto'
import { canonicalJson } from './canonical-json.ts'
import type { MatchReport } from './match-report-types.ts'

/**
 * The content hash of a report: SHA-256 over the canonical JSON of the whole report except
 * `generatedAt` and `contentHash` itself, as 'sha256:<64 hex>'. Two runs on the same inputs give
 * the same hash whenever they were generated; any changed genotype, LR, class, version or prior changes it.
 */
export function reportHash (report: Omit<MatchReport, 'contentHash' | 'generatedAt'> & Partial<Pick<MatchReport, 'contentHash' | 'generatedAt'>>): string {
  const { contentHash: _hash, generatedAt: _at, ...content } = report
  return `sha256:${createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex')}`
}

/**
 * True when the report's contentHash matches its content; works on a report parsed back from JSON.
 * False for anything tampered with, or not shaped like a report.
 */
export function verifyReportHash (report: MatchReport): boolean {
  if (typeof report !== 'object' || report === null || typeof report.contentHash !== 'string') return false
  try {
    return reportHash(report) === report.contentHash
  } catch {
    return false // e.g. a non-finite number slipped in: not a report this code produced
  }
}
