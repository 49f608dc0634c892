import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { createAuditRepository } from '../../storage/audit-repository.ts'
import { requirePrincipal } from '../plugins/auth.ts'
import { ErrorSchema } from '../schemas/error.ts'

const EntrySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  role: z.string().nullable(),
  action: z.string(),
  target: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  status: z.number().int(),
  prevHash: z.string(),
  hash: z.string()
})
const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 429: ErrorSchema }

/**
 * The audit trail, read-only, for auditors (no route writes or deletes it; the database refuses both).
 * Decided (issue 16): an auditor reads the entries of the accounts of their unit and below; the national
 * auditor reads all, the command line's (`cli:…`) included. Verifying the chain is everyone's: it
 * shows a count and a hash, no entry.
 */
export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const audit = createAuditRepository(app.db)
  const tags = ['audit']

  app.get('/audit', {
    schema: {
      tags,
      querystring: z.object({
        after: z.coerce.number().int().min(0).optional(),
        limit: z.coerce.number().int().min(1).max(1000).optional(),
        action: z.string().max(64).optional(),
        actor: z.string().max(100).optional()
      }).strict(),
      response: { 200: z.object({ entries: z.array(EntrySchema), next: z.number().int().nullable() }), ...errors }
    },
    config: { roles: ['auditor'], audit: 'audit.read' }
  }, async (request) => {
    const limit = request.query.limit ?? 100
    const scope = app.unitScope.auditCondition(requirePrincipal(request), 'actor')
    const entries = audit.list({ afterSeq: request.query.after, limit, action: request.query.action, actor: request.query.actor, scope })
    return { entries, next: entries.length === limit ? entries[entries.length - 1].seq : null }
  })

  app.get('/audit/verify', {
    schema: {
      tags,
      response: {
        200: z.object({ ok: z.boolean(), count: z.number().int(), headHash: z.string().optional(), firstBadSeq: z.number().int().optional(), reason: z.string().optional() }),
        ...errors
      }
    },
    config: { roles: ['auditor'], audit: 'audit.verify' }
  }, async () => audit.verify())
}
