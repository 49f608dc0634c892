import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { RELATIONS, relativesToPedigree } from '../../core/pedigree/relatives-pedigree.ts'
import { LOCALES } from '../../i18n/locale.ts'
import { pedigreeSvg, pedigreeText } from '../../report/pedigree-svg.ts'
import { errorResponses } from '../schemas/error.ts'
import { SexSchema } from '../schemas/profile.ts'
import { RecordIdSchema } from '../schemas/record-id.ts'

/** The relatives form without genotypes: `typed` says whether a relative has a profile (drawn filled). */
const PedigreePreviewSchema = z.object({
  missingPerson: z.object({ id: RecordIdSchema.optional(), sex: SexSchema }).strict(),
  /** Other missing children of the family (MP2, ...), placed as the first one's relation (default full sibling), drawn as missing. */
  otherMissing: z.array(z.object({ slot: RecordIdSchema, sex: SexSchema, relation: z.enum(RELATIONS).optional() }).strict()).max(9).optional(),
  relatives: z.array(z.object({
    id: RecordIdSchema,
    relation: z.enum(RELATIONS),
    sex: SexSchema.optional(),
    of: RecordIdSchema.optional(),
    typed: z.boolean().optional()
  }).strict()).max(100),
  locale: z.enum(LOCALES).optional(),
  title: z.string().max(200).optional()
}).strict()

/**
 * POST /pedigree-preview: the pedigree a relatives form describes, drawn as the case page will draw it
 * (relativesToPedigree, then pedigreeSvg), so the person entering a family sees the shape before storing
 * it. Nothing is stored and no genotype is sent; a relatives list the form would refuse is refused with
 * the same error (the relative and the value at fault).
 */
export const pedigreePreviewRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/pedigree-preview', {
    schema: { tags: ['cases'], body: PedigreePreviewSchema, response: { 200: z.object({ svg: z.string(), persons: z.number().int() }), ...errorResponses } },
    config: { roles: ['lab', 'caseworker'], audit: 'pedigree.preview' }
  }, async (request) => {
    const { missingPerson, relatives, locale = 'en', title, otherMissing = [] } = request.body
    const mpId = missingPerson.id ?? 'MP'
    // the case intake places the other missing children the same way (src/runs/case-intake.ts)
    const others = otherMissing.map((m) => ({ id: m.slot, relation: m.relation ?? 'full-sibling', sex: m.sex }))
    const pedigree = relativesToPedigree({ id: mpId, sex: missingPerson.sex }, [...relatives.map(({ typed: _typed, ...r }) => r), ...others])
    const typed = new Set(relatives.filter((r) => r.typed === true).map((r) => r.id))
    const missing = new Set([pedigree.missingPerson, ...others.map((o) => o.id)])
    const svg = pedigreeSvg(pedigree.persons.map((p) => ({ ...p, typed: typed.has(p.id), isMissingPerson: missing.has(p.id) })), title ?? 'Pedigree', {}, pedigreeText(locale))
    return { svg, persons: pedigree.persons.length }
  })
}
