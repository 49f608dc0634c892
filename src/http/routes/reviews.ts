import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { fail } from '../../core/errors.ts'
import { errorResponses } from '../schemas/error.ts'

const params = z.object({ caseId: z.string().min(1).max(100), personId: z.string().min(1).max(100) })
const ReviewSchema = z.object({
  id: z.number().int(),
  caseId: z.string(),
  personId: z.string(),
  decision: z.enum(['confirmed', 'rejected']),
  note: z.string(),
  reviewer: z.string().optional(),
  log10Lr: z.number().nullable(),
  createdAt: z.string()
})
const CreateReviewSchema = z.object({
  decision: z.enum(['confirm', 'reject', 'confirmed', 'rejected']),
  note: z.string().trim().min(1, 'a review needs a note saying why').max(4000)
})
const ReviewResultSchema = z.object({
  review: ReviewSchema,
  case: z.object({ id: z.string(), status: z.enum(['open', 'closed']) }),
  person: z.object({ id: z.string(), status: z.enum(['open', 'closed']) })
})

/**
 * Caseworker review of a candidate. Confirming closes the case and the person (one child fills one
 * missing slot): both leave later searches. Rejecting records the decision and the note only.
 */
export const reviewRoutes: FastifyPluginAsyncZod = async (app) => {
  const s = app.services
  const tags = ['reviews']

  const confirmOrReject = app.db.transaction((caseId: string, personId: string, decision: 'confirmed' | 'rejected', note: string, reviewer: string | undefined) => {
    const c = s.cases.get(caseId) ?? fail('NOT_FOUND', `no case ${caseId}`, { value: caseId })
    const p = s.persons.get(personId) ?? fail('NOT_FOUND', `no person ${personId}`, { sample: personId })
    const r = s.results.get(caseId, personId) ?? fail('NOT_FOUND', `case ${caseId} and person ${personId} have not been compared`, { value: `${caseId}/${personId}` })
    if (decision === 'confirmed') {
      if (r.status !== 'scored') fail('CONFLICT', `person ${personId} cannot be confirmed for case ${caseId}: the comparison is ${r.status}`, { sample: personId, value: r.status })
      if (c.status === 'closed') fail('CONFLICT', `case ${caseId} is already closed`, { value: caseId })
      if (p.status === 'closed') fail('CONFLICT', `person ${personId} is already closed (confirmed for another case)`, { sample: personId })
      s.cases.setStatus(caseId, 'closed')
      s.persons.setStatus(personId, 'closed')
      s.match.screen.drop('case', caseId)
      s.match.screen.drop('person', personId)
    }
    const review = s.reviews.add({ caseId, personId, decision, note, log10Lr: r.log10Lr, ...(reviewer === undefined ? {} : { reviewer }) })
    return { review, case: { id: caseId, status: s.cases.get(caseId)!.status }, person: { id: personId, status: s.persons.get(personId)!.status } }
  })

  app.post('/cases/:caseId/persons/:personId/reviews', {
    schema: { tags, params, body: CreateReviewSchema, response: { 201: ReviewResultSchema, ...errorResponses } },
    config: { roles: ['caseworker'], audit: 'review.create' }
  }, async (request, reply) => {
    const decision = request.body.decision.startsWith('confirm') ? 'confirmed' : 'rejected'
    const out = confirmOrReject(request.params.caseId, request.params.personId, decision, request.body.note, request.principal?.userName)
    request.auditTarget = { reviewId: out.review.id, decision }
    return reply.status(201).send(out)
  })

  app.get('/cases/:caseId/persons/:personId/reviews', {
    schema: { tags, params, response: { 200: z.object({ reviews: z.array(ReviewSchema) }), ...errorResponses } },
    config: { roles: ['caseworker'], audit: 'review.read' }
  }, async (request) => ({ reviews: s.reviews.forPair(request.params.caseId, request.params.personId) }))
}
