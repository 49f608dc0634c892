import type { FastifyInstance } from 'fastify'
import { RELATIONS, relativesToPedigree, type Relation } from '../../core/pedigree/relatives-pedigree.ts'
import { recordStored } from '../../http/plugins/audit.ts'
import { requirePrincipal } from '../../http/plugins/auth.ts'
import { CreateCaseSchema } from '../../http/schemas/case.ts'
import { pedigreeSvg, pedigreeText } from '../../report/pedigree-svg.ts'
import { submitCase } from '../../runs/submissions.ts'
import { html, raw, type SafeHtml } from '../html.ts'
import { csrfField, type PageContext } from '../layout.ts'
import type { Locale } from '../messages.ts'
import { pageContext, sendPage } from '../page-reply.ts'
import { formFields, issueTexts, problemList, refusalText } from './lab-form-answer.ts'
import { parseProfileText } from './lab-profile-text.ts'
import { labRecordMessages, relationMessages } from './lab-record-messages.ts'

type T = ReturnType<typeof labRecordMessages>

/** Rows shown without script; the script adds rows up to MAX_ROWS (the form plugin's 50 fields allow 10). */
const EMPTY_ROWS = 4
export const MAX_ROWS = 10

interface Row { id: string, relation: string, sex: string, profile: string }
interface CaseForm { caseId: string, missingSex: string, missing2Sex: string, missing2Relation: string, born: string, missingSince: string, frequencyTable: string, rows: Row[] }

/** How a second missing child may be related to the first on this form: siblings taken together. */
const SECOND_CHILD_RELATIONS = ['full-sibling', 'paternal-half-sibling', 'maternal-half-sibling'] as const

function readForm (f: Record<string, string>): CaseForm {
  const rows: Row[] = []
  for (let i = 0; i < MAX_ROWS; i++) {
    const row = { id: (f[`r${i}_id`] ?? '').trim(), relation: f[`r${i}_relation`] ?? '', sex: f[`r${i}_sex`] ?? '', profile: f[`r${i}_profile`] ?? '' }
    if (row.id !== '' || row.relation !== '' || row.profile.trim() !== '') rows.push(row)
  }
  return { caseId: (f.caseId ?? '').trim(), missingSex: f.missingSex ?? '', missing2Sex: f.missing2Sex ?? '', missing2Relation: f.missing2Relation ?? '', born: (f.born ?? '').trim(), missingSince: (f.missingSince ?? '').trim(), frequencyTable: f.frequencyTable ?? '', rows }
}

const EMPTY: CaseForm = { caseId: '', missingSex: '', missing2Sex: '', missing2Relation: '', born: '', missingSince: '', frequencyTable: '', rows: [] }

/** The missing persons the form declares: the one of the one-child form, or MP1 and MP2 (the API's missingPersons). */
function missingOf (form: CaseForm): { missingPerson: { sex: string } } | { missingPersons: Array<{ slot: string, sex: string, relation?: string }> } {
  if (form.missing2Sex === '') return { missingPerson: { sex: form.missingSex } }
  return { missingPersons: [{ slot: 'MP1', sex: form.missingSex }, { slot: 'MP2', sex: form.missing2Sex, relation: form.missing2Relation === '' ? 'full-sibling' : form.missing2Relation }] }
}

function option (value: string, label: string, current: string): SafeHtml {
  return html`<option value="${value}"${value === current ? html` selected` : ''}>${label}</option>`
}

function rowHtml (t: T, rel: ReturnType<typeof relationMessages>, i: number, row: Row): SafeHtml {
  const n = i + 1
  return html`<fieldset class="relative-row" data-row="${i}"><legend>${t('relative', { n })}</legend>
<div class="row">
  <div><label for="r${i}_id">${t('relativeId')}</label><input type="text" id="r${i}_id" name="r${i}_id" value="${row.id}" maxlength="100" autocomplete="off"></div>
  <div><label for="r${i}_relation">${t('relation')}</label><select id="r${i}_relation" name="r${i}_relation">${option('', '—', row.relation)}${RELATIONS.map((r) => option(r, rel(r), row.relation))}</select></div>
  <div><label for="r${i}_sex">${t('sex')}</label><select id="r${i}_sex" name="r${i}_sex">${option('', t('sexImplied'), row.sex)}${option('male', t('male'), row.sex)}${option('female', t('female'), row.sex)}</select></div>
</div>
<label for="r${i}_profile">${t('profile')}</label>
<textarea id="r${i}_profile" name="r${i}_profile" rows="4" class="profile-text" spellcheck="false" aria-describedby="profile-help">${row.profile}</textarea>
<button type="button" class="secondary remove-row" hidden>${t('removeRelative', { n })}</button>
</fieldset>`
}

