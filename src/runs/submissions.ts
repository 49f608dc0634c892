import { fail } from '../core/errors.ts'
import type { Role } from '../core/trust/token.ts'
import type { Database } from '../storage/database.ts'
import type { CaseRecord, CaseRepository } from '../storage/case-repository.ts'
import type { FrequencyTableRepository } from '../storage/frequency-table-repository.ts'
import type { PersonRecord, PersonRepository } from '../storage/person-repository.ts'
import type { ResultRepository } from '../storage/result-repository.ts'
import { caseContentHash, caseFromRequest, type CaseRequest } from './case-intake.ts'
import type { MatchService } from './match-service.ts'
import { personContentHash, personFromRequest, type PersonRequest } from './person-intake.ts'
import { unitScopeOf } from '../storage/unit-scope.ts'
import type { IntakeRules } from './profile-intake.ts'

export interface SubmissionDeps {
  db: Database
  cases: CaseRepository
  persons: PersonRepository
  results: ResultRepository
  tables: FrequencyTableRepository
  match: MatchService
  defaultTableId: () => string
  /** The least a profile must hold (HOMEWARD_MIN_LOCI, HOMEWARD_MIN_REFERENCE_LOCI). */
  intakeRules: IntakeRules
}

/** Who submits: the account (owner of what it creates), its role and its unit. */
export interface Submitter {
  userId: number
  role: Role
  /** The account's unit: records go there or, when the request names one, to a unit below it. */
  unitId: number
  /** The caller's audit entry, written inside the transaction that stores the record (so both or neither commit). */
  record?: (stored: { id: string, created: boolean }) => void
}

export interface SubmitOutcome<T> {
  record: T
  /** True when nothing was stored under this id before. */
  created: boolean
  /** False for an identical re-upload: a no-op. */
  changed: boolean
  search: { compared: number, stored: number }
  warnings: string[]
}

/**
 * Ownership: a record belongs to the account that created it. A lab may replace only its own records,
 * and learns nothing about another account's: a POST under such an id is "already taken" whatever the
 * content (not even whether it is identical, or closed), a PUT is refused. 403 rather than 404: the id's
 * existence is already told by the POST's 409 (ids are one namespace), and a 404 would invite a PUT
 * that creates. Caseworkers and admins keep the right to correct any record.
 */
function checkOwner (kind: 'case' | 'person', existing: { id: string, createdBy?: number }, mode: 'create' | 'replace', who: Submitter): void {
  if (who.role !== 'lab' || existing.createdBy === who.userId) return
  const details = kind === 'case' ? { value: existing.id } : { sample: existing.id, value: existing.id }
  if (mode === 'create') fail('CONFLICT', `${kind} id ${existing.id} is already taken`, details)
  fail('FORBIDDEN', `${kind} ${existing.id} belongs to another account: a lab may replace only its own records`, details)
}

/**
 * Units: a record of a unit outside the submitter's scope is as another account's to a lab, and more
 * hidden: a POST under its id is "already taken", a PUT is answered as for an id that does not exist
 * (the same 404 every by-id read of it gets, src/http/plugins/unit-guard.ts).
 */
function checkUnit (deps: SubmissionDeps, kind: 'case' | 'person', existing: { id: string, unitId?: number }, mode: 'create' | 'replace', who: Submitter): void {
  if (existing.unitId !== undefined && unitScopeOf(deps.db).covers(who, existing.unitId)) return
  if (mode === 'create') fail('CONFLICT', `${kind} id ${existing.id} is already taken`, { value: existing.id })
  fail('NOT_FOUND', `no ${kind} ${existing.id}`, { value: existing.id })
}

/**
 * 'create' (POST): a new id is stored and searched; an identical re-upload is a no-op; a different one
 * under an existing id is a conflict. 'replace' (PUT): keeps the old version in the history, stores the
 * new one, drops the old results and searches again; identical is a no-op. A closed (confirmed) record
 * is never replaced. See checkOwner for who may do what to another account's record.
 */
export async function submitCase (deps: SubmissionDeps, req: CaseRequest, mode: 'create' | 'replace', who: Submitter): Promise<SubmitOutcome<CaseRecord>> {
  const tableId = req.frequencyTable ?? deps.defaultTableId()
  if (deps.tables.current(tableId) === undefined) {
    fail('INVALID_CASE', `case ${req.id}: no frequency table "${tableId}" (GET /frequency-tables lists them)`, { field: 'frequencyTable', value: tableId })
  }
  const { record, warnings } = caseFromRequest(req, tableId, deps.intakeRules)
  const existing = deps.cases.get(req.id)
  if (existing !== undefined) {
    checkUnit(deps, 'case', existing, mode, who)
    checkOwner('case', existing, mode, who)
    if (caseContentHash(existing) === caseContentHash(record)) {
      return { record: existing, created: false, changed: false, search: { compared: 0, stored: 0 }, warnings }
    }
    if (mode === 'create') fail('CONFLICT', `case ${req.id} already exists with different content; PUT /cases/${req.id} replaces it`, { value: req.id })
    if (existing.status === 'closed') fail('CONFLICT', `case ${req.id} is closed (a match was confirmed) and cannot be changed`, { value: req.id })
  }
  const unitId = unitScopeOf(deps.db).place(who, req.unit, existing?.unitId)
  deps.db.transaction(() => {
    if (existing !== undefined) {
      deps.cases.archive(existing, who.userId)
      deps.results.deleteForCase(req.id)
    }
    deps.cases.put({ ...record, createdBy: who.userId, unitId })
    who.record?.({ id: record.id, created: existing === undefined })
  })()
  const search = await deps.match.searchCase(req.id)
  return { record: deps.cases.get(req.id)!, created: existing === undefined, changed: true, search, warnings }
}

/** The same for an unidentified person. */
export async function submitPerson (deps: SubmissionDeps, req: PersonRequest, mode: 'create' | 'replace', who: Submitter): Promise<SubmitOutcome<PersonRecord>> {
  const record = personFromRequest(req, deps.intakeRules)
  const existing = deps.persons.get(req.id)
  if (existing !== undefined) {
    checkUnit(deps, 'person', existing, mode, who)
    checkOwner('person', existing, mode, who)
    if (personContentHash(existing) === personContentHash(record)) {
      return { record: existing, created: false, changed: false, search: { compared: 0, stored: 0 }, warnings: [] }
    }
    if (mode === 'create') fail('CONFLICT', `person ${req.id} already exists with different content; PUT /persons/${req.id} replaces it`, { sample: req.id, value: req.id })
    if (existing.status === 'closed') fail('CONFLICT', `person ${req.id} is closed (a match was confirmed) and cannot be changed`, { sample: req.id })
  }
  const unitId = unitScopeOf(deps.db).place(who, req.unit, existing?.unitId)
  deps.db.transaction(() => {
    if (existing !== undefined) {
      deps.persons.archive(existing, who.userId)
      deps.results.deleteForPerson(req.id)
    }
    deps.persons.put({ ...record, createdBy: who.userId, unitId })
    who.record?.({ id: record.id, created: existing === undefined })
  })()
  const search = await deps.match.searchPerson(req.id)
  return { record: deps.persons.get(req.id)!, created: existing === undefined, changed: true, search, warnings: [] }
}
