import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { createExpungeRepository, EXPUNGE_REASONS } from '../../storage/expunge.ts'
import { requirePrincipal } from '../plugins/auth.ts'
import { ErrorSchema } from '../schemas/error.ts'

const ResultSchema = z.object({ id: z.string(), deleted: z.record(z.string(), z.number().int()), auditSeq: z.number().int() })
const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 429: ErrorSchema }
const querystring = z.object({ reason: z.enum(EXPUNGE_REASONS) }).strict()
const params = z.object({ id: z.string().min(1).max(100) })

/**
 * DELETE /cases/:id and DELETE /persons/:id: expungement (consent withdrawn, reunited and closed,
 * court order, entered in error). Admin only: it is irreversible destruction of evidence, so it is
 * kept out of the day-to-day caseworker role (a caseworker asks; an administrator executes, and the
 * auditor sees both). The reason is required and recorded.
 */
export const expungeRoutes: FastifyPluginAsyncZod = async (app) => {
  const expunge = createExpungeRepository(app.db)
  const tags = ['expunge']
  // The rows are gone and audited; in-memory holders of the id (search indexes, caches) are told next.
  const notify = (kind: 'case' | 'person', id: string): void => {
    for (const listener of app.expungeListeners) listener(kind, id)
  }

  app.delete('/cases/:id', {
    schema: { tags, params, querystring, response: { 200: ResultSchema, ...errors } },
    config: { roles: ['admin'], audit: 'case.expunge' }
  }, async (request) => {
    const who = requirePrincipal(request)
    const out = expunge.expungeCase(request.params.id, { actor: who.userName, role: who.role, reason: request.query.reason, requestId: request.id })
    request.auditRecorded = true // recorded inside the deletion's transaction
    notify('case', out.id)
    return out
  })

  app.delete('/persons/:id', {
    schema: { tags, params, querystring, response: { 200: ResultSchema, ...errors } },
    config: { roles: ['admin'], audit: 'person.expunge' }
  }, async (request) => {
    const who = requirePrincipal(request)
    const out = expunge.expungePerson(request.params.id, { actor: who.userName, role: who.role, reason: request.query.reason, requestId: request.id })
    request.auditRecorded = true
    notify('person', out.id)
    return out
  })
}
