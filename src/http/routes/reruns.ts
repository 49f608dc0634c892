import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { errorResponses } from '../schemas/error.ts'
import { currentModelOf, staleResultSummary } from '../../runs/stale-results.ts'
import { diffWithin } from '../../runs/ranking-diff.ts'
import { unitScopeOf } from '../../storage/unit-scope.ts'
import { requirePrincipal } from '../plugins/auth.ts'

const params = z.object({ id: z.coerce.number().int().positive() })
const RerunSchema = z.object({
  id: z.number().int(),
  status: z.enum(['pending', 'running', 'cancelled', 'done', 'failed']),
  reason: z.string(),
  scope: z.enum(['changed', 'all']),
  total: z.number().int(),
  done: z.number().int(),
  remaining: z.number().int(),
  rate: z.number().nullable().describe('pairs per second in the current run'),
  etaSeconds: z.number().nullable(),
  error: z.string().optional(),
  createdAt: z.string(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  updatedAt: z.string()
})
const ListChangeSchema = z.object({
  id: z.string(),
  added: z.array(z.object({ id: z.string(), rank: z.number().int(), log10Lr: z.number() })),
  dropped: z.array(z.object({ id: z.string(), previousRank: z.number().int(), previousLog10Lr: z.number() })),
  moved: z.array(z.object({ id: z.string(), from: z.number().int(), to: z.number().int(), log10Lr: z.number() }))
})
const StaleSummarySchema = z.object({
  stale: z.number().int().describe('stored results computed under another model or frequency table version than the current one'),
  groups: z.array(z.object({ frequencyTableId: z.string(), frequencyTableVersion: z.string(), modelVersion: z.string(), results: z.number().int(), reason: z.string() })),
  offer: z.object({ route: z.string(), command: z.string() }).nullable()
})
const DiffSchema = z.object({ top: z.number().int(), minLog10Lr: z.number(), cases: z.array(ListChangeSchema), persons: z.array(ListChangeSchema) })

/**
 * Batch reruns (admins): start one (the pairs whose inputs changed, or all), watch its progress, cancel
 * or resume it, and list what changed in the ranked lists. A rerun runs in the background of the server;
 * `npx homeward rerun` runs one in the foreground with a progress bar.
 */
export const rerunRoutes: FastifyPluginAsyncZod = async (app) => {
  const s = app.services
  const tags = ['reruns']
  const roles = ['admin'] as const

  app.post('/reruns', {
    schema: { tags, body: z.object({ scope: z.enum(['changed', 'all']).default('changed'), reason: z.string().max(500).default('') }), response: { 202: RerunSchema, ...errorResponses } },
    config: { roles, audit: 'rerun.create' }
  }, async (request, reply) => {
    // the entry commits with the planned rerun (src/http/plugins/audit.ts)
    const planned = await s.reruns.plan({ scope: request.body.scope, reason: request.body.reason, record: ({ id, total }) => { request.audit.inTransaction(202, { rerunId: id, total }) } })
    app.startRerun(planned.id)
    return reply.status(202).send(planned)
  })

  app.get('/reruns', {
    schema: { tags, response: { 200: z.object({ reruns: z.array(RerunSchema) }), ...errorResponses } },
    config: { roles, audit: 'rerun.list' }
  }, async () => ({ reruns: s.reruns.list() }))

  app.get('/reruns/stale', {
    schema: { tags, response: { 200: StaleSummarySchema, ...errorResponses } },
    config: { roles, audit: 'rerun.stale' }
  }, async () => staleResultSummary(app.db, currentModelOf(s.match.modelFor)))

  app.get('/reruns/:id', {
    schema: { tags, params, response: { 200: RerunSchema, ...errorResponses } },
    config: { roles, audit: 'rerun.read' }
  }, async (request) => s.reruns.get(request.params.id))

  app.post('/reruns/:id/cancel', {
    schema: { tags, params, response: { 200: RerunSchema, ...errorResponses } },
    config: { roles, audit: 'rerun.cancel' }
  }, async (request) => app.db.transaction(() => {
    const cancelled = s.reruns.cancel(request.params.id)
    request.audit.inTransaction(200)
    return cancelled
  }).immediate())

  app.post('/reruns/:id/resume', {
    schema: { tags, params, response: { 202: RerunSchema, ...errorResponses } },
    config: { roles, audit: 'rerun.resume' }
  }, async (request, reply) => {
    const r = s.reruns.get(request.params.id)
    if (r.status !== 'done' && r.status !== 'failed') app.startRerun(r.id)
    return reply.status(202).send(s.reruns.get(r.id))
  })

  app.get('/reruns/:id/diff', {
    schema: { tags, params, querystring: z.object({ top: z.coerce.number().int().min(1).max(1000).default(10), minLog10Lr: z.coerce.number().default(3) }), response: { 200: DiffSchema, ...errorResponses } },
    config: { roles: ['admin', 'caseworker'], audit: 'rerun.diff' }
  }, async (request) => {
    const actor = requirePrincipal(request)
    const scope = unitScopeOf(app.db)
    const diff = s.reruns.diff(request.params.id, request.query)
    if (scope.seesAll(actor)) return diff
    return diffWithin(diff, {
      caseVisible: (id) => scope.caseVisible(actor, id),
      personVisible: (id) => scope.personVisible(actor, id),
      pairVisible: (caseId, personId) => scope.pairVisible(actor, caseId, personId)
    })
  })
}
