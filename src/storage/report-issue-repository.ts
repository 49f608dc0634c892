import type { Database } from './database.ts'

/** A numbered version of a pair's report (migration 071). */
export interface ReportIssueRecord {
  reportNumber: string
  version: number
  analyst: string
  issuedAt: string
}

interface Row { report_number: string, version: number, analyst: string, issued_at: string }

/**
 * Report numbers: one per case/person pair, one version per content hash, assigned the first time and
 * returned unchanged after (whoever asks, in whatever language), so a printed number always names the
 * same findings.
 */
export function createReportIssueRepository (db: Database) {
  const find = db.prepare('SELECT report_number, version, analyst, issued_at FROM report_issues WHERE case_id = ? AND person_id = ? AND content_hash = ?')
  const latest = db.prepare('SELECT report_number, version FROM report_issues WHERE case_id = ? AND person_id = ? ORDER BY version DESC LIMIT 1')
  const insert = db.prepare('INSERT INTO report_issues (case_id, person_id, content_hash, report_number, version, analyst, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
  const setNumber = db.prepare('UPDATE report_issues SET report_number = ? WHERE id = ?')
  const toRecord = (r: Row): ReportIssueRecord => ({ reportNumber: r.report_number, version: r.version, analyst: r.analyst, issuedAt: r.issued_at })

  // one transaction: two requests for a new version cannot both take it (better-sqlite3 runs it atomically)
  const issue = db.transaction((caseId: string, personId: string, contentHash: string, analyst: string, now: string): ReportIssueRecord => {
    const known = find.get(caseId, personId, contentHash) as Row | undefined
    if (known !== undefined) return toRecord(known)
    const prev = latest.get(caseId, personId) as { report_number: string, version: number } | undefined
    if (prev !== undefined) {
      insert.run(caseId, personId, contentHash, prev.report_number, prev.version + 1, analyst, now)
    } else {
      // the number comes from the row's own id, which AUTOINCREMENT never hands out twice, even after expungement
      const id = Number(insert.run(caseId, personId, contentHash, `pending-${contentHash}`, 1, analyst, now).lastInsertRowid)
      setNumber.run(`HW-${now.slice(0, 4)}-${String(id).padStart(6, '0')}`, id)
    }
    return toRecord(find.get(caseId, personId, contentHash) as Row)
  })

  return {
    /** The numbered version of these findings, issued now by `analyst` if they are new. */
    issue: (caseId: string, personId: string, contentHash: string, analyst: string, now: string = new Date().toISOString()): ReportIssueRecord =>
      issue(caseId, personId, contentHash, analyst, now)
  }
}

export type ReportIssueRepository = ReturnType<typeof createReportIssueRepository>