function caseFormHtml (t: T, locale: Locale, ctx: PageContext, form: CaseForm, tables: ReadonlyArray<{ id: string, isDefault: boolean }>, svg: string | undefined): SafeHtml {
  const rel = relationMessages(locale)
  const rows = form.rows.length >= EMPTY_ROWS ? form.rows : [...form.rows, ...Array.from({ length: EMPTY_ROWS - form.rows.length }, () => ({ id: '', relation: '', sex: '', profile: '' }))]
  return html`<form class="stack" id="case-form" method="post" action="/cases/new" data-max-rows="${MAX_ROWS}" data-locale="${locale}" data-remove-label="${t('removeRelative', { n: '{n}' })}" data-relative-label="${t('relative', { n: '{n}' })}">${csrfField(ctx)}
<p>${t('caseIntro')}</p>
<div class="grid2">
<section class="card" aria-labelledby="case-h"><h2 id="case-h">${t('caseFacts')}</h2>
  <label for="caseId">${t('caseId')}</label><input type="text" id="caseId" name="caseId" value="${form.caseId}" required maxlength="100" autocomplete="off">
  <label for="missingSex">${t('missingSex')}</label><select id="missingSex" name="missingSex" required>${option('', '—', form.missingSex)}${option('male', t('male'), form.missingSex)}${option('female', t('female'), form.missingSex)}</select>
  <label for="missing2Sex">${t('secondMissingSex')}</label><select id="missing2Sex" name="missing2Sex" aria-describedby="missing2-help">${option('', t('secondMissingNone'), form.missing2Sex)}${option('male', t('male'), form.missing2Sex)}${option('female', t('female'), form.missing2Sex)}</select>
  <label for="missing2Relation">${t('secondMissingRelation')}</label><select id="missing2Relation" name="missing2Relation">${SECOND_CHILD_RELATIONS.map((r) => option(r, rel(r), form.missing2Relation))}</select>
  <p class="muted" id="missing2-help">${t('secondMissingHint')}</p>
  <label for="born">${t('born')}</label><input type="text" id="born" name="born" value="${form.born}" inputmode="numeric" pattern="\\d{4}(-\\d{2}(-\\d{2})?)?">
  <label for="missingSince">${t('missingSince')}</label><input type="text" id="missingSince" name="missingSince" value="${form.missingSince}" inputmode="numeric" pattern="\\d{4}(-\\d{2}(-\\d{2})?)?">
  <label for="frequencyTable">${t('frequencyTable')}</label><select id="frequencyTable" name="frequencyTable">${option('', '—', form.frequencyTable)}${tables.map((tb) => option(tb.id, tb.isDefault ? t('defaultTable', { id: tb.id }) : tb.id, form.frequencyTable))}</select>
</section>
<section class="card" aria-labelledby="pedigree-h"><h2 id="pedigree-h">${t('pedigree')}</h2>
  <div id="pedigree-error" class="notice error" role="alert" hidden></div>
  <div id="pedigree-drawing" class="pedigree" aria-live="polite">${svg === undefined ? html`<p class="muted">${t('pedigreeWaiting')}</p>` : raw(svg)}</div>
  <p class="muted">${t('pedigreeHint')}</p>
</section>
</div>
<section aria-labelledby="relatives-h"><h2 id="relatives-h">${t('relatives')}</h2>
<p class="muted" id="profile-help">${t('profileHelp')} ${t('emptyRowsHint')}</p>
<div id="relative-rows">${rows.map((r, i) => rowHtml(t, rel, i, r))}</div>
<p><button type="button" class="secondary" id="add-relative" hidden>${t('addRelative')}</button></p>
</section>
<p><button type="submit" id="submit-case">${t('submitCase')}</button></p>
</form>`
}

/** The pedigree of the rows as they stand, or undefined when they do not make one yet (the list says why). */
function drawing (locale: Locale, caseId: string, sex: string, relatives: ReadonlyArray<{ id: string, relation: Relation, sex?: 'male' | 'female', profile?: unknown }>, second?: { slot: string, sex: 'male' | 'female', relation?: Relation }): string | undefined {
  if ((sex !== 'male' && sex !== 'female') || relatives.length === 0) return undefined
  try {
    // a second missing child is drawn where the intake places it: the first one's relation, untyped
    const others = second === undefined ? [] : [{ id: second.slot, relation: second.relation ?? 'full-sibling', sex: second.sex }]
    const p = relativesToPedigree({ id: second === undefined ? 'MP' : 'MP1', sex }, [...relatives.map(({ profile: _p, ...r }) => r), ...others])
    const typed = new Set(relatives.filter((r) => r.profile !== undefined).map((r) => r.id))
    return pedigreeSvg(p.persons.map((x) => ({ ...x, typed: typed.has(x.id), isMissingPerson: x.id === p.missingPerson || x.id === second?.slot })), caseId, {}, pedigreeText(locale))
  } catch {
    return undefined
  }
}

/**
 * /cases/new: the relatives form as a page. Without script it posts here as an urlencoded form; the
 * route builds the API's body (CreateCaseSchema, the relatives form), checks it with the API's schema and
 * stores it with submitCase, the function POST /cases calls, under the same audit action in the same
 * transaction. lab-case-form.js adds and removes rows and redraws the pedigree through POST /pedigree-preview.
 */
