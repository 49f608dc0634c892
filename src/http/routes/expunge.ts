import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import { createExpungeRepository, EXPUNGE_REASONS, type ExpungeReason, type ExpungeResult } from '../../storage/expunge.ts'
import { awaitExpungedBytes, completeExpungements, pendingExpungements, recordByService, type CompletionRecorder } from '../../storage/expunge-checkpoint.ts'
import { ErrorSchema } from '../schemas/error.ts'

const ResultSchema = z.object({
  id: z.string(),
  deleted: z.record(z.string(), z.number().int()),
  auditSeq: z.number().int(),
  status: z.enum(['done', 'pending']).describe('done: the bytes are gone from the database file and its WAL; pending: the rows are gone, the bytes follow at the next checkpoint that readers allow (recorded on the audit trail)')
})
const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 429: ErrorSchema }
const querystring = z.object({ reason: z.enum(EXPUNGE_REASONS) }).strict()
const params = z.object({ id: z.string().min(1).max(100) })

/** How long a request waits for other connections' reads to end before answering 202 pending. */
const BYTES_WAIT_MS = 2000
/** How often the server tries again to complete pending expungements. */
const RETRY_MS = 1000

/**
 * DELETE /cases/:id and DELETE /persons/:id: expungement (consent withdrawn, reunited and closed,
 * court order, entered in error). Admin only: it is irreversible destruction of evidence, so it is
 * kept out of the day-to-day caseworker role (a caseworker asks; an administrator executes, and the
 * auditor sees both). The reason is required and recorded.
 *
 * 200 `done` only once the bytes are gone from the files; while another connection's read keeps the
 * old pages (a backup, an operator's session) the answer is 202 `pending`, and the server completes
 * it by itself (every second, at start, at close), recording the completion.
 */
export const expungeRoutes: FastifyPluginAsyncZod = async (app) => {
  const expunge = createExpungeRepository(app.db)
  const tags = ['expunge']
  // The rows are gone and audited; in-memory holders of the id (search indexes, caches) are told next.
  const notify = (kind: 'case' | 'person', id: string): void => {
    for (const listener of app.expungeListeners) listener(kind, id)
  }

  let timer: NodeJS.Timeout | undefined
  const finishPending = (): void => {
    try {
      const { done, completed } = completeExpungements(app.db)
      if (completed.length > 0) app.log.info({ auditSeqs: completed.map((p) => p.seq) }, 'pending expungements completed: bytes gone from the files')
      if (done && timer !== undefined) { clearInterval(timer); timer = undefined }
    } catch (err) {
      app.log.error({ err: { message: (err as Error).message } }, 'completing pending expungements failed; trying again')
    }
  }
  const retryLater = (): void => {
    if (timer !== undefined) return
    timer = setInterval(finishPending, RETRY_MS)
    timer.unref()
  }
  app.addHook('onReady', async () => {
    if (pendingExpungements(app.db).length === 0) return
    finishPending()
    if (pendingExpungements(app.db).length > 0) retryLater()
  })
  app.addHook('onClose', async () => {
    if (timer !== undefined) clearInterval(timer)
    timer = undefined
    if (app.db.open) finishPending()
  })

  /** Deletes in one audited transaction, then waits (bounded) for the bytes; 200 done or 202 pending. */
  async function run (request: FastifyRequest, kind: 'case' | 'person', id: string, reason: ExpungeReason): Promise<ExpungeResult & { status: 'done' | 'pending' }> {
    const who = { reason, record: request.audit.inTransaction }
    const out = kind === 'case' ? expunge.expungeCase(id, who) : expunge.expungePerson(id, who)
    notify(kind, out.id)
    const service = recordByService(app.db)
    // This request's own completion is its record (status 200); others completed on the way are the service's.
    const record: CompletionRecorder = (pending, target) => pending.seq === out.auditSeq ? request.audit.append(200, target) : service(pending, target)
    if (await awaitExpungedBytes(app.db, { waitMs: BYTES_WAIT_MS, record })) return { ...out, status: 'done' }
    request.log.warn({ auditSeq: out.auditSeq }, 'expungement pending: another connection holds a read')
    retryLater()
    return { ...out, status: 'pending' }
  }

  app.delete('/cases/:id', {
    schema: { tags, params, querystring, response: { 200: ResultSchema, 202: ResultSchema, ...errors } },
    config: { roles: ['admin'], audit: 'case.expunge' }
  }, async (request, reply) => {
    const out = await run(request, 'case', request.params.id, request.query.reason)
    return await reply.status(out.status === 'done' ? 200 : 202).send(out)
  })

  app.delete('/persons/:id', {
    schema: { tags, params, querystring, response: { 200: ResultSchema, 202: ResultSchema, ...errors } },
    config: { roles: ['admin'], audit: 'person.expunge' }
  }, async (request, reply) => {
    const out = await run(request, 'person', request.params.id, request.query.reason)
    return await reply.status(out.status === 'done' ? 200 : 202).send(out)
  })
}
