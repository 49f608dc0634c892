import type { FastifyInstance } from 'fastify'
import type { AuditRepository } from '../../storage/audit-repository.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /** Identifiers a handler adds to its audit record (e.g. the id of what it created). Never genotypes. */
    auditTarget?: Record<string, string | number | null>
    /** Set once the request's audit record is written (a handler that audits in its own transaction sets it). */
    auditRecorded?: boolean
  }
}

/**
 * Writes one audit record for every request to a route that declares `config.audit`, whatever the
 * outcome (a refused 403 is recorded too): who (account, role), when, what (action, route params,
 * identifiers the handler added, the request id that links to the log), and the status.
 * It runs in onSend, before the answer leaves: if the record cannot be written the caller gets a 500
 * instead of the data, so no read goes unrecorded. Bodies are never recorded.
 */
export function installAudit (app: FastifyInstance, options: { audit: AuditRepository }): void {
  app.decorateRequest('auditTarget', undefined)
  app.decorateRequest('auditRecorded', false)
  app.addHook('onSend', async (request, reply, payload) => {
    const action = request.routeOptions.config.audit
    const principal = request.principal
    // No principal: a 401 (nobody to name) or an open route. 401s go to the log, not the trail,
    // so that anonymous floods cannot grow the append-only table.
    if (action === undefined || principal === undefined || request.auditRecorded === true) return payload
    request.auditRecorded = true
    const params = (request.params ?? {}) as Record<string, string>
    options.audit.append({
      actor: principal.userName,
      role: principal.role,
      action,
      target: { ...params, ...request.auditTarget, requestId: request.id },
      status: reply.statusCode
    })
    return payload
  })
}
