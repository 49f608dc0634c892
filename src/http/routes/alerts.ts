import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { fail } from '../../core/errors.ts'
import { createAlertRepository } from '../../storage/alert-repository.ts'
import { createTokenRepository } from '../../storage/token-repository.ts'
import { requirePrincipal } from '../plugins/auth.ts'
import { assignableCaseworker } from '../../runs/assignable-caseworker.ts'
import { errorResponses } from '../schemas/error.ts'
import { ROOT_UNIT_ID } from '../../storage/unit-repository.ts'
import { currentModelOf, pairStaleness } from '../../runs/stale-results.ts'

const AlertSchema = z.object({
  id: z.number().int(),
  caseId: z.string(),
  personId: z.string(),
  kind: z.enum(['new-candidate', 'new-match', 'crossed-threshold', 'identification-changed']),
  log10Lr: z.number(),
  previousLog10Lr: z.number().nullable(),
  source: z.enum(['search', 'rerun']),
  rerunId: z.number().int().optional(),
  createdAt: z.string(),
  // the pair's stored result was computed under another model or table version than the current one
  stale: z.boolean(),
  staleReason: z.string().nullable(),
  assignee: z.string().optional(),
  read: z.boolean(),
  // identification-changed: the slot and its conclusion in dvir's words, now and before (null: none)
  slot: z.string().optional(),
  conclusion: z.string().nullable().optional(),
  previousConclusion: z.string().nullable().optional()
})
const InboxQuery = z.object({
  unread: z.enum(['true', 'false', '1', '0']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0)
})
const caseParams = z.object({ id: z.string().min(1).max(100) })

/**
 * The caseworker's inbox: alerts raised when a stored result makes a pair a candidate or a match
 * (src/runs/alert-rule.ts), for the cases assigned to the reader and the unassigned ones; and the
 * case's assignee, who those alerts go to.
 */
export const alertRoutes: FastifyPluginAsyncZod = async (app) => {
  const alerts = createAlertRepository(app.db)
  const users = createTokenRepository(app.db)
  const tags = ['alerts']
  const staleness = pairStaleness(app.services.results, currentModelOf(app.services.match.modelFor))
  const marked = <T extends { caseId: string, personId: string }>(list: readonly T[]) => list.map((a) => ({ ...a, ...staleness(a.caseId, a.personId) }))

  app.get('/me/alerts', {
    schema: { tags, querystring: InboxQuery, response: { 200: z.object({ alerts: z.array(AlertSchema), total: z.number().int(), unread: z.number().int() }), ...errorResponses } },
    config: { roles: ['caseworker'], audit: 'alert.list' }
  }, async (request) => {
    const me = requirePrincipal(request)
    const q = request.query
    const unreadOnly = q.unread === 'true' || q.unread === '1'
    return { alerts: marked(alerts.inbox(me.userId, { unreadOnly, limit: q.limit, offset: q.offset })), ...alerts.counts(me.userId) }
  })

  app.post('/alerts/:id/read', {
    schema: { tags, params: z.object({ id: z.coerce.number().int().min(1) }), response: { 204: z.null(), ...errorResponses } },
    config: { roles: ['caseworker'], audit: 'alert.read' }
  }, async (request, reply) => {
    const me = requirePrincipal(request)
    if (!alerts.markRead(request.params.id, me.userId)) fail('NOT_FOUND', `no alert ${request.params.id} in your inbox`, { value: String(request.params.id) })
    request.auditTarget = { alertId: request.params.id }
    return reply.status(204).send(null)
  })

  app.post('/me/alerts/read', {
    schema: { tags, response: { 200: z.object({ marked: z.number().int() }), ...errorResponses } },
    config: { roles: ['caseworker'], audit: 'alert.read-all' }
  }, async (request) => ({ marked: alerts.markAllRead(requirePrincipal(request).userId) }))

  app.put('/cases/:id/assignee', {
    schema: { tags, params: caseParams, body: z.object({ account: z.string().min(1).max(100) }), response: { 200: z.object({ caseId: z.string(), assignee: z.string() }), ...errorResponses } },
    config: { roles: ['caseworker', 'admin'], audit: 'case.assign' }
  }, async (request) => {
    const { id } = request.params
    const c = app.services.cases.get(id) ?? fail('NOT_FOUND', `no case ${id}`, { value: id })
    const user = assignableCaseworker(users, request.body.account, (u) => app.unitScope.covers({ userId: u.id, role: u.role, unitId: u.unitId }, c.unitId ?? ROOT_UNIT_ID))
    const by = requirePrincipal(request).userName
    // The assignment and its audit entry commit together.
    app.db.transaction(() => {
      alerts.assign(id, user.id, by)
      request.audit.inTransaction(200, { caseId: id, assignee: user.name })
    })()
    return { caseId: id, assignee: user.name }
  })

  app.delete('/cases/:id/assignee', {
    schema: { tags, params: caseParams, response: { 204: z.null(), ...errorResponses } },
    config: { roles: ['caseworker', 'admin'], audit: 'case.unassign' }
  }, async (request, reply) => {
    app.db.transaction(() => {
      alerts.unassign(request.params.id)
      request.audit.inTransaction(204, { caseId: request.params.id })
    })()
    return reply.status(204).send(null)
  })

  app.get('/cases/:id/alerts', {
    schema: { tags, params: caseParams, response: { 200: z.object({ assignee: z.string().nullable(), alerts: z.array(AlertSchema) }), ...errorResponses } },
    config: { roles: ['caseworker'], audit: 'alert.case' }
  }, async (request) => {
    const { id } = request.params
    app.services.cases.get(id) ?? fail('NOT_FOUND', `no case ${id}`, { value: id })
    return { assignee: alerts.assigneeOf(id) ?? null, alerts: marked(alerts.forCase(id)) }
  })
}
