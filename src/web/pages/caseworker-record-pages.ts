import type { FastifyInstance, FastifyRequest } from 'fastify'
import { assignableCaseworker } from '../../runs/assignable-caseworker.ts'
import { fail } from '../../core/errors.ts'
import { KNOWN_LOCI } from '../../core/markers/locus.ts'
import type { Profile } from '../../core/markers/profile.ts'
import { requirePrincipal } from '../../http/plugins/auth.ts'
import { pedigreeSvg, pedigreeText } from '../../report/pedigree-svg.ts'
import { candidateList } from '../../runs/candidates.ts'
import { createAlertRepository } from '../../storage/alert-repository.ts'
import { identificationView } from '../../runs/identification-view.ts'
import { identificationSection } from './identification-section.ts'
import { currentModelOf, pairStaleness } from '../../runs/stale-results.ts'
import type { CaseRecord } from '../../storage/case-repository.ts'
import { createTokenRepository } from '../../storage/token-repository.ts'
import { html, raw, type SafeHtml } from '../html.ts'
import { csrfField, type PageContext } from '../layout.ts'
import { pageContext, sendPage } from '../page-reply.ts'
import { candidateTable } from './caseworker-candidate-table.ts'
import { instant, log10Text, lrHtml, recordedDate } from './caseworker-format.ts'
import { HTML_PAGE, installHtmlConstraint } from './caseworker-html-constraint.ts'
import { caseworkerMessages, type CaseworkerTranslate } from './caseworker-messages.ts'
import { recordMessages } from './caseworker-record-messages.ts'
import { ROOT_UNIT_ID } from '../../storage/unit-repository.ts'
import { familyPowerSection } from './family-power-section.ts'
import { caseSlotsSection } from './case-slots-section.ts'
import { missingSlotsOf } from '../../core/pedigree/missing-slots.ts'
import { bestJointAssignment } from '../../runs/joint-assignment.ts'
import { reportFamilyPower } from '../../runs/family-power-view.ts'
import { GB_T_37223 } from '../../core/lr/decision.ts'
import { caseLineageSection, personLineageSection } from './lineage-markers-section.ts'
import { lineageMessages } from './lineage-markers-messages.ts'

/** Candidates shown on a record page: the list's best 50 (the API's default page). */
const CANDIDATES_SHOWN = 50

const ORDER = new Map(KNOWN_LOCI.map((l, i) => [l as string, i]))
/** Loci in the kit's order (CODIS core first), then any other alphabetically. */
function sortLoci (loci: Iterable<string>): string[] {
  return [...new Set(loci)].sort((a, b) => (ORDER.get(a) ?? 1e6) - (ORDER.get(b) ?? 1e6) || a.localeCompare(b, 'en'))
}

const genotype = (p: Profile, locus: string): string => (p[locus] === undefined ? '—' : p[locus].join('/'))

function referenceTable (r: ReturnType<typeof recordMessages>, w: CaseworkerTranslate, c: CaseRecord): SafeHtml {
  const refs = Object.entries(c.references)
  if (refs.length === 0) return html`<p class="muted">${r('noReferences')}</p>`
  const relation = (id: string): string | undefined => c.persons.find((p) => p.id === id)?.relation
  const loci = sortLoci(refs.flatMap(([, ref]) => Object.keys(ref.profile)))
  return html`<div class="scroll"><table id="references">
<caption class="visually-hidden">${r('referencesCaption')}</caption>
<thead><tr><th scope="col">${w('locus')}</th>${refs.map(([id, ref]) => html`<th scope="col">${id}${relation(id) !== undefined && html`<br><span class="muted">${relation(id)}</span>`}${ref.sampleId !== undefined && html`<br><span class="muted">${ref.sampleId}</span>`}</th>`)}</tr></thead>
<tbody>${loci.map((l) => html`<tr><th scope="row">${l}</th>${refs.map(([, ref]) => html`<td>${genotype(ref.profile, l)}</td>`)}</tr>`)}
${refs.some(([, ref]) => ref.amelogenin !== undefined) && html`<tr><th scope="row">AMEL</th>${refs.map(([, ref]) => html`<td>${ref.amelogenin?.join('/') ?? '—'}</td>`)}</tr>`}</tbody>
</table></div>`
}

