import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { HomewardError } from '../../core/errors.ts'
import { requirePrincipal } from '../../http/plugins/auth.ts'
import { buildMatchReport } from '../../report/match-report.ts'
import type { MatchReport } from '../../report/match-report-types.ts'
import { pedigreeSvg, pedigreeText } from '../../report/pedigree-svg.ts'
import { caseFacts, decisionReason, decisionTitle, locusCells, locusHeads, methodFacts, personFacts, summaryFacts, type Facts } from '../../report/report-sections.ts'
import { staleNotice } from '../../report/stale-notice.ts'
import { lineageFacts } from '../../report/report-lineage.ts'
import { t as reportText } from '../../i18n/translate.ts'
import { reviewPair, type ReviewAction } from '../../runs/pair-review.ts'
import { assembleReportInput } from '../../runs/report-input.ts'
import type { PairReview, Review } from '../../storage/review-repository.ts'
import { html, raw, type SafeHtml } from '../html.ts'
import { csrfField, type PageContext } from '../layout.ts'
import { pageContext, sendPage } from '../page-reply.ts'
import { instant, lrHeadline, log10Text, withPowers } from './caseworker-format.ts'
import { caseworkerMessages } from './caseworker-messages.ts'
import { pairMessages } from './caseworker-pair-messages.ts'

type Pm = ReturnType<typeof pairMessages>

/** What the reader typed into the review form, kept when the decision is refused. */
interface ReviewForm { decision?: string, note?: string, override?: boolean, overrideReason?: string }

const pairPath = (caseId: string, personId: string): string => `/cases/${encodeURIComponent(caseId)}/persons/${encodeURIComponent(personId)}`

function facts (list: Facts): SafeHtml {
  return html`<dl class="facts">${list.map(([k, v]) => html`<dt>${k}</dt><dd>${withPowers(v)}</dd>`)}</dl>`
}

function locusTable (r: MatchReport, ctx: PageContext, m: Pm): SafeHtml {
  const heads = locusHeads(r, ctx.locale)
  const numeric = new Set([heads.length - 3, heads.length - 2])
  return html`<div class="scroll"><table id="loci">
<caption class="visually-hidden">${m('perLocusCaption')}</caption>
<thead><tr>${heads.map((h, i) => html`<th scope="col"${numeric.has(i) ? html` class="num"` : ''}>${h}</th>`)}</tr></thead>
<tbody>${r.loci.map((row) => html`<tr class="${row.class}">${locusCells(r, row, ctx.locale).map((c, i) => i === 0 ? html`<th scope="row">${c}</th>` : html`<td${numeric.has(i) ? html` class="num"` : ''}>${withPowers(c)}</td>`)}</tr>`)}</tbody>
<tfoot><tr><th scope="row" colspan="${heads.length - 3}">${m('combined', { compared: r.total.comparedLoci, inconsistent: r.total.inconsistentLoci })}</th><td class="num">${withPowers(r.total.lrText)}</td><td class="num">${log10Text(r.total.log10Lr)}</td><td></td></tr></tfoot>
</table></div>`
}

/** The four-eyes state in words: who confirmed, and whether a second caseworker is awaited. */
function stateNotice (m: Pm, state: PairReview, reviews: readonly Review[], me: string): SafeHtml {
  const last = reviews.at(-1)
  if (state.state === 'awaiting-second-confirmation') {
    const text = state.firstConfirmedBy === me ? m('stateAwaitingMe') : m('stateAwaiting', { name: state.firstConfirmedBy ?? '—' })
    return html`<div class="notice info" role="status" id="four-eyes">${text}</div>`
  }
  if (state.state === 'confirmed') {
    const second = reviews.findLastIndex((r) => r.decision === 'confirmed')
    const names = reviews[second]?.confirmation === 'second' && second > 0 ? [reviews[second - 1].reviewer, reviews[second].reviewer] : []
    return html`<div class="notice success" role="status" id="four-eyes">${names.length === 2 ? m('stateConfirmed', { names: names.map((n) => n ?? '—').join(', ') }) : m('stateConfirmedSingle')}</div>`
  }
  if (state.state === 'rejected') return html`<div class="notice info" role="status" id="four-eyes">${m('stateRejected', { name: last?.reviewer ?? '—' })}</div>`
  if (last?.decision === 'reopened') return html`<div class="notice info" role="status" id="four-eyes">${m('stateReopened', { name: last.reviewer ?? '—' })}</div>`
  return html``
}

