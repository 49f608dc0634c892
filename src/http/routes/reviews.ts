import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { reviewPair, type ReviewAction } from '../../runs/pair-review.ts'
import { requirePrincipal } from '../plugins/auth.ts'
import { errorResponses } from '../schemas/error.ts'

const params = z.object({ caseId: z.string().min(1).max(100), personId: z.string().min(1).max(100) })
const StateSchema = z.enum(['awaiting-second-confirmation', 'confirmed', 'rejected']).nullable()
const ReviewSchema = z.object({
  id: z.number().int(),
  caseId: z.string(),
  personId: z.string(),
  decision: z.enum(['confirmed', 'rejected', 'reopened']),
  note: z.string(),
  reviewer: z.string().optional(),
  log10Lr: z.number().nullable(),
  confirmation: z.enum(['first', 'second', 'single']).optional().describe('first: awaits a second caseworker; second: closed the pair; single: closed by one caseworker before the four-eyes rule'),
  lrDecision: z.enum(['supported', 'inconclusive', 'excluded']).optional(),
  override: z.boolean(),
  overrideReason: z.string().optional(),
  createdAt: z.string()
})
const note = z.string().trim().min(1, 'a review needs a note saying why').max(4000)
const CreateReviewSchema = z.object({
  decision: z.enum(['confirm', 'reject', 'reopen', 'confirmed', 'rejected', 'reopened']),
  note,
  override: z.boolean().optional(),
  overrideReason: z.string().trim().min(1, 'an override needs a reason').max(4000).optional()
}).superRefine((b, ctx) => {
  if (b.override === true && b.overrideReason === undefined) ctx.addIssue({ code: 'custom', path: ['overrideReason'], message: 'an override needs a reason (overrideReason)' })
  if (b.override !== true && b.overrideReason !== undefined) ctx.addIssue({ code: 'custom', path: ['override'], message: 'overrideReason is given without "override": true' })
  if (b.override === true && !b.decision.startsWith('confirm')) ctx.addIssue({ code: 'custom', path: ['override'], message: 'only a confirmation can override' })
})
const ReviewResultSchema = z.object({
  review: ReviewSchema,
  case: z.object({ id: z.string(), status: z.enum(['open', 'closed']) }),
  person: z.object({ id: z.string(), status: z.enum(['open', 'closed']) }),
  pair: z.object({ state: StateSchema, firstConfirmedBy: z.string().optional(), message: z.string() })
})

// The past-tense spellings are accepted as the first version of this route took them.
const ACTIONS: Record<z.infer<typeof CreateReviewSchema>['decision'], ReviewAction> = {
  confirm: 'confirm', confirmed: 'confirm', reject: 'reject', rejected: 'reject', reopen: 'reopen', reopened: 'reopen'
}

const reviewTarget = (r: { id: number, decision: string, confirmation?: string, overrideReason?: string }): Record<string, string | number | null> =>
  ({ reviewId: r.id, decision: r.decision, confirmation: r.confirmation ?? null, override: r.overrideReason === undefined ? 0 : 1 })

const withOverride = <T extends { overrideReason?: string }>(r: T): T & { override: boolean } => ({ ...r, override: r.overrideReason !== undefined })

/**
 * Caseworker review of a candidate, four eyes: `confirm` twice by two different caseworkers closes the
 * case and the person; `reject` and `reopen` need a reason (the note); a pair the standard does not
 * support is confirmed only with `override: true` and an `overrideReason` (src/runs/pair-review.ts).
 */
export const reviewRoutes: FastifyPluginAsyncZod = async (app) => {
  const s = app.services
  const tags = ['reviews']

  app.post('/cases/:caseId/persons/:personId/reviews', {
    schema: { tags, params, body: CreateReviewSchema, response: { 201: ReviewResultSchema, ...errorResponses } },
    config: { roles: ['caseworker'], audit: 'review.create' }
  }, async (request, reply) => {
    const action = ACTIONS[request.body.decision]
    // The four-eyes rule compares account names: two tokens of one account are one pair of eyes.
    const reviewer = requirePrincipal(request).userName
    const out = await reviewPair(s, {
      ...request.params,
      action,
      note: request.body.note,
      reviewer,
      ...(request.body.overrideReason === undefined ? {} : { overrideReason: request.body.overrideReason }),
      // the entry commits with the decision (src/http/plugins/audit.ts)
      record: (review) => { request.audit.inTransaction(201, reviewTarget(review)) }
    })
    request.auditTarget = reviewTarget(out.review)
    return reply.status(201).send({ ...out, review: withOverride(out.review) })
  })

  app.get('/cases/:caseId/persons/:personId/reviews', {
    schema: { tags, params, response: { 200: z.object({ reviews: z.array(ReviewSchema), state: StateSchema }), ...errorResponses } },
    config: { roles: ['caseworker'], audit: 'review.read' }
  }, async (request) => {
    const { caseId, personId } = request.params
    return { reviews: s.reviews.forPair(caseId, personId).map(withOverride), state: s.reviews.state(caseId, personId).state }
  })
}
