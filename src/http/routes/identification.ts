import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { fail } from '../../core/errors.ts'
import { createUnitScope } from '../../storage/unit-scope.ts'
import { identificationView } from '../../runs/identification-view.ts'
import { requirePrincipal } from '../plugins/auth.ts'
import { errorResponses } from '../schemas/error.ts'
import { CaseIdentificationSchema, PersonIdentificationSchema } from '../schemas/identification.ts'

const params = z.object({ id: z.string().min(1).max(100) })
const tags = ['identification']

/**
 * The joint identification's conclusions (issue 13, src/runs/identification-service.ts): per slot of a case
 * and for a person, in dvir's words with the GLR ("the next best is X times less likely"). A conclusion that
 * names another unit's record shows it only where the pair is a candidate (the unit rule); otherwise its
 * figures stay and its names are withheld.
 */
export const identificationRoutes: FastifyPluginAsyncZod = async (app) => {
  const s = app.services
  const scope = createUnitScope(app.db)

  app.get('/cases/:id/identification', {
    schema: { tags, params, response: { 200: CaseIdentificationSchema, ...errorResponses } },
    config: { roles: ['caseworker'], audit: 'identification.read' }
  }, async (request) => {
    const { id } = request.params
    const me = requirePrincipal(request)
    if (!scope.caseVisible(me, id)) fail('NOT_FOUND', `no case ${id}`, { value: id })
    request.auditTarget = { caseId: id }
    return { caseId: id, slots: s.identification.forCase(id).map((c) => identificationView(c, 'slot', (caseId, personId) => scope.pairVisible(me, caseId, personId))) }
  })

  app.get('/persons/:id/identification', {
    schema: { tags, params, response: { 200: PersonIdentificationSchema, ...errorResponses } },
    config: { roles: ['caseworker'], audit: 'identification.read' }
  }, async (request) => {
    const { id } = request.params
    const me = requirePrincipal(request)
    if (!scope.personVisible(me, id)) fail('NOT_FOUND', `no person ${id}`, { sample: id, value: id })
    request.auditTarget = { personId: id }
    const stored = s.identification.forPerson(id)
    return { personId: id, identification: stored === undefined ? null : identificationView(stored, 'person', (caseId, personId) => scope.pairVisible(me, caseId, personId)) }
  })
}