export async function labCasePages (app: FastifyInstance): Promise<void> {
  const s = app.services
  const tables = (): Array<{ id: string, isDefault: boolean }> => s.tables.list().map((tb) => ({ id: tb.id, isDefault: tb.isDefault }))

  app.get('/cases/new', { config: { roles: ['lab', 'caseworker'] }, schema: { hide: true } }, async (request, reply) => {
    const ctx = pageContext(request)
    const t = labRecordMessages(ctx.locale)
    return sendPage(request, reply, t('caseTitle'), caseFormHtml(t, ctx.locale, ctx, EMPTY, tables(), undefined), { ctx, scripts: ['lab-case-form.js'] })
  })

  app.post('/cases/new', { config: { roles: ['lab', 'caseworker'], audit: 'case.create' }, schema: { hide: true } }, async (request, reply) => {
    const ctx = pageContext(request)
    const t = labRecordMessages(ctx.locale)
    const form = readForm(formFields(request.body))
    const problems: string[] = []
    const relatives = form.rows.map((row, i) => {
      if (row.id === '') problems.push(t('rowProblem', { n: i + 1, message: t('rowNoId') }))
      else if (row.relation === '') problems.push(t('relativeProblem', { id: row.id, message: t('rowNoRelation') }))
      const parsed = parseProfileText(row.profile, t)
      for (const e of parsed.errors) problems.push(t('relativeProblem', { id: row.id || `#${i + 1}`, message: e }))
      return {
        id: row.id,
        relation: row.relation,
        ...(row.sex === 'male' || row.sex === 'female' ? { sex: row.sex } : {}),
        ...(Object.keys(parsed.profile).length > 0 ? { profile: parsed.profile } : {})
      }
    })
    if (form.rows.length === 0) problems.push(t('noRelatives'))
    const body = {
      id: form.caseId,
      ...missingOf(form),
      relatives,
      ...(form.born !== '' ? { born: form.born } : {}),
      ...(form.missingSince !== '' ? { missingSince: form.missingSince } : {}),
      ...(form.frequencyTable !== '' ? { frequencyTable: form.frequencyTable } : {})
    }
    const checked = CreateCaseSchema.safeParse(body)
    if (!checked.success) problems.push(...issueTexts(checked.error.issues, t, form.rows.map((r) => r.id)))
    const svg = checked.success ? drawing(ctx.locale, form.caseId, form.missingSex, checked.data.relatives ?? [], checked.data.missingPersons?.[1]) : undefined
    const answer = (status: number, top: SafeHtml, shown = form, shownSvg = svg): ReturnType<typeof sendPage> =>
      sendPage(request, reply, t('caseTitle'), html`${top}${caseFormHtml(t, ctx.locale, ctx, shown, tables(), shownSvg)}`, { ctx, status, scripts: ['lab-case-form.js'] })
    request.auditTarget = { caseId: form.caseId.slice(0, 100) }
    if (problems.length > 0 || !checked.success) return answer(400, problemList(t, problems))
    const who = requirePrincipal(request)
    let out: Awaited<ReturnType<typeof submitCase>>
    try {
      out = await submitCase(s, checked.data, 'create', { ...who, record: recordStored(request, 'caseId') })
    } catch (err) {
      return answer((err as { statusCode?: number }).statusCode ?? 400, problemList(t, [refusalText(err)]))
    }
    request.auditTarget = { caseId: out.record.id, changed: String(out.changed) }
    const c = out.record
    const refs = Object.entries(c.references)
    const stored = html`<section class="card notice success" id="case-stored" role="status" aria-labelledby="stored-h">
<h2 id="stored-h">${out.changed ? t('storedCase', { id: c.id }) : t('unchangedCase', { id: c.id })}</h2>
<dl class="facts">
  <dt>${t('caseId')}</dt><dd id="stored-case-id">${c.id}</dd>
  <dt>${t('persons')}</dt><dd>${c.persons.length}</dd>
  ${c.missingPersons !== undefined && html`<dt>${t('missingPersonsStored')}</dt><dd id="stored-missing">${c.missingPersons.map((m) => `${m.slot} (${t(m.sex)})`).join(', ')}</dd>`}
  <dt>${t('references')}</dt><dd>${refs.length === 0 ? '—' : refs.map(([id, r]) => `${id} (${Object.keys(r.profile).length} ${t('loci')})`).join(', ')}</dd>
  <dt>${t('frequencyTable')}</dt><dd>${c.frequencyTableId}</dd>
</dl>
${svg !== undefined && html`<div class="pedigree" id="stored-pedigree">${raw(svg)}</div>`}
${out.warnings.length > 0 && html`<h3>${t('warnings')}</h3><ul>${out.warnings.map((w) => html`<li>${w}</li>`)}</ul>`}
${who.role === 'caseworker' && html`<p><a href="/cases/${encodeURIComponent(c.id)}">${t('openCase')}</a></p>`}
</section>`
    // the next family starts from an empty form; the stored one's pedigree is shown with its answer
    return answer(out.created ? 201 : 200, stored, EMPTY, undefined)
  })
}