function assignForm (r: ReturnType<typeof recordMessages>, ctx: PageContext, caseId: string, caseworkers: string[], current: string | undefined): SafeHtml {
  const action = `/cases/${encodeURIComponent(caseId)}/assign`
  return html`<div class="row assign">
  <form method="post" action="${action}" class="row">${csrfField(ctx)}
    <div><label for="account">${r('assignTo')}</label>
    <select id="account" name="account">${caseworkers.map((n) => html`<option value="${n}"${n === current ? html` selected` : ''}>${n}</option>`)}</select></div>
    <button type="submit" class="secondary">${r('assign')}</button>
  </form>
  ${ctx.account !== undefined && ctx.account.name !== current && html`<form method="post" action="${action}">${csrfField(ctx)}<input type="hidden" name="account" value="${ctx.account.name}"><button type="submit" id="assign-me">${r('assignMe')}</button></form>`}
</div>`
}

/**
 * The case page (pedigree, facts and assignee, references by locus, ranked candidates, the case's
 * alerts, and the places kept for family power and joint identification) and the person page (facts,
 * profile, ranked cases). They read what GET /cases/:id, /cases/:id/candidates, /cases/:id/alerts and
 * their person counterparts read, through the same repositories and candidateList; assigning calls the
 * alert repository as PUT /cases/:id/assignee does, under the same rule (an active caseworker account).
 */
