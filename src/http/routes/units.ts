import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { fail } from '../../core/errors.ts'
import { requirePrincipal } from '../plugins/auth.ts'
import { errorResponses } from '../schemas/error.ts'
import { CreateUnitSchema, UnitListSchema, UnitSchema } from '../schemas/unit.ts'
import { unitView } from '../unit-view.ts'

const tags = ['units']

/**
 * The tree of units, for admins: GET lists the admin's unit and everything below it; POST makes a unit
 * below the admin's own (or below one of its descendants). Moving a unit is the host's
 * (`homeward unit move`): it changes who sees what across the tree, more than one unit's admin decides.
 */
export const unitRoutes: FastifyPluginAsyncZod = async (app) => {
  const shown = (id: number) => unitView(app.units, id) ?? fail('NOT_FOUND', `no unit ${id}`, { value: String(id) })

  app.get('/units', {
    schema: { tags, response: { 200: UnitListSchema, ...errorResponses } },
    config: { roles: ['admin'], audit: 'unit.list' }
  }, async (request) => {
    const who = requirePrincipal(request)
    return { units: app.units.list(who.unitId).map((u) => shown(u.id)) }
  })

  app.post('/units', {
    schema: { tags, body: CreateUnitSchema, response: { 201: UnitSchema, ...errorResponses } },
    config: { roles: ['admin'], audit: 'unit.create' }
  }, async (request, reply) => {
    const who = requirePrincipal(request)
    // the parent must be the admin's unit or below it, refused in the same words whether it exists or not
    const parentId = app.unitScope.place(who, request.body.parent, undefined)
    const unit = app.db.transaction(() => {
      const u = app.units.create({ parentId, name: request.body.name, level: request.body.level })
      request.audit.inTransaction(201, { unit: String(u.id), parent: String(parentId) })
      return u
    }).immediate()
    request.auditTarget = { unit: String(unit.id), parent: String(parentId) }
    return await reply.status(201).send(shown(unit.id))
  })
}
