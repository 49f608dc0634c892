import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { fail } from '../../core/errors.ts'
import { canonicalLocus } from '../../core/markers/locus.ts'
import { canonicalAllele } from '../../core/markers/allele.ts'
import type { LocusFrequencies } from '../../core/markers/frequency-table.ts'
import { errorResponses } from '../schemas/error.ts'

const SummarySchema = z.object({
  id: z.string(),
  version: z.string(),
  population: z.string(),
  source: z.string(),
  loci: z.number().int(),
  isDefault: z.boolean(),
  createdAt: z.string()
})
const CreateTableSchema = z.object({
  id: z.string().regex(/^[a-z0-9_.-]{1,60}$/, 'lower-case letters, digits, _ . - (at most 60)'),
  population: z.string().min(1).max(200),
  source: z.string().min(1).max(1000),
  loci: z.record(z.string(), z.object({
    alleles: z.array(z.string()).min(1).max(500),
    frequencies: z.array(z.number().min(0).max(1)).min(1).max(500),
    sampleSize: z.number().int().positive().optional()
  })).refine((l) => Object.keys(l).length <= 200, { message: 'at most 200 loci' }),
  makeDefault: z.boolean().optional()
})

/** Frequency tables: listed to everyone who works with cases; added (as a new version) by admins. */
export const frequencyTableRoutes: FastifyPluginAsyncZod = async (app) => {
  const s = app.services
  const tags = ['frequency-tables']

  app.get('/frequency-tables', {
    schema: { tags, response: { 200: z.object({ tables: z.array(SummarySchema) }), ...errorResponses } },
    config: { roles: ['lab', 'caseworker', 'admin'], audit: 'frequency-table.list' }
  }, async () => ({ tables: s.tables.list() }))

  app.post('/frequency-tables', {
    schema: { tags, body: CreateTableSchema, response: { 200: SummarySchema, 201: SummarySchema, ...errorResponses } },
    config: { roles: ['admin'], audit: 'frequency-table.create' }
  }, async (request, reply) => {
    const body = request.body
    const loci: Record<string, LocusFrequencies> = {}
    for (const [raw, l] of Object.entries(body.loci)) {
      const name = canonicalLocus(raw, { sample: `table ${body.id}` })
      if (l.alleles.length !== l.frequencies.length) fail('INVALID_FREQUENCIES', `table ${body.id} locus ${name}: ${l.alleles.length} alleles but ${l.frequencies.length} frequencies`, { locus: name })
      const alleles = l.alleles.map((a) => canonicalAllele(a, { locus: name, sample: `table ${body.id}` }))
      loci[name] = l.sampleSize === undefined ? { alleles, frequencies: l.frequencies } : { alleles, frequencies: l.frequencies, sampleSize: l.sampleSize }
    }
    // The table, the default and the audit entry commit together (src/http/plugins/audit.ts).
    const { table, created } = app.db.transaction(() => {
      const added = s.tables.add({ id: body.id, population: body.population, source: body.source, loci })
      if (body.makeDefault === true) s.tables.setDefault(added.table.id)
      request.audit.inTransaction(added.created ? 201 : 200, { tableId: added.table.id, version: added.table.version, makeDefault: body.makeDefault === true ? 1 : 0 })
      return added
    }).immediate()
    const summary = s.tables.list().find((t) => t.id === table.id)!
    return reply.status(created ? 201 : 200).send(summary)
  })
}
