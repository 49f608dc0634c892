import type { AlertKind } from '../runs/alert-rule.ts'
import type { Database } from './database.ts'
import { accountSubtreeIn } from './unit-scope.ts'

/** One alert as the inbox shows it, with whether the reader has read it. */
export interface Alert {
  id: number
  caseId: string
  personId: string
  kind: AlertKind
  log10Lr: number
  /** The pair's log10 LR before this result (null: not stored or an exclusion). */
  previousLog10Lr: number | null
  source: 'search' | 'rerun'
  rerunId?: number
  createdAt: string
  /** The case's assignee (account name); absent: the case is in the shared queue. */
  assignee?: string
  read: boolean
  /** 'identification-changed' only (migration 083): the slot, and its conclusion now and before (null: none). */
  slot?: string
  conclusion?: string | null
  previousConclusion?: string | null
}

/** An alert to record: what the inbox shows, less what the database assigns or joins in. */
export type NewAlert = Omit<Alert, 'id' | 'createdAt' | 'assignee' | 'read'>

interface AlertRow {
  id: number
  case_id: string
  person_id: string
  kind: AlertKind
  log10_lr: number
  previous_log10_lr: number | null
  source: 'search' | 'rerun'
  rerun_id: number | null
  created_at: string
  assignee: string | null
  read: number
  slot: string | null
  conclusion: string | null
  previous_conclusion: string | null
}

function toAlert (r: AlertRow): Alert {
  const a: Alert = {
    id: r.id,
    caseId: r.case_id,
    personId: r.person_id,
    kind: r.kind,
    log10Lr: r.log10_lr,
    previousLog10Lr: r.previous_log10_lr,
    source: r.source,
    createdAt: r.created_at,
    read: r.read === 1
  }
  if (r.rerun_id !== null) a.rerunId = r.rerun_id
  if (r.assignee !== null) a.assignee = r.assignee
  if (r.kind === 'identification-changed') Object.assign(a, { slot: r.slot ?? undefined, conclusion: r.conclusion, previousConclusion: r.previous_conclusion })
  return a
}

// A reader's alerts: those of the cases assigned to them and of the unassigned cases (the shared queue),
// of the cases of the reader's unit and below (src/storage/unit-scope.ts): a province's queue is not a city's.
const MINE = `FROM alerts a
  JOIN cases c ON c.id = a.case_id
  LEFT JOIN case_assignments ca ON ca.case_id = a.case_id
  LEFT JOIN users u ON u.id = ca.user_id
  LEFT JOIN alert_reads r ON r.alert_id = a.id AND r.user_id = @user
  WHERE (ca.user_id = @user OR ca.user_id IS NULL) AND ${accountSubtreeIn('c.unit_id')}`

/** Alerts, case assignments and read marks (migration 072). */
export function createAlertRepository (db: Database) {
  const insert = db.prepare(`INSERT INTO alerts (case_id, person_id, kind, log10_lr, previous_log10_lr, source, rerun_id, created_at, slot, conclusion, previous_conclusion)
    VALUES (@caseId, @personId, @kind, @log10Lr, @previousLog10Lr, @source, @rerunId, @createdAt, @slot, @conclusion, @previousConclusion)`)
  const page = db.prepare(`SELECT a.*, u.name AS assignee, r.alert_id IS NOT NULL AS read ${MINE}
    AND (@unreadOnly = 0 OR r.alert_id IS NULL) ORDER BY r.alert_id IS NOT NULL, a.id DESC LIMIT @limit OFFSET @offset`)
  const count = db.prepare(`SELECT count(*) AS n, sum(r.alert_id IS NULL) AS unread ${MINE}`)
  const visible = db.prepare(`SELECT a.id ${MINE} AND a.id = @id`)
  const markRead = db.prepare('INSERT OR IGNORE INTO alert_reads (alert_id, user_id, read_at) VALUES (?, ?, ?)')
  const markAll = db.prepare(`INSERT OR IGNORE INTO alert_reads (alert_id, user_id, read_at) SELECT a.id, @user, @at ${MINE}`)
  const forCase = db.prepare(`SELECT a.*, u.name AS assignee, 0 AS read FROM alerts a
    LEFT JOIN case_assignments ca ON ca.case_id = a.case_id LEFT JOIN users u ON u.id = ca.user_id
    WHERE a.case_id = ? ORDER BY a.id DESC LIMIT ?`)
  const assign = db.prepare(`INSERT INTO case_assignments (case_id, user_id, assigned_at, assigned_by) VALUES (?, ?, ?, ?)
    ON CONFLICT (case_id) DO UPDATE SET user_id = excluded.user_id, assigned_at = excluded.assigned_at, assigned_by = excluded.assigned_by`)
  const unassign = db.prepare('DELETE FROM case_assignments WHERE case_id = ?')
  const assignee = db.prepare('SELECT u.name AS name FROM case_assignments ca JOIN users u ON u.id = ca.user_id WHERE ca.case_id = ?')

  return {
    add: (a: NewAlert, now = new Date()): number =>
      Number(insert.run({ ...a, rerunId: a.rerunId ?? null, slot: a.slot ?? null, conclusion: a.conclusion ?? null, previousConclusion: a.previousConclusion ?? null, createdAt: now.toISOString() }).lastInsertRowid),
    /** A reader's inbox: unread first (what still needs a look), each part newest first. */
    inbox: (userId: number, options: { unreadOnly?: boolean, limit: number, offset?: number }): Alert[] =>
      (page.all({ user: userId, unreadOnly: options.unreadOnly === true ? 1 : 0, limit: options.limit, offset: options.offset ?? 0 }) as AlertRow[]).map(toAlert),
    /** How many alerts a reader has, and how many are unread. */
    counts: (userId: number): { total: number, unread: number } => {
      const r = count.get({ user: userId }) as { n: number, unread: number | null }
      return { total: r.n, unread: r.unread ?? 0 }
    },
    /** Marks one alert read; false when the reader cannot see it (another caseworker's case, or no such alert). */
    markRead: (alertId: number, userId: number, now = new Date()): boolean => {
      if (visible.get({ user: userId, id: alertId }) === undefined) return false
      markRead.run(alertId, userId, now.toISOString())
      return true
    },
    markAllRead: (userId: number, now = new Date()): number => markAll.run({ user: userId, at: now.toISOString() }).changes,
    /** A case's alerts, newest first (read marks are per reader, so none here). */
    forCase: (caseId: string, limit = 100): Alert[] => (forCase.all(caseId, limit) as AlertRow[]).map(toAlert),
    assign: (caseId: string, userId: number, by: string, now = new Date()): void => { assign.run(caseId, userId, now.toISOString(), by) },
    unassign: (caseId: string): void => { unassign.run(caseId) },
    assigneeOf: (caseId: string): string | undefined => (assignee.get(caseId) as { name: string } | undefined)?.name
  }
}

export type AlertRepository = ReturnType<typeof createAlertRepository>
