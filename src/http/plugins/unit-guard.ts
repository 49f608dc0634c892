import type { FastifyInstance } from 'fastify'
import { fail } from '../../core/errors.ts'
import type { Database } from '../../storage/database.ts'
import { createUnitRepository, type UnitRepository } from '../../storage/unit-repository.ts'
import { createUnitScope, type UnitScope } from '../../storage/unit-scope.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** The unit visibility rule (src/storage/unit-scope.ts), for lists and reads the guard does not cover. */
    unitScope: UnitScope
    units: UnitRepository
  }
}

/** What a route's path names, as far as units go. */
export type UnitTarget =
  | { kind: 'pair', caseParam: 'caseId', personParam: 'personId' }
  | { kind: 'case' | 'person', param: 'id', replace: boolean }
  | { kind: 'account', param: 'name' }
  | { kind: 'token', param: 'id' }

/**
 * The record a route URL names: `/cases/:caseId/persons/:personId…` a pair, `/cases/:id…` a case,
 * `/persons/:id…` a person, `/users/:name…` an account, `/tokens/:id` an account's token. Read from the URL pattern rather than declared per route, so a route added
 * tomorrow under these paths (an API route or a page) is guarded the day it is added; the role × unit
 * matrix test walks every route to check it.
 */
export function unitTarget (url: string, method: string): UnitTarget | undefined {
  if (/^\/cases\/:caseId\/persons\/:personId(\/|$)/.test(url)) return { kind: 'pair', caseParam: 'caseId', personParam: 'personId' }
  if (/^\/users\/:name(\/|$)/.test(url)) return { kind: 'account', param: 'name' }
  if (/^\/tokens\/:id(\/|$)/.test(url)) return { kind: 'token', param: 'id' }
  const m = /^\/(cases|persons)\/:id(\/|$)/.exec(url)
  if (m === null) return undefined
  return { kind: m[1] === 'cases' ? 'case' : 'person', param: 'id', replace: method === 'PUT' && m[2] === '' }
}

/**
 * Role × unit on every route that names a case, a person or a pair: a record outside the caller's
 * scope is answered exactly as a record that does not exist, 404 with the handler's own words ("no
 * case X"), never 403, so another unit's ids are not confirmed. Runs in preValidation, after auth (the
 * role) and the canonical form of the path's ids, before the body is validated: a wrong body does not
 * tell another unit's record from a missing one either. A PUT that replaces a record is let through when the
 * record lies within the caller's unit: the owner rule (a lab's 403 on another account's record) is
 * the submission's; a PUT of an id that exists nowhere creates it. Every other route answers an id that
 * exists nowhere with the same 404 here, before its body or query is validated, so that no answer
 * (a 400 for the body, a 204 of an idempotent delete) tells a missing record from another unit's.
 */
export function installUnitGuard (app: FastifyInstance, db: Database): void {
  const scope = createUnitScope(db)
  const units = createUnitRepository(db)
  app.decorate('unitScope', scope)
  app.decorate('units', units)
  const caseUnit = db.prepare('SELECT unit_id FROM cases WHERE id = ?')
  const personUnit = db.prepare('SELECT unit_id FROM unidentified_persons WHERE id = ?')
  const accountByName = db.prepare('SELECT id FROM users WHERE name = ?')
  const accountByToken = db.prepare('SELECT user_id AS id FROM api_tokens WHERE id = ?')

  app.addHook('preValidation', async (request) => {
    const who = request.principal
    const url = request.routeOptions.url
    if (who === undefined || url === undefined) return
    const target = unitTarget(url, request.method)
    if (target === undefined) return
    const params = request.params as Record<string, string>
    if (target.kind === 'pair') {
      const caseId = params[target.caseParam]
      if (!scope.pairVisible(who, caseId, params[target.personParam])) fail('NOT_FOUND', `no case ${caseId}`, { value: caseId })
      return
    }
    if (target.kind === 'account' || target.kind === 'token') {
      // an admin manages the accounts (and their tokens) of their unit and below, nothing above or beside it
      const key = params[target.param]
      const account = (target.kind === 'account' ? accountByName : accountByToken).get(key) as { id: number } | undefined
      if (account === undefined || !scope.accountManageable(who, account.id)) {
        fail('NOT_FOUND', target.kind === 'account' ? `no account "${key}"` : `no token "${key}"`, target.kind === 'account' ? { field: 'name' } : { field: 'id' })
      }
      return
    }
    const id = params[target.param]
    const row = (target.kind === 'case' ? caseUnit : personUnit).get(id) as { unit_id: number } | undefined
    if (row === undefined && target.replace) return // a PUT of a free id creates the record
    const visible = row !== undefined && (target.replace
      ? scope.covers(who, row.unit_id)
      : target.kind === 'case' ? scope.caseVisible(who, id) : scope.personVisible(who, id))
    if (!visible) fail('NOT_FOUND', `no ${target.kind} ${id}`, { value: id })
  })
}
