import { fail } from '../core/errors.ts'
import type { Role } from '../core/trust/token.ts'
import type { Database } from './database.ts'
import { createUnitRepository, ROOT_UNIT_ID } from './unit-repository.ts'

/**
 * THE visibility rule of units (issue 16), in one place. Every list query and every by-id read of a
 * case, a person, a pair (candidates, reports, reviews, alerts, power) and every account an admin
 * manages goes through here.
 *
 * - The national (root) unit sees everything.
 * - Anyone else sees the records of their own unit and the units below it: a caseworker all of those,
 *   a lab only the ones it created (the owner rule) and only while they lie within its unit.
 * - A pair (case × person) is visible when both sides are, or when one side is and the pair is a
 *   candidate (the search stored its result, or it has a review): the search runs across all units, so
 *   a case of Shenzhen may have a candidate from Hunan, and both units see that pair. Seeing the pair
 *   never makes the other side visible on its own: the person stays out of the person list and its
 *   page, and a report of the own case against any other unit's person id is not to be had.
 * - An admin manages the accounts of their unit and below, and creates units below their own.
 * - An auditor reads the entries made by the accounts of their unit and below; entries made from the
 *   command line (`cli:…`, the host's operator) are national and seen by national auditors only.
 * Units follow the tree as it is now: a unit moved elsewhere takes its records, accounts and their
 * past audit entries with it.
 *
 * How to use it: `const scope = createUnitScope(db)`; for a list, put `scope.condition(actor, 'c.unit_id')`
 * in the WHERE (its `sql` is '' for the root, so national lists keep their plans) and spread its `binds`;
 * for a by-id read, `scope.caseVisible(actor, id)` etc. and answer 404 when false (never 403: the id's
 * existence is not another unit's business).
 */

/** Who is asking, as far as units go: the account, its role and its unit. */
export interface UnitActor {
  userId: number
  role: Role
  unitId: number
}

/** A WHERE condition ('' when the actor sees everything) and its named binds. */
export interface ScopeCondition {
  sql: string
  binds: { scopeUnit?: number }
}

/** `column IN (the actor's unit and every unit below it)`, bound by `@scopeUnit`. */
function subtreeIn (column: string): string {
  return `${column} IN (WITH RECURSIVE scope_units(id) AS (SELECT @scopeUnit UNION ALL ` +
    'SELECT u.id FROM units u JOIN scope_units s ON u.parent_id = s.id) SELECT id FROM scope_units)'
}

/**
 * `column IN (the unit of account @user and every unit below it)`, for queries that know the reader by
 * account id only (the inbox): the same tree walk as subtreeIn, starting from the account's unit.
 */
export function accountSubtreeIn (column: string): string {
  return `${column} IN (WITH RECURSIVE scope_units(id) AS (SELECT unit_id FROM users WHERE id = @user UNION ALL ` +
    'SELECT u.id FROM units u JOIN scope_units s ON u.parent_id = s.id) SELECT id FROM scope_units)'
}

export function createUnitScope (db: Database) {
  const units = createUnitRepository(db)
  const caseRow = db.prepare('SELECT unit_id, created_by FROM cases WHERE id = ?')
  const personRow = db.prepare('SELECT unit_id, created_by FROM unidentified_persons WHERE id = ?')
  const userUnit = db.prepare('SELECT unit_id FROM users WHERE id = ?')
  const candidatePair = db.prepare(`SELECT 1 FROM match_results WHERE case_id = @caseId AND person_id = @personId
    UNION ALL SELECT 1 FROM reviews WHERE case_id = @caseId AND person_id = @personId LIMIT 1`)

  const seesAll = (actor: UnitActor): boolean => actor.unitId === ROOT_UNIT_ID
  /** True when `unitId` is the actor's unit or lies below it. */
  const covers = (actor: UnitActor, unitId: number): boolean => seesAll(actor) || units.isWithin(unitId, actor.unitId)

  function recordVisible (actor: UnitActor, row: { unit_id: number, created_by: number | null } | undefined): boolean {
    if (row === undefined) return false
    if (actor.role === 'lab' && row.created_by !== actor.userId) return false
    return covers(actor, row.unit_id)
  }

  const caseVisible = (actor: UnitActor, caseId: string): boolean => recordVisible(actor, caseRow.get(caseId) as never)
  const personVisible = (actor: UnitActor, personId: string): boolean => recordVisible(actor, personRow.get(personId) as never)

  return {
    seesAll,
    covers,
    /** The condition a list query adds for `column` (a unit id column such as 'c.unit_id'). */
    condition (actor: UnitActor, column: string): ScopeCondition {
      return seesAll(actor) ? { sql: '', binds: {} } : { sql: subtreeIn(column), binds: { scopeUnit: actor.unitId } }
    },
    /** The case exists and the actor may read it (404 otherwise). */
    caseVisible,
    /** The person exists and the actor may read it on its own (its page, the person list). */
    personVisible,
    /** The actor may read the pair (its report, reviews, alerts): both sides are theirs, or one is and the pair is a candidate. */
    pairVisible (actor: UnitActor, caseId: string, personId: string): boolean {
      if (actor.role === 'lab') return false
      const ownCase = caseVisible(actor, caseId)
      const ownPerson = personVisible(actor, personId)
      if (ownCase && ownPerson) return true
      return (ownCase || ownPerson) && candidatePair.get({ caseId, personId }) !== undefined
    },
    /**
     * The unit a new or replaced record is placed in: the one asked for, else the record's own (a
     * replacement keeps its unit), else the actor's. Only the actor's unit or one below it: another
     * unit's id is refused in the same words whether it exists or not.
     */
    place (actor: UnitActor, wanted: number | undefined, current: number | undefined): number {
      const unitId = wanted ?? current ?? actor.unitId
      if (wanted === undefined && current !== undefined) return unitId
      if (!covers(actor, unitId) || units.get(unitId) === undefined) {
        fail('BAD_REQUEST', `unit ${unitId} is not unit ${actor.unitId} (yours) or one below it: records are placed in your unit or below`, { field: 'unit', value: String(unitId) })
      }
      return unitId
    },
    /** The actor (an admin) may manage this account: it lies in the admin's unit or below. */
    accountManageable (actor: UnitActor, userId: number): boolean {
      const row = userUnit.get(userId) as { unit_id: number } | undefined
      return row !== undefined && covers(actor, row.unit_id)
    },
    /**
     * The condition on an audit entry's actor column: entries of the accounts in the actor's subtree
     * ('' for the national level, which also sees the command line's entries).
     */
    auditCondition (actor: UnitActor, actorColumn: string): ScopeCondition {
      return seesAll(actor) ? { sql: '', binds: {} } : { sql: `${actorColumn} IN (SELECT name FROM users WHERE ${subtreeIn('unit_id')})`, binds: { scopeUnit: actor.unitId } }
    }
  }
}

export type UnitScope = ReturnType<typeof createUnitScope>

const scopes = new WeakMap<Database, UnitScope>()

/** The scope of a connection, made once (its statements are prepared once per connection). */
export function unitScopeOf (db: Database): UnitScope {
  let scope = scopes.get(db)
  if (scope === undefined) {
    scope = createUnitScope(db)
    scopes.set(db, scope)
  }
  return scope
}