function historyTable (m: Pm, ctx: PageContext, tz: string, reviews: readonly Review[]): SafeHtml {
  const w = caseworkerMessages(ctx.locale)
  if (reviews.length === 0) return html`<p class="muted">${m('noHistory')}</p>`
  const what = (r: Review): string => r.decision === 'confirmed' ? m(r.confirmation ?? 'single') : r.decision === 'rejected' ? w('rejected') : m('reopened')
  return html`<table id="review-history">
<caption class="visually-hidden">${m('historyCaption')}</caption>
<thead><tr><th scope="col">${w('when')}</th><th scope="col">${m('who')}</th><th scope="col">${w('decision')}</th><th scope="col">${m('note')}</th><th scope="col">${m('overrideReason')}</th><th scope="col" class="num">${m('lrSeen')}</th></tr></thead>
<tbody>${reviews.map((r) => html`<tr><td>${instant(ctx.locale, r.createdAt, tz)}</td><td>${r.reviewer ?? '—'}</td><td>${what(r)}${r.lrDecision !== undefined && html`<br><span class="muted">${w(r.lrDecision)}</span>`}</td><td class="prewrap">${r.note}</td><td class="prewrap">${r.overrideReason ?? '—'}</td><td class="num">${log10Text(r.log10Lr)}</td></tr>`)}</tbody>
</table>`
}

function reviewFormHtml (m: Pm, ctx: PageContext, r: MatchReport, state: PairReview, closed: boolean, form: ReviewForm): SafeHtml {
  const me = ctx.account?.name
  const canConfirm = state.state !== 'confirmed' && !closed && !(state.state === 'awaiting-second-confirmation' && state.firstConfirmedBy === me)
  const canReject = state.state !== 'confirmed'
  const canReopen = state.state === 'confirmed' || state.state === 'rejected'
  const unsupported = r.decision.decision !== 'supported'
  const options: Array<[ReviewAction, string]> = [
    ...(canConfirm ? [['confirm', state.state === 'awaiting-second-confirmation' ? m('confirmSecond') : m('confirm')] as [ReviewAction, string]] : []),
    ...(canReject ? [['reject', m('reject')] as [ReviewAction, string]] : []),
    ...(canReopen ? [['reopen', m('reopen')] as [ReviewAction, string]] : [])
  ]
  return html`<form method="post" action="${pairPath(r.case.id, r.person.id)}/review" id="review-form" class="stack card">
${csrfField(ctx)}
${closed && state.state !== 'confirmed' && html`<p class="muted">${m('closedNote')}</p>`}
<fieldset><legend>${m('decisionLegend')}</legend>
${options.map(([value, label]) => html`<label class="check"><input type="radio" name="decision" id="decision-${value}" value="${value}"${form.decision === value || options.length === 1 ? html` checked` : ''} required> ${label}</label>`)}
</fieldset>
<label for="note">${m('noteLabel')}</label>
<textarea id="note" name="note" required maxlength="4000">${form.note ?? ''}</textarea>
${unsupported && canConfirm && html`<p class="notice info">${m('overrideHint')}</p>
<label class="check"><input type="checkbox" id="override" name="override" value="1"${form.override === true ? html` checked` : ''}> ${m('override')}</label>
<label for="overrideReason">${m('overrideReasonLabel')}</label>
<textarea id="overrideReason" name="overrideReason" maxlength="4000">${form.overrideReason ?? ''}</textarea>`}
<p><button type="submit" id="review-submit">${m('submit')}</button></p>
</form>`
}