export async function caseworkerRecordPages (app: FastifyInstance): Promise<void> {
  installHtmlConstraint(app)
  const s = app.services
  const alerts = createAlertRepository(app.db)
  const staleness = pairStaleness(app.services.results, currentModelOf(app.services.match.modelFor))
  const users = createTokenRepository(app.db)
  const tz = app.config.report.timeZone
  // a conclusion naming another unit's record shows it only where the reader may see the pair (unit-scope.ts)
  const pairVisibleTo = (request: FastifyRequest) => (caseId: string, personId: string): boolean => app.unitScope.pairVisible(requirePrincipal(request), caseId, personId)
  // the caseworkers the case may be assigned to: active, and of its unit or above (they may read it)
  const activeCaseworkers = (unitId: number): string[] => users.listUsers()
    .filter((u) => u.role === 'caseworker' && u.disabledAt === null && app.unitScope.covers({ userId: u.id, role: u.role, unitId: u.unitId }, unitId)).map((u) => u.name)

  app.get('/cases/:id', { constraints: HTML_PAGE, config: { roles: ['caseworker'], audit: 'page.case' }, schema: { hide: true } }, async (request, reply) => {
    const { id } = request.params as { id: string }
    const c = s.cases.get(id) ?? fail('NOT_FOUND', `no case ${id}`, { value: id })
    request.auditTarget = { caseId: id }
    const ctx = pageContext(request)
    const r = recordMessages(ctx.locale)
    const w = caseworkerMessages(ctx.locale)
    const assignee = alerts.assigneeOf(id)
    const svg = pedigreeSvg(c.persons.map((p) => ({
      ...p,
      typed: c.references[p.id] !== undefined,
      isMissingPerson: missingSlotsOf(c).some((m) => m.slot === p.id)
    })), r('pedigreeOf', { id }), {}, pedigreeText(ctx.locale))
    const list = candidateList('case', id, s.candidateContext(), CANDIDATES_SHOWN)
    const caseAlerts = alerts.forCase(id, 20)
    const q = request.query as Record<string, unknown>
    const content = html`
${typeof q.assigned === 'string' && assignee !== undefined && html`<div class="notice success" role="status">${r('assigned', { name: assignee })}</div>`}
<div class="grid2">
<section class="card" aria-labelledby="facts-h"><h2 id="facts-h">${r('facts')}</h2>
<dl class="facts">
  <dt>${c.missingPersons === undefined ? r('missingPerson') : r('missingPersons')}</dt><dd>${missingSlotsOf(c).map((m, i) => html`${i > 0 && ', '}${m.slot} (${w(m.sex)})`)}</dd>
  <dt>${r('born')}</dt><dd>${recordedDate(ctx.locale, c.born)}</dd>
  <dt>${r('missingSince')}</dt><dd>${recordedDate(ctx.locale, c.missingSince)}</dd>
  <dt>${r('frequencyTable')}</dt><dd>${c.frequencyTableId}</dd>
  <dt>${r('unit')}</dt><dd>${app.units.get(c.unitId ?? ROOT_UNIT_ID)?.path ?? '—'}</dd>
  <dt>${w('status')}</dt><dd><span class="pill ${c.status === 'open' ? 'ok' : 'muted'}">${w(c.status)}</span></dd>
  <dt>${w('assignee')}</dt><dd>${assignee ?? html`<span class="muted">${w('sharedQueue')}</span>`}</dd>
  <dt>${w('created')}</dt><dd>${instant(ctx.locale, c.createdAt, tz)}</dd>
  <dt>${r('updated')}</dt><dd>${instant(ctx.locale, c.updatedAt, tz)}</dd>
</dl>
${assignForm(r, ctx, id, activeCaseworkers(c.unitId ?? ROOT_UNIT_ID), assignee)}
</section>
<section class="card" aria-labelledby="pedigree-h"><h2 id="pedigree-h">${r('pedigree')}</h2>
<div class="pedigree">${raw(svg)}</div>
</section>
</div>
<section aria-labelledby="candidates-h"><h2 id="candidates-h">${r('candidates')}</h2>
${c.missingPersons === undefined
  ? candidateTable(w, 'case', list, r('candidatesCaption'))
  : caseSlotsSection(r, w, c, (slot) => candidateList('case', id, s.candidateContext(), CANDIDATES_SHOWN, slot), bestJointAssignment(c, s.jointDeps()))}
</section>
<section aria-labelledby="references-h"><h2 id="references-h">${r('references')}</h2>
${referenceTable(r, w, c)}
</section>
<section aria-labelledby="lineage-h" id="lineage-markers"><h2 id="lineage-h">${lineageMessages(ctx.locale)('title')}</h2>
${caseLineageSection(ctx.locale, c, missingSlotsOf(c).map((m) => m.slot))}
</section>
<section aria-labelledby="alerts-h"><h2 id="alerts-h">${r('alerts')}</h2>
${caseAlerts.length === 0
  ? html`<p class="muted">${r('noAlerts')}</p>`
  : html`<table id="case-alerts"><thead><tr><th scope="col">${r('kind')}</th><th scope="col">${w('person')}</th><th scope="col" class="num">${w('log10Lr')}</th><th scope="col" class="num">${w('lr')}</th><th scope="col">${w('when')}</th><th scope="col">${w('source')}</th></tr></thead>
<tbody>${caseAlerts.map((a) => html`<tr><td>${w(a.kind)}</td><td><a href="/cases/${encodeURIComponent(a.caseId)}/persons/${encodeURIComponent(a.personId)}">${a.personId}</a></td><td class="num">${log10Text(a.log10Lr)}${staleness(a.caseId, a.personId).stale && html`<br><span class="pill warn stale">${w('stale')}</span>`}</td><td class="num">${lrHtml(w, a.log10Lr)}</td><td>${instant(ctx.locale, a.createdAt, tz)}</td><td>${a.source === 'rerun' ? w('sourceRerun', { id: a.rerunId ?? '' }) : w('sourceSearch')}</td></tr>`)}</tbody></table>`}
</section>
<section aria-labelledby="power-h"><h2 id="power-h">${r('familyPower')}</h2>
${familyPowerSection(ctx.locale, reportFamilyPower(s.power.status(id) ?? { state: 'computing' }, s.match.screen.comparedForCase(id)), GB_T_37223.maxInconsistentLoci)}
</section>
<section aria-labelledby="joint-h"><h2 id="joint-h">${r('jointIdentification')}</h2>
${identificationSection(ctx.locale, s.identification.forCase(id).map((x) => identificationView(x, 'slot', pairVisibleTo(request))), 'slot')}
</section>`
    return sendPage(request, reply, r('caseTitle', { id }), content, { ctx })
  })

  app.post('/cases/:id/assign', { config: { roles: ['caseworker'], audit: 'case.assign' }, schema: { hide: true } }, async (request, reply) => {
    const { id } = request.params as { id: string }
    const c = s.cases.get(id) ?? fail('NOT_FOUND', `no case ${id}`, { value: id })
    const account = (request.body as Record<string, unknown> | undefined)?.account
    const user = assignableCaseworker(users, account, (u) => app.unitScope.covers({ userId: u.id, role: u.role, unitId: u.unitId }, c.unitId ?? ROOT_UNIT_ID))
    const by = requirePrincipal(request).userName
    // the assignment and its audit entry commit together, as in PUT /cases/:id/assignee
    app.db.transaction(() => {
      alerts.assign(id, user.id, by)
      request.audit.inTransaction(303, { caseId: id, assignee: user.name })
    })()
    return reply.redirect(`/cases/${encodeURIComponent(id)}?assigned=1`, 303)
  })

  app.get('/persons/:id', { constraints: HTML_PAGE, config: { roles: ['caseworker'], audit: 'page.person' }, schema: { hide: true } }, async (request, reply) => {
    const { id } = request.params as { id: string }
    const p = s.persons.get(id) ?? fail('NOT_FOUND', `no person ${id}`, { value: id })
    request.auditTarget = { personId: id }
    const ctx = pageContext(request)
    const r = recordMessages(ctx.locale)
    const w = caseworkerMessages(ctx.locale)
    const list = candidateList('person', id, s.candidateContext(), CANDIDATES_SHOWN)
    const loci = sortLoci(Object.keys(p.profile))
    const content = html`
<section class="card" aria-labelledby="facts-h"><h2 id="facts-h">${r('facts')}</h2>
<dl class="facts">
  <dt>${r('sampleId')}</dt><dd>${p.id}</dd>
  <dt>${w('sex')}</dt><dd>${w(p.sex)}</dd>
  <dt>${r('birthYear')}</dt><dd>${p.estimatedBirthYear ?? '—'}</dd>
  <dt>${r('foundPlace')}</dt><dd>${p.foundPlace ?? '—'}</dd>
  <dt>${r('foundDate')}</dt><dd>${recordedDate(ctx.locale, p.foundDate)}</dd>
  <dt>${r('unit')}</dt><dd>${app.units.get(p.unitId ?? ROOT_UNIT_ID)?.path ?? '—'}</dd>
  <dt>${w('status')}</dt><dd><span class="pill ${p.status === 'open' ? 'ok' : 'muted'}">${w(p.status)}</span></dd>
  <dt>${r('amelogenin')}</dt><dd>${p.amelogenin?.join('/') ?? '—'}</dd>
  ${p.sexOverride !== undefined && html`<dt>${r('sexOverride')}</dt><dd id="sex-override">${p.sexOverride.reason}</dd>`}
  <dt>${w('created')}</dt><dd>${instant(ctx.locale, p.createdAt, tz)}</dd>
</dl>
</section>
<section aria-labelledby="cases-h"><h2 id="cases-h">${r('rankedCases')}</h2>
${candidateTable(w, 'person', list, r('rankedCasesCaption'))}
</section>
<section aria-labelledby="joint-h"><h2 id="joint-h">${r('jointIdentification')}</h2>
${identificationSection(ctx.locale, [s.identification.forPerson(id)].flatMap((x) => x === undefined ? [] : [identificationView(x, 'person', pairVisibleTo(request))]), 'person')}
</section>
<section aria-labelledby="profile-h"><h2 id="profile-h">${r('profile')}</h2>
<table id="profile"><caption class="visually-hidden">${r('profileCaption')}</caption>
<thead><tr><th scope="col">${w('locus')}</th><th scope="col">${w('alleles')}</th></tr></thead>
<tbody>${loci.map((l) => html`<tr><th scope="row">${l}</th><td>${genotype(p.profile, l)}</td></tr>`)}</tbody></table>
</section>
<section aria-labelledby="lineage-h" id="lineage-markers"><h2 id="lineage-h">${lineageMessages(ctx.locale)('title')}</h2>
${personLineageSection(ctx.locale, p.id, p)}
</section>`
    return sendPage(request, reply, r('personTitle', { id }), content, { ctx })
  })
}
