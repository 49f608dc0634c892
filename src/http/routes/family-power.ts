import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { fail } from '../../core/errors.ts'
import { MATCH_LR, pAtLeast, type WeakCaseRow } from '../../storage/family-power-repository.ts'
import { createUnitScope } from '../../storage/unit-scope.ts'
import { familyPowerView } from '../../runs/family-power-view.ts'
import type { FamilyPowerService } from '../../runs/family-power-service.ts'
import { requirePrincipal } from '../plugins/auth.ts'
import { errorResponses } from '../schemas/error.ts'
import { FamilyPowerComputingSchema, FamilyPowerFailedSchema, FamilyPowerReadySchema, WeakCaseListSchema, WeakCasesQuerySchema } from '../schemas/family-power.ts'

const params = z.object({ id: z.string().min(1).max(100) })
const tags = ['family power']

/** How often the server looks for cases whose power is missing or stale (stored from the command line, a new table version). */
const SWEEP_INTERVAL_MS = 60_000

/** A weak-case row as the API lists it: figures of the family only, never a genotype. */
export function weakCaseView (row: WeakCaseRow, power: Pick<FamilyPowerService, 'modelKeyFor'>) {
  const { power: p, nextRelatives } = row.figures
  const best = nextRelatives[0]
  let current: boolean
  try {
    current = row.modelKey === power.modelKeyFor(row.frequencyTableId)
  } catch {
    current = false // the table is gone: the value cannot be today's
  }
  return {
    caseId: row.caseId,
    missingPerson: { sex: row.missingPersonSex, ...(row.born === undefined ? {} : { born: row.born }), ...(row.missingSince === undefined ? {} : { missingSince: row.missingSince }) },
    ...(row.assignee === undefined ? {} : { assignee: row.assignee }),
    pLrAtLeast: { 1000: pAtLeast(p, 1000), 10000: pAtLeast(p, MATCH_LR) },
    exclusionPower: p.unrelated.exclusionPower,
    bestNext: best === undefined
      ? null
      : { relation: best.relation, label: best.label, pLrAtLeast10000: best.pLrAtLeast.find((x) => x.lr === MATCH_LR)?.expected ?? 0, gain: best.gainPLrAtLeast },
    computedAt: row.computedAt,
    current
  }
}

/**
 * Family power (issue 12): a case's power as it stands and whom to sample next, and the list of weak cases
 * for outreach. Computed off the request (src/runs/family-power-service.ts): a case whose value is not yet
 * computed from its current inputs answers 202 "computing" and is queued. The figures hold no genotype, so
 * caseworkers and admins read them under the case list's visibility.
 */
export const familyPowerRoutes: FastifyPluginAsyncZod = async (app) => {
  const s = app.services
  const scope = createUnitScope(app.db)
  s.power.setOnError((caseId, err) => {
    // the case and the error's code only: an engine message may quote alleles
    app.log.error({ caseId, code: (err as { code?: unknown }).code ?? 'internal' }, 'family power computation failed')
  })
  // at start, then periodically: values stale since the last run (another θ, a new table version, cases
  // stored from the command line) are queued behind the cases stored through the API
  let sweeper: NodeJS.Timeout | undefined
  app.addHook('onReady', async () => {
    s.power.sweep()
    sweeper = setInterval(() => { s.power.sweep() }, SWEEP_INTERVAL_MS).unref()
  })
  app.addHook('onClose', async () => {
    clearInterval(sweeper)
    await s.power.close()
  })

  app.get('/cases/:id/power', {
    schema: {
      tags,
      params,
      response: { 200: z.union([FamilyPowerReadySchema, FamilyPowerFailedSchema]), 202: FamilyPowerComputingSchema, ...errorResponses }
    },
    config: { roles: ['caseworker', 'admin'], audit: 'power.read' }
  }, async (request, reply) => {
    const { id } = request.params
    // another unit's case is answered as one that does not exist (the unit rule, src/storage/unit-scope.ts)
    if (!scope.caseVisible(requirePrincipal(request), id)) fail('NOT_FOUND', `no case ${id}`, { value: id })
    const state = s.power.status(id) ?? fail('NOT_FOUND', `no case ${id}`, { value: id })
    const view = familyPowerView(id, state, s.match.screen.comparedForCase(id))
    request.auditTarget = { caseId: id, status: view.status }
    if (view.status === 'computing') return reply.status(202).send(view)
    return view
  })

  app.get('/weak-cases', {
    schema: { tags, querystring: WeakCasesQuerySchema, response: { 200: WeakCaseListSchema, ...errorResponses } },
    config: { roles: ['caseworker', 'admin'], audit: 'power.weak-cases' }
  }, async (request) => {
    const { sort, limit, offset } = request.query
    const bar = app.config.weakPower
    // the case list's visibility: the caller's unit and below
    const { sql, binds } = scope.condition(requirePrincipal(request), 'c.unit_id')
    const { rows, hasMore } = s.power.repository.weakPage({ bar, sort, limit, offset, scope: { sql, binds } })
    return { bar, sort, limit, offset, hasMore, cases: rows.map((r) => weakCaseView(r, s.power)) }
  })
}
