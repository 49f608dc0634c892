import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ROLES } from '../../core/trust/token.ts'
import { createAuditRepository } from '../../storage/audit-repository.ts'
import { createTokenRepository } from '../../storage/token-repository.ts'
import { requirePrincipal } from '../plugins/auth.ts'
import { ErrorSchema } from '../schemas/error.ts'

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 429: ErrorSchema }
const UploadSchema = z.object({
  at: z.string(),
  status: z.number().int(),
  file: z.string().nullable(),
  format: z.string().nullable(),
  contentHash: z.string().nullable(),
  samples: z.number().nullable(),
  stored: z.number().nullable(),
  dryRun: z.boolean(),
  committed: z.boolean()
})

/**
 * The caller's own view: who the token or session belongs to, and for a lab its own uploads. A lab's uploads
 * are read from the audit trail, which records every upload with its account, so a lab sees exactly
 * what it sent (dry runs and refusals included) and nothing another lab sent.
 */
export const meRoutes: FastifyPluginAsyncZod = async (app) => {
  const tokens = createTokenRepository(app.db)
  const audit = createAuditRepository(app.db)
  const tags = ['me']

  app.get('/me', {
    schema: {
      tags,
      response: {
        200: z.object({ account: z.string(), role: z.enum(ROLES), tokenId: z.string().optional(), sessionId: z.string().optional(), expiresAt: z.string() }),
        ...errors
      }
    },
    config: { roles: [...ROLES] }
  }, async (request) => {
    const me = requirePrincipal(request)
    // A person signed in with a password holds a session, a machine a token: each has its own end.
    if (me.tokenId === undefined) return { account: me.userName, role: me.role, sessionId: me.session?.id, expiresAt: me.session?.expiresAt ?? '' }
    return { account: me.userName, role: me.role, tokenId: me.tokenId, expiresAt: tokens.getToken(me.tokenId).expiresAt }
  })

  app.get('/me/imports', {
    schema: {
      tags,
      querystring: z.object({ after: z.coerce.number().int().min(0).optional(), limit: z.coerce.number().int().min(1).max(500).optional() }).strict(),
      response: { 200: z.object({ uploads: z.array(UploadSchema.extend({ seq: z.number().int() })), next: z.number().int().nullable() }), ...errors }
    },
    config: { roles: ['lab'], audit: 'import.list-own' }
  }, async (request) => {
    const me = requirePrincipal(request)
    const limit = request.query.limit ?? 100
    const entries = audit.list({ action: 'import.upload', actor: me.userName, afterSeq: request.query.after, limit })
    const str = (v: unknown): string | null => typeof v === 'string' ? v : null
    const num = (v: unknown): number | null => typeof v === 'number' ? v : null
    const uploads = entries.map((e) => ({
      seq: e.seq,
      at: e.at,
      status: e.status,
      file: str(e.target.file),
      format: str(e.target.format),
      contentHash: str(e.target.contentHash),
      samples: num(e.target.samples),
      stored: num(e.target.stored),
      dryRun: e.target.dryRun === 1,
      committed: e.target.committed === 1
    }))
    return { uploads, next: entries.length === limit ? entries[entries.length - 1].seq : null }
  })
}
