import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { attachmentDisposition } from '../../report/content-disposition.ts'
import { buildMatchReport } from '../../report/match-report.ts'
import { renderReportHtml } from '../../report/render-html.ts'
import { renderReportPdf } from '../../report/render-pdf.ts'
import { assembleReportInput } from '../../runs/report-input.ts'
import { errorResponses } from '../schemas/error.ts'

const params = z.object({ caseId: z.string().min(1).max(100), personId: z.string().min(1).max(100) })
const querystring = z.object({ format: z.enum(['json', 'html', 'pdf']).default('json') })

/** The report as JSON: the full homeward-match-report/1 document (see src/report/match-report-types.ts). */
const MatchReportSchema = z.looseObject({
  schema: z.literal('homeward-match-report/1'),
  generatedAt: z.string(),
  contentHash: z.string()
})

/**
 * The match report of a case/person pair, as JSON data, a printable HTML page or a PDF. The content hash
 * covers everything but the generation time, so a report can be reproduced and checked later.
 */
export const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  const s = app.services
  app.get('/cases/:caseId/persons/:personId/report', {
    schema: {
      tags: ['reports'],
      params,
      querystring,
      response: { 200: MatchReportSchema.describe('JSON by default; text/html for format=html, application/pdf for format=pdf'), ...errorResponses }
    },
    config: { roles: ['caseworker'], audit: 'report.read' }
  }, async (request, reply) => {
    const { caseId, personId } = request.params
    const input = await assembleReportInput({ ...s, runner: app.runner }, caseId, personId)
    const report = buildMatchReport(input, new Date().toISOString())
    request.auditTarget = { contentHash: report.contentHash, format: request.query.format }
    // HTML and PDF bodies are not JSON: sent as they are, past the JSON response schema.
    const raw = reply as unknown as FastifyReply
    // every format downloads under one name; ids may be Chinese, so the header is RFC 6266 encoded
    const format = request.query.format
    raw.header('content-disposition', attachmentDisposition(`homeward-report-${caseId}-${personId}.${format}`))
    if (format === 'html') return raw.type('text/html; charset=utf-8').send(renderReportHtml(report))
    if (format === 'pdf') return raw.type('application/pdf').send(await renderReportPdf(report))
    return raw.send(report)
  })
}
