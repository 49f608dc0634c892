import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { fail } from '../../core/errors.ts'
import { candidateList } from '../../runs/candidates.ts'
import { missingSlotsOf } from '../../core/pedigree/missing-slots.ts'
import { submitCase } from '../../runs/submissions.ts'
import { recordStored } from '../plugins/audit.ts'
import { requirePrincipal } from '../plugins/auth.ts'
import { CaseSchema, CaseWriteResultSchema, CreateCaseSchema, ReplaceCaseSchema } from '../schemas/case.ts'
import { CandidateListSchema, CandidateQuerySchema } from '../schemas/candidates.ts'
import { CaseJointAssignmentSchema } from '../schemas/joint-assignment.ts'
import { bestJointAssignment } from '../../runs/joint-assignment.ts'
import { errorResponses } from '../schemas/error.ts'
import { searchSummaryFor } from '../lab-visibility.ts'
import { caseView } from '../services.ts'
import { unitView } from '../unit-view.ts'

const params = z.object({ id: z.string().min(1).max(100) })
const tags = ['cases']

/** Family cases: create (pedigree or relatives form), replace, read, and the ranked candidates. */
export const caseRoutes: FastifyPluginAsyncZod = async (app) => {
  const s = app.services
  const view = (c: Parameters<typeof caseView>[0]) => ({ ...caseView(c), unit: unitView(app.units, c.unitId) })

  app.post('/cases', {
    schema: { tags, body: CreateCaseSchema, response: { 200: CaseWriteResultSchema, 201: CaseWriteResultSchema, ...errorResponses } },
    config: { roles: ['lab', 'caseworker'], audit: 'case.create' }
  }, async (request, reply) => {
    const who = requirePrincipal(request)
    const out = await submitCase(s, request.body, 'create', { ...who, record: recordStored(request, 'caseId') })
    request.auditTarget = { caseId: out.record.id, changed: String(out.changed) }
    return reply.status(out.created ? 201 : 200).send({ case: view(out.record), created: out.created, changed: out.changed, ...searchSummaryFor(who, out.search), warnings: out.warnings })
  })

  app.put('/cases/:id', {
    schema: { tags, params, body: ReplaceCaseSchema, response: { 200: CaseWriteResultSchema, 201: CaseWriteResultSchema, ...errorResponses } },
    config: { roles: ['lab', 'caseworker'], audit: 'case.replace' }
  }, async (request, reply) => {
    if (request.body.id !== request.params.id) fail('BAD_REQUEST', `the body's id ${request.body.id} is not the id in the path, ${request.params.id}`, { value: request.body.id })
    const who = requirePrincipal(request)
    const out = await submitCase(s, request.body, 'replace', { ...who, record: recordStored(request, 'caseId') })
    return reply.status(out.created ? 201 : 200).send({ case: view(out.record), created: out.created, changed: out.changed, ...searchSummaryFor(who, out.search), warnings: out.warnings })
  })

  app.get('/cases/:id', {
    schema: { tags, params, response: { 200: CaseSchema, ...errorResponses } },
    config: { roles: ['caseworker'], audit: 'case.read' }
  }, async (request) => {
    const c = s.cases.get(request.params.id) ?? fail('NOT_FOUND', `no case ${request.params.id}`, { value: request.params.id })
    return view(c)
  })

  app.get('/cases/:id/candidates', {
    schema: { tags, params, querystring: CandidateQuerySchema, response: { 200: CandidateListSchema, ...errorResponses } },
    config: { roles: ['caseworker'], audit: 'candidates.read' }
  }, async (request) => {
    const { id } = request.params
    const c = s.cases.get(id) ?? fail('NOT_FOUND', `no case ${id}`, { value: id })
    const { slot } = request.query
    if (slot !== undefined && !missingSlotsOf(c).some((m) => m.slot === slot)) {
      fail('BAD_REQUEST', `case ${id} has no missing person ${slot}; its slots are ${missingSlotsOf(c).map((m) => m.slot).join(', ')}`, { field: 'slot', value: slot })
    }
    // a one-slot case has one list, whatever slot is named
    const list = candidateList('case', id, s.candidateContext(), request.query.limit, c.missingPersons === undefined ? undefined : slot)
    return { caseId: id, ...(slot === undefined ? {} : { slot }), ...list }
  })

  app.get('/cases/:id/joint-assignment', {
    schema: { tags, params, response: { 200: CaseJointAssignmentSchema, ...errorResponses } },
    config: { roles: ['caseworker'], audit: 'candidates.joint-read' }
  }, async (request) => {
    const c = s.cases.get(request.params.id) ?? fail('NOT_FOUND', `no case ${request.params.id}`, { value: request.params.id })
    return { caseId: c.id, slots: missingSlotsOf(c).map((m) => m.slot), jointAssignment: bestJointAssignment(c, s.jointDeps()) ?? null }
  })
}
