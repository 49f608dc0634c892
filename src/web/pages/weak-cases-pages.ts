import type { FastifyInstance } from 'fastify'
import { requirePrincipal } from '../../http/plugins/auth.ts'
import { weakCaseView } from '../../http/routes/family-power.ts'
import { powerPercent, nextRelationText } from '../../report/report-power.ts'
import type { NextRelation } from '../../core/power/family-power-types.ts'
import { createUnitScope } from '../../storage/unit-scope.ts'
import { html } from '../html.ts'
import { pageContext, sendPage } from '../page-reply.ts'
import { caseworkerMessages } from './caseworker-messages.ts'
import { PAGE_SIZE, pageNumber, pager, withPowers } from './caseworker-format.ts'
import { HTML_PAGE, installHtmlConstraint } from './caseworker-html-constraint.ts'
import { weakCasesMessages } from './weak-cases-messages.ts'

/**
 * The caseworker's list of weak cases for outreach (issue 12): open cases below HOMEWARD_WEAK_POWER, best gain
 * of a next relative first or weakest first, 50 a page, under the case list's unit visibility. It reads what
 * GET /weak-cases reads (the same repository query and row view); figures only, no genotype.
 */
export async function weakCasesPages (app: FastifyInstance): Promise<void> {
  installHtmlConstraint(app)
  const s = app.services
  const scope = createUnitScope(app.db)

  app.get('/weak-cases', { constraints: HTML_PAGE, config: { roles: ['caseworker'], audit: 'page.weak-cases' }, schema: { hide: true } }, async (request, reply) => {
    const ctx = pageContext(request)
    const m = weakCasesMessages(ctx.locale)
    const w = caseworkerMessages(ctx.locale)
    const query = request.query as Record<string, unknown>
    const sort = query.sort === 'power' ? 'power' : 'gain'
    const page = pageNumber(query.page)
    const bar = app.config.weakPower
    const { sql, binds } = scope.condition(requirePrincipal(request), 'c.unit_id')
    const { rows, hasMore } = s.power.repository.weakPage({ bar, sort, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, scope: { sql, binds } })
    const list = rows.map((r) => weakCaseView(r, s.power))
    const content = html`
<p>${withPowers(m('intro', { bar: powerPercent(bar) }))}</p>
<form method="get" action="/weak-cases" class="row filters">
  <div><label for="sort">${m('sortLabel')}</label>
  <select id="sort" name="sort">
    <option value="gain"${sort === 'gain' ? html` selected` : ''}>${m('sortGain')}</option>
    <option value="power"${sort === 'power' ? html` selected` : ''}>${m('sortPower')}</option>
  </select></div>
  <button type="submit">${m('apply')}</button>
</form>
${list.length === 0
  ? html`<p class="muted">${m('none')}</p>`
  : html`<table id="weak-cases">
<caption class="visually-hidden">${m('caption')}</caption>
<thead><tr><th scope="col">${m('caseId')}</th><th scope="col">${w('sex')}</th><th scope="col">${w('assignee')}</th><th scope="col" class="num">${withPowers(m('pMatch'))}</th><th scope="col" class="num">${withPowers(m('pProbable'))}</th><th scope="col" class="num">${m('exclusionPower')}</th><th scope="col">${m('bestNext')}</th><th scope="col" class="num">${m('gain')}</th></tr></thead>
<tbody>${list.map((r) => html`<tr>
  <th scope="row"><a href="/cases/${encodeURIComponent(r.caseId)}">${r.caseId}</a>${r.current ? '' : html`<br><span class="muted">${m('stale')}</span>`}</th>
  <td>${w(r.missingPerson.sex)}</td><td>${r.assignee ?? html`<span class="muted">${w('sharedQueue')}</span>`}</td>
  <td class="num">${withPowers(powerPercent(r.pLrAtLeast[10000]))}</td><td class="num">${withPowers(powerPercent(r.pLrAtLeast[1000]))}</td><td class="num">${withPowers(powerPercent(r.exclusionPower))}</td>
  <td>${r.bestNext === null ? html`<span class="muted">${m('noNext')}</span>` : nextRelationText(ctx.locale, r.bestNext.relation as NextRelation)}</td>
  <td class="num">${r.bestNext === null ? '—' : withPowers(`+${powerPercent(r.bestNext.gain)}`)}</td>
</tr>`)}</tbody>
</table>`}
${pager(ctx.locale, '/weak-cases', { sort: sort === 'gain' ? undefined : sort }, page, hasMore)}`
    return sendPage(request, reply, m('title'), content, { ctx })
  })
}
