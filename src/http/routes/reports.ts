import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { attachmentDisposition } from '../../report/content-disposition.ts'
import { buildMatchReport } from '../../report/match-report.ts'
import { renderReportHtml } from '../../report/render-html.ts'
import { renderReportPdf } from '../../report/render-pdf.ts'
import { LOCALES, negotiateLocale } from '../../i18n/locale.ts'
import { assembleReportInput, reportReviews } from '../../runs/report-input.ts'
import { createReportIssueRepository } from '../../storage/report-issue-repository.ts'
import { errorResponses } from '../schemas/error.ts'

const params = z.object({ caseId: z.string().min(1).max(100), personId: z.string().min(1).max(100) })
const querystring = z.object({
  format: z.enum(['json', 'html', 'pdf']).default('json'),
  lang: z.enum(LOCALES).optional().describe('language of the HTML and PDF (else Accept-Language, else zh-CN); the JSON is data, its texts in English')
})

/** The report as JSON: the full homeward-match-report/1 document (see src/report/match-report-types.ts). */
const MatchReportSchema = z.looseObject({
  schema: z.literal('homeward-match-report/1'),
  generatedAt: z.string(),
  contentHash: z.string()
})

/**
 * The match report of a case/person pair, as JSON data, a printable HTML page or a PDF, in Chinese or
 * English. Each set of findings is a numbered version (report number per pair, issued once by the account
 * that first produced it); the reviews and the signature block come with it. The content hash covers the
 * findings only, so a report can be reproduced and checked later, in either language.
 */
export const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  const s = app.services
  const issues = createReportIssueRepository(app.db)
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
    const now = new Date().toISOString()
    const findings = buildMatchReport(input, now)
    const issued = issues.issue(caseId, personId, findings.contentHash, request.principal?.userName ?? 'unknown', now)
    const report = { ...findings, issue: { agency: app.config.report.agency, ...issued }, reviews: reportReviews(s.reviews, caseId, personId) }
    const locale = negotiateLocale(request.headers['accept-language'], request.query.lang)
    const context = { locale, timeZone: app.config.report.timeZone }
    request.auditTarget = { contentHash: report.contentHash, reportNumber: issued.reportNumber, version: issued.version, format: request.query.format, locale }
    // HTML and PDF bodies are not JSON: sent as they are, past the JSON response schema.
    const raw = reply as unknown as FastifyReply
    // every format downloads under one name; ids may be Chinese, so the header is RFC 6266 encoded
    const format = request.query.format
    raw.header('content-disposition', attachmentDisposition(`homeward-report-${caseId}-${personId}.${format}`))
    // genotypes inside: no cache keeps a copy; the language follows the request's header
    raw.header('cache-control', 'no-store').header('vary', 'Accept-Language').header('content-language', locale)
    if (format === 'html') return raw.type('text/html; charset=utf-8').send(renderReportHtml(report, context))
    if (format === 'pdf') return raw.type('application/pdf').send(await renderReportPdf(report, context))
    return raw.send(report)
  })
}
