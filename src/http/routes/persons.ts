import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { fail } from '../../core/errors.ts'
import { candidateList } from '../../runs/candidates.ts'
import { submitPerson } from '../../runs/submissions.ts'
import { recordStored } from '../plugins/audit.ts'
import { requirePrincipal } from '../plugins/auth.ts'
import { CandidateListSchema, CandidateQuerySchema } from '../schemas/candidates.ts'
import { errorResponses } from '../schemas/error.ts'
import { CreatePersonSchema, PersonSchema, PersonWriteResultSchema } from '../schemas/person.ts'
import { searchSummaryFor } from '../lab-visibility.ts'
import { personView } from '../services.ts'
import { unitView } from '../unit-view.ts'

const params = z.object({ id: z.string().min(1).max(100) })
const tags = ['persons']

/** Unidentified persons: create, replace, read, and the ranked candidate cases. */
export const personRoutes: FastifyPluginAsyncZod = async (app) => {
  const s = app.services
  const view = (p: Parameters<typeof personView>[0]) => ({ ...personView(p), unit: unitView(app.units, p.unitId) })

  app.post('/persons', {
    schema: { tags, body: CreatePersonSchema, response: { 200: PersonWriteResultSchema, 201: PersonWriteResultSchema, ...errorResponses } },
    config: { roles: ['lab', 'caseworker'], audit: 'person.create' }
  }, async (request, reply) => {
    const who = requirePrincipal(request)
    // the audit entry (written in the transaction) says when the declared sex was kept against amelogenin
    const override: Record<string, string> = request.body.sexOverride === undefined ? {} : { sexOverride: 'true' }
    request.auditTarget = override
    const out = await submitPerson(s, request.body, 'create', { ...who, record: recordStored(request, 'personId') })
    request.auditTarget = { personId: out.record.id, changed: String(out.changed), ...override }
    return reply.status(out.created ? 201 : 200).send({ person: view(out.record), created: out.created, changed: out.changed, ...searchSummaryFor(who, out.search) })
  })

  app.put('/persons/:id', {
    schema: { tags, params, body: CreatePersonSchema, response: { 200: PersonWriteResultSchema, 201: PersonWriteResultSchema, ...errorResponses } },
    config: { roles: ['lab', 'caseworker'], audit: 'person.replace' }
  }, async (request, reply) => {
    if (request.body.id !== request.params.id) fail('BAD_REQUEST', `the body's id ${request.body.id} is not the id in the path, ${request.params.id}`, { value: request.body.id })
    const who = requirePrincipal(request)
    if (request.body.sexOverride !== undefined) request.auditTarget = { sexOverride: 'true' }
    const out = await submitPerson(s, request.body, 'replace', { ...who, record: recordStored(request, 'personId') })
    return reply.status(out.created ? 201 : 200).send({ person: view(out.record), created: out.created, changed: out.changed, ...searchSummaryFor(who, out.search) })
  })

  app.get('/persons/:id', {
    schema: { tags, params, response: { 200: PersonSchema, ...errorResponses } },
    config: { roles: ['caseworker'], audit: 'person.read' }
  }, async (request) => {
    const p = s.persons.get(request.params.id) ?? fail('NOT_FOUND', `no person ${request.params.id}`, { value: request.params.id })
    return view(p)
  })

  app.get('/persons/:id/candidates', {
    schema: { tags, params, querystring: CandidateQuerySchema, response: { 200: CandidateListSchema, ...errorResponses } },
    config: { roles: ['caseworker'], audit: 'candidates.read' }
  }, async (request) => {
    const { id } = request.params
    if (s.persons.get(id) === undefined) fail('NOT_FOUND', `no person ${id}`, { value: id })
    const list = candidateList('person', id, s.candidateContext(), request.query.limit)
    return { personId: id, ...list }
  })
}
