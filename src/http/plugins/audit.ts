import { validateHeaderName, validateHeaderValue } from 'node:http'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { AuditEntry } from '../../core/trust/audit-chain.ts'
import type { AuditRepository, AuditTarget } from '../../storage/audit-repository.ts'

/** The audit trail as one request sees it. */
export interface RequestAudit {
  /**
   * Writes this request's entry now, inside the database transaction the caller has open, so that the
   * entry and the data it records commit together or not at all: a crash can leave neither or both,
   * never stored data without its record. `status` is what the route answers when it succeeds. If the
   * transaction rolls back, the entry goes with it and the plugin records the real outcome instead;
   * if the answer finally sent has another status, the plugin records that too. Throws outside a
   * transaction.
   */
  inTransaction: (status: number, target?: AuditTarget) => AuditEntry
  /** The same, written at once (joining a transaction when one is open): a record made after the change. */
  append: (status: number, target?: AuditTarget) => AuditEntry
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Identifiers a handler adds to its audit record (e.g. the id of what it created). Never genotypes. */
    auditTarget?: AuditTarget
    /** This request's audit handle (writing through it on a route without `config.audit` throws). */
    audit: RequestAudit
  }
}

interface RequestState {
  /** Entries written for this request, oldest first; the last one still stored is its record. */
  entries: AuditEntry[]
  /** An append failed: the 500 that follows goes out, nothing more is tried. */
  failed: boolean
}

/**
 * Writes the audit record of every request to a route that declares `config.audit`, whatever the
 * outcome (a refused 403 is recorded too): who (account, role), when, what (action, route params,
 * identifiers the handler added, the request id that links to the log), and the status.
 *
 * A route that changes data records itself inside its transaction (`request.audit.inTransaction`);
 * for every other request, and for a change that was refused or rolled back, the record is written
 * in onSend, before the answer leaves: if it cannot be written the caller gets a 500 instead of the
 * data, so no read goes unrecorded. The recorded status is the status sent: headers that Node would
 * refuse are refused here, before the record is made, and in onResponse, if the status that went out
 * differs from the record (a later hook failed), an entry with the sent status follows, naming the
 * entry it corrects (`correctsSeq`), since the trail is append-only. Bodies are never recorded.
 */
export function installAudit (app: FastifyInstance, options: { audit: AuditRepository }): void {
  const { audit } = options
  const states = new WeakMap<FastifyRequest, RequestState>()
  app.decorateRequest('auditTarget', undefined)
  app.decorateRequest('audit', null as unknown as RequestAudit)

  function write (request: FastifyRequest, status: number, target: AuditTarget, inTransaction: boolean): AuditEntry {
    const action = request.routeOptions.config.audit
    const principal = request.principal
    if (action === undefined || principal === undefined) {
      throw new Error(`${request.method} ${request.routeOptions.url ?? ''}: nothing to audit (no audit action or no authenticated caller)`)
    }
    const params = (request.params ?? {}) as Record<string, string>
    const input = { actor: principal.userName, role: principal.role, action, target: { ...params, ...request.auditTarget, ...target, requestId: request.id }, status }
    const entry = inTransaction ? audit.appendInTransaction(input) : audit.append(input)
    stateOf(request).entries.push(entry)
    return entry
  }

  function stateOf (request: FastifyRequest): RequestState {
    let state = states.get(request)
    if (state === undefined) {
      state = { entries: [], failed: false }
      states.set(request, state)
    }
    return state
  }

  /** The request's record: its newest entry that is still stored (a rolled-back one is not). */
  function standing (request: FastifyRequest): AuditEntry | undefined {
    const entries = states.get(request)?.entries ?? []
    for (let i = entries.length - 1; i >= 0; i--) if (audit.isStored(entries[i])) return entries[i]
    return undefined
  }

  const audited = (request: FastifyRequest): boolean => request.routeOptions.config.audit !== undefined && request.principal !== undefined

  app.addHook('onRequest', async (request) => {
    request.audit = {
      inTransaction: (status, target = {}) => write(request, status, target, true),
      append: (status, target = {}) => write(request, status, target, false)
    }
  })

  app.addHook('onSend', async (request, reply, payload) => {
    // No principal: a 401 (nobody to name) or an open route. 401s go to the log, not the trail,
    // so that anonymous floods cannot grow the append-only table.
    if (!audited(request) || stateOf(request).failed) return payload
    refuseUnsendableHeaders(reply)
    const record = standing(request)
    if (record?.status === reply.statusCode) return payload
    try {
      write(request, reply.statusCode, record === undefined ? {} : { correctsSeq: record.seq }, false)
    } catch (err) {
      stateOf(request).failed = true
      throw err
    }
    return payload
  })

  app.addHook('onResponse', async (request, reply) => {
    if (!audited(request) || stateOf(request).failed) return
    const record = standing(request)
    if (record?.status === reply.raw.statusCode) return
    // The answer has left: too late to withhold it, not too late to record what it was.
    try {
      write(request, reply.raw.statusCode, record === undefined ? {} : { correctsSeq: record.seq }, false)
    } catch (err) {
      request.log.error({ err: { message: (err as Error).message } }, 'audit entry of a sent answer could not be written')
    }
  })
}

/**
 * Node checks header names and values only when it writes them, after the last onSend hook, so a
 * header it refuses (a non-ASCII file name in content-disposition) would turn an answer already
 * recorded as 200 into a 500. Checked here instead, before the record: the bad header is dropped and
 * the error becomes an ordinary 500, recorded as such.
 */
function refuseUnsendableHeaders (reply: FastifyReply): void {
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value === undefined) continue
    try {
      validateHeaderName(name)
      for (const v of [value].flat()) validateHeaderValue(name, String(v))
    } catch (err) {
      reply.removeHeader(name)
      throw new Error(`header ${name} cannot be sent: ${(err as Error).message}`)
    }
  }
}

/**
 * The audit entry of a route whose service stores one record in a transaction and calls back inside
 * it: 201 when the record is new, 200 when it replaced one; `key` names the id (caseId, personId).
 */
export function recordStored (request: FastifyRequest, key: string): (stored: { id: string, created: boolean }) => void {
  return ({ id, created }) => { request.audit.inTransaction(created ? 201 : 200, { [key]: id, changed: 'true' }) }
}
