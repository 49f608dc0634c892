import { createHash } from 'node:crypto'
import { canonicalJson } from './canonical-json.ts'
import type { MatchReport } from './match-report-types.ts'

/** What the content hash leaves out: when it was printed, and who issued and reviewed it under which number. */
type Unhashed = 'contentHash' | 'generatedAt' | 'issue' | 'reviews'

/**
 * The content hash of a report: SHA-256 over the canonical JSON of its findings, as 'sha256:<64 hex>':
 * the whole report except `generatedAt`, `contentHash` itself, and the `issue` (number, version, agency,
 * analyst) and `reviews` attached around the findings. Two runs on the same inputs give the same hash
 * whenever they were generated, in whatever language they are printed; any changed genotype, LR, class,
 * version or prior changes it. The report number is bound to the hash (one version per hash), and the
 * reviews are a record of their own (append-only, audited), so neither is needed inside it.
 */
export function reportHash (report: Omit<MatchReport, Unhashed> & Partial<Pick<MatchReport, Unhashed>>): string {
  const { contentHash: _hash, generatedAt: _at, issue: _issue, reviews: _reviews, ...content } = report
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
