import type { Database } from './database.ts'

export type ReviewDecision = 'confirmed' | 'rejected'

export interface Review {
  id: number
  caseId: string
  personId: string
  decision: ReviewDecision
  note: string
  reviewer?: string
  log10Lr: number | null
  createdAt: string
}

interface ReviewRow {
  id: number
  case_id: string
  person_id: string
  decision: ReviewDecision
  note: string
  reviewer: string | null
  log10_lr: number | null
  created_at: string
}

function toReview (r: ReviewRow): Review {
  const v: Review = { id: r.id, caseId: r.case_id, personId: r.person_id, decision: r.decision, note: r.note, log10Lr: r.log10_lr, createdAt: r.created_at }
  if (r.reviewer !== null) v.reviewer = r.reviewer
  return v
}

/** Caseworkers' reviews of candidates: append-only; the latest review of a pair is its state. */
export function createReviewRepository (db: Database) {
  const insert = db.prepare('INSERT INTO reviews (case_id, person_id, decision, note, reviewer, log10_lr, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
  const byId = db.prepare('SELECT * FROM reviews WHERE id = ?')
  const forPair = db.prepare('SELECT * FROM reviews WHERE case_id = ? AND person_id = ? ORDER BY id')
  const forCase = db.prepare('SELECT * FROM reviews WHERE case_id = ? ORDER BY id')
  const latest = db.prepare('SELECT * FROM reviews WHERE case_id = ? AND person_id = ? ORDER BY id DESC LIMIT 1')
  return {
    add (r: Omit<Review, 'id' | 'createdAt'>, now: string = new Date().toISOString()): Review {
      const id = Number(insert.run(r.caseId, r.personId, r.decision, r.note, r.reviewer ?? null, r.log10Lr, now).lastInsertRowid)
      return toReview(byId.get(id) as ReviewRow)
    },
    forPair: (caseId: string, personId: string): Review[] => (forPair.all(caseId, personId) as ReviewRow[]).map(toReview),
    forCase: (caseId: string): Review[] => (forCase.all(caseId) as ReviewRow[]).map(toReview),
    latest: (caseId: string, personId: string): Review | undefined => {
      const row = latest.get(caseId, personId) as ReviewRow | undefined
      return row === undefined ? undefined : toReview(row)
    }
  }
}

export type ReviewRepository = ReturnType<typeof createReviewRepository>