/**
 * The pair page: the match report of a case and a person (the same report data as GET
 * /cases/:caseId/persons/:personId/report, laid out by the report's own sections in the page's
 * language), PDF downloads in both languages, the review history and the review form. The form posts
 * here and the page calls reviewPair, the service behind POST .../reviews, so the four-eyes rule,
 * override and reasons are enforced in one place; a refusal shows its reason above the form.
 */
export async function caseworkerPairPages (app: FastifyInstance): Promise<void> {
  const s = app.services

  async function renderPair (request: FastifyRequest, reply: FastifyReply, caseId: string, personId: string, options: { status?: number, error?: string, form?: ReviewForm } = {}): Promise<FastifyReply> {
    // a refused form is answered at the form's address; the language switch and marks follow the pair page
    const ctx = { ...pageContext(request), path: pairPath(caseId, personId) }
    const m = pairMessages(ctx.locale)
    const me = requirePrincipal(request).userName
    const report = buildMatchReport(await assembleReportInput({ ...s, runner: app.runner }, caseId, personId), new Date().toISOString())
    const reviews = s.reviews.forPair(caseId, personId)
    const state = s.reviews.state(caseId, personId)
    const closed = s.cases.get(caseId)?.status === 'closed' || s.persons.get(personId)?.status === 'closed'
    const q = request.query as Record<string, unknown>
    const base = pairPath(caseId, personId)
    const reportUrl = (format: string, lang?: string): string => `${base}/report?format=${format}${lang === undefined ? '' : `&lang=${lang}`}`
    const w = caseworkerMessages(ctx.locale)
    const content = html`
${options.error !== undefined && html`<div class="notice error" role="alert" id="review-error">${m('refused', { message: options.error })}</div>`}
${q.reviewed === '1' && options.error === undefined && html`<div class="notice success" role="status">${m('recorded')}</div>`}
${stateNotice(m, state, reviews, me)}
${report.stale !== undefined && html`<div class="notice error stale" role="status" id="stale-notice">${staleNotice(ctx.locale, report.stale)}</div>`}
<section class="decision ${report.decision.decision}" aria-labelledby="decision-h">
  <h2 id="decision-h">${decisionTitle(ctx.locale, report.decision.decision)}</h2>
  <p class="headline">${lrHeadline(w, report.total.log10Lr)}</p>
  <p>${withPowers(decisionReason(ctx.locale, report))}</p>
</section>
<nav class="row downloads noprint" aria-label="${m('downloads')}">
  <a class="button" href="${reportUrl('pdf', 'zh-CN')}" id="pdf-zh" lang="zh-CN">${m('pdfZh')}</a>
  <a class="button" href="${reportUrl('pdf', 'en')}" id="pdf-en" lang="en">${m('pdfEn')}</a>
  <a class="button secondary" href="${reportUrl('html', ctx.locale)}" id="html-report">${m('htmlPrint')}</a>
</nav>
<section aria-labelledby="summary-h"><h2 id="summary-h">${m('summary')}</h2>${facts(summaryFacts(report, ctx.locale))}</section>
<div class="grid2">
  <section class="card" aria-labelledby="case-h"><h2 id="case-h"><a href="/cases/${encodeURIComponent(caseId)}">${m('familyCase')}</a></h2>${facts(caseFacts(report, ctx.locale))}</section>
  <section class="card" aria-labelledby="person-h"><h2 id="person-h"><a href="/persons/${encodeURIComponent(personId)}">${m('person')}</a></h2>${facts(personFacts(report, ctx.locale))}</section>
</div>
<section aria-labelledby="pedigree-h"><h2 id="pedigree-h">${m('pedigree')}</h2><div class="pedigree">${raw(pedigreeSvg(report.case.pedigree, m('pedigreeOf', { id: caseId }), {}, pedigreeText(ctx.locale)))}</div></section>
<section aria-labelledby="loci-h"><h2 id="loci-h">${m('perLocus')}</h2>${locusTable(report, ctx, m)}</section>
${report.lineage !== undefined && html`<section aria-labelledby="lineage-h" id="lineage"><h2 id="lineage-h">${reportText(ctx.locale, 'report.section.lineage')}</h2><p class="muted">${reportText(ctx.locale, 'lineage.intro')}</p>${facts(lineageFacts(report.lineage, report.total.log10Lr, ctx.locale))}</section>`}
<section aria-labelledby="history-h"><h2 id="history-h">${m('history')}</h2>${historyTable(m, ctx, app.config.report.timeZone, reviews)}</section>
<section aria-labelledby="form-h" class="noprint"><h2 id="form-h">${m('form')}</h2>${reviewFormHtml(m, ctx, report, state, closed, options.form ?? {})}</section>
<section aria-labelledby="methods-h"><h2 id="methods-h">${m('methods')}</h2>${facts(methodFacts(report, ctx.locale))}
<p class="muted">${m('contentHash')}: <code class="hash">${report.contentHash}</code></p></section>`
    request.auditTarget = { caseId, personId, contentHash: report.contentHash }
    return sendPage(request, reply, m('title', { caseId, personId }), content, { ctx, status: options.status ?? 200 })
  }

  app.get('/cases/:caseId/persons/:personId', { config: { roles: ['caseworker'], audit: 'page.pair' }, schema: { hide: true } }, async (request, reply) => {
    const { caseId, personId } = request.params as { caseId: string, personId: string }
    return await renderPair(request, reply, caseId, personId)
  })

  app.post('/cases/:caseId/persons/:personId/review', { config: { roles: ['caseworker'], audit: 'review.create' }, schema: { hide: true } }, async (request, reply) => {
    const { caseId, personId } = request.params as { caseId: string, personId: string }
    const body = (request.body ?? {}) as Record<string, unknown>
    const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, 4000) : undefined)
    const decision = body.decision === 'confirm' || body.decision === 'reject' || body.decision === 'reopen' ? body.decision : undefined
    const form: ReviewForm = { ...(decision === undefined ? {} : { decision }), note: text(body.note) ?? '', override: body.override === '1', overrideReason: text(body.overrideReason) ?? '' }
    const m = pairMessages(pageContext(request).locale)
    const note = text(body.note)
    const reason = text(body.overrideReason)
    // the form's own mistakes, said in the page's language before the service is asked
    let mistake: string | undefined
    if (decision === undefined) mistake = m('needDecision')
    else if (note === undefined) mistake = m('needNote')
    else if (form.override === true && reason === undefined) mistake = m('needOverrideReason')
    else if (form.override !== true && reason !== undefined) mistake = m('reasonWithoutOverride')
    if (mistake !== undefined || decision === undefined || note === undefined) return await renderPair(request, reply, caseId, personId, { status: 400, error: mistake, form })
    try {
      await reviewPair(s, {
        caseId,
        personId,
        action: decision,
        note,
        reviewer: requirePrincipal(request).userName,
        ...(form.override === true && reason !== undefined ? { overrideReason: reason } : {}),
        // the entry commits with the decision, as in POST .../reviews
        record: (review) => { request.audit.inTransaction(303, { reviewId: review.id, decision: review.decision, confirmation: review.confirmation ?? null, override: review.overrideReason === undefined ? 0 : 1 }) }
      })
      return reply.redirect(`${pairPath(caseId, personId)}?reviewed=1`, 303)
    } catch (err) {
      // a refusal of the rule (second confirmation by the same caseworker, a closed case...) is shown
      // above the form with what was typed; a missing case or person is the 404 page
      if (!(err instanceof HomewardError) || err.statusCode === 404) throw err
      return await renderPair(request, reply, caseId, personId, { status: err.statusCode, error: err.message, form })
    }
  })
}
