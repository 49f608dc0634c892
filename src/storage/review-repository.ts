import type { Decision } from '../core/lr/decision.ts'
import type { Database } from './database.ts'
import { cipherOf } from './encryption-at-rest.ts'
import type { FieldCipher } from './field-cipher.ts'

export type ReviewDecision = 'confirmed' | 'rejected' | 'reopened'

/**
 * Which confirmation of the four-eyes rule a 'confirmed' review is: 'first' awaits a second, different
 * caseworker; 'second' closes the case and the person; 'single' closed them on one caseworker's word
 * before the rule existed (migration 062).
 */
export type ConfirmationStep = 'first' | 'second' | 'single'

export interface Review {
  id: number
  caseId: string
  personId: string
  decision: ReviewDecision
  note: string
  reviewer?: string
  log10Lr: number | null
  confirmation?: ConfirmationStep
  /** The standard's decision (GB/T 37223) on the pair when the reviewer decided. */
  lrDecision?: Decision
  /** Why a confirmation went against the standard's decision or the match threshold. */
  overrideReason?: string
  createdAt: string
}

/** Where a pair's reviews leave it; null: no standing decision (never reviewed, or reopened). */
export type PairReviewState = 'awaiting-second-confirmation' | 'confirmed' | 'rejected'

export interface PairReview {
  state: PairReviewState | null
  /** The caseworker whose confirmation awaits a second one. */
  firstConfirmedBy?: string
}

interface ReviewRow {
  id: number
  case_id: string
  person_id: string
  decision: ReviewDecision
  note: Buffer | string // sealed, as override_reason (plain in a database not yet sealed)
  reviewer: string | null
  log10_lr: number | null
  confirmation: ConfirmationStep | null
  lr_decision: Decision | null
  override_reason: Buffer | string | null
  created_at: string
}

function toReviewWith (c: FieldCipher, r: ReviewRow): Review {
  const note = c.open('reviews', 'note', String(r.id), r.note)
  const overrideReason = c.openNullable('reviews', 'override_reason', String(r.id), r.override_reason)
  const v: Review = { id: r.id, caseId: r.case_id, personId: r.person_id, decision: r.decision, note, log10Lr: r.log10_lr, createdAt: r.created_at }
  if (r.reviewer !== null) v.reviewer = r.reviewer
  if (r.confirmation !== null) v.confirmation = r.confirmation
  if (r.lr_decision !== null) v.lrDecision = r.lr_decision
  if (overrideReason !== null) v.overrideReason = overrideReason
  return v
}

/**
 * The standing decision of a pair from its reviews in order: a first confirmation awaits a second, a
 * second (or a pre-062 single) one confirms, a rejection rejects (and withdraws a waiting confirmation),
 * a reopening clears whatever stood.
 *
 * @example reviewState([{ decision: 'confirmed', confirmation: 'first', reviewer: 'a' }]) // { state: 'awaiting-second-confirmation', firstConfirmedBy: 'a' }
 */
export function reviewState (reviews: ReadonlyArray<Pick<Review, 'decision' | 'confirmation' | 'reviewer'>>): PairReview {
  let out: PairReview = { state: null }
  for (const r of reviews) {
    if (r.decision === 'reopened') out = { state: null }
    else if (r.decision === 'rejected') out = { state: 'rejected' }
    else if (r.confirmation === 'first') out = { state: 'awaiting-second-confirmation', ...(r.reviewer === undefined ? {} : { firstConfirmedBy: r.reviewer }) }
    else out = { state: 'confirmed' }
  }
  return out
}

/** Caseworkers' reviews of candidates: append-only, every decision kept with who and when. */
export function createReviewRepository (db: Database) {
  const cipher = cipherOf(db)
  const toReview = (r: ReviewRow): Review => toReviewWith(cipher, r)
  const insert = db.prepare(`INSERT INTO reviews (case_id, person_id, decision, note, reviewer, log10_lr, confirmation, lr_decision, override_reason, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  // the note and the override reason are sealed under the review's id, known once the row exists
  const seal = db.prepare('UPDATE reviews SET note = ?, override_reason = ? WHERE id = ?')
  const add = db.transaction((r: Omit<Review, 'id' | 'createdAt'>, now: string): number => {
    const id = Number(insert.run(r.caseId, r.personId, r.decision, Buffer.alloc(0), r.reviewer ?? null, r.log10Lr, r.confirmation ?? null, r.lrDecision ?? null, null, now).lastInsertRowid)
    seal.run(cipher.seal('reviews', 'note', String(id), r.note), cipher.sealNullable('reviews', 'override_reason', String(id), r.overrideReason), id)
    return id
  })
  const byId = db.prepare('SELECT * FROM reviews WHERE id = ?')
  const forPair = db.prepare('SELECT * FROM reviews WHERE case_id = ? AND person_id = ? ORDER BY id')
  const forCase = db.prepare('SELECT * FROM reviews WHERE case_id = ? ORDER BY id')
  const latest = db.prepare('SELECT * FROM reviews WHERE case_id = ? AND person_id = ? ORDER BY id DESC LIMIT 1')
  const pairsOf = {
    case: db.prepare('SELECT DISTINCT person_id AS other FROM reviews WHERE case_id = ?'),
    person: db.prepare('SELECT DISTINCT case_id AS other FROM reviews WHERE person_id = ?')
  }
  const listPair = (caseId: string, personId: string): Review[] => (forPair.all(caseId, personId) as ReviewRow[]).map(toReview)
  return {
    add (r: Omit<Review, 'id' | 'createdAt'>, now: string = new Date().toISOString()): Review {
      return toReview(byId.get(add(r, now)) as ReviewRow)
    },
    forPair: listPair,
    forCase: (caseId: string): Review[] => (forCase.all(caseId) as ReviewRow[]).map(toReview),
    latest: (caseId: string, personId: string): Review | undefined => {
      const row = latest.get(caseId, personId) as ReviewRow | undefined
      return row === undefined ? undefined : toReview(row)
    },
    /** The standing decision of a pair (see reviewState). */
    state: (caseId: string, personId: string): PairReview => reviewState(listPair(caseId, personId)),
    /** True when a pair of this case (or person) other than `except` stands confirmed: that pair keeps it closed. */
    confirmedElsewhere (kind: 'case' | 'person', id: string, except: string): boolean {
      for (const { other } of pairsOf[kind].all(id) as Array<{ other: string }>) {
        if (other === except) continue
        const pair = kind === 'case' ? listPair(id, other) : listPair(other, id)
        if (reviewState(pair).state === 'confirmed') return true
      }
      return false
    }
  }
}

export type ReviewRepository = ReturnType<typeof createReviewRepository>
