import type { FastifyInstance } from 'fastify'
import { recordStored } from '../../http/plugins/audit.ts'
import { requirePrincipal } from '../../http/plugins/auth.ts'
import { CreatePersonSchema } from '../../http/schemas/person.ts'
import { submitPerson } from '../../runs/submissions.ts'
import { html, type SafeHtml } from '../html.ts'
import { csrfField, type PageContext } from '../layout.ts'
import { pageContext, sendPage } from '../page-reply.ts'
import { formFields, issueTexts, problemList, refusalText } from './lab-form-answer.ts'
import { parseProfileText } from './lab-profile-text.ts'
import { labRecordMessages } from './lab-record-messages.ts'

type T = ReturnType<typeof labRecordMessages>

const FIELDS = ['id', 'sex', 'birthYear', 'foundPlace', 'foundDate', 'profile', 'amel', 'sexOverride'] as const
type PersonForm = Record<typeof FIELDS[number], string>

function readForm (f: Record<string, string>): PersonForm {
  const out = {} as PersonForm
  for (const k of FIELDS) out[k] = k === 'profile' ? (f[k] ?? '') : (f[k] ?? '').trim()
  return out
}

const EMPTY = readForm({})

function option (value: string, label: string, current: string): SafeHtml {
  return html`<option value="${value}"${value === current ? html` selected` : ''}>${label}</option>`
}

function personFormHtml (t: T, ctx: PageContext, f: PersonForm): SafeHtml {
  return html`<form class="stack card" id="person-form" method="post" action="/persons/new">${csrfField(ctx)}
<p>${t('personIntro')}</p>
<label for="id">${t('sampleId')}</label><input type="text" id="id" name="id" value="${f.id}" required maxlength="100" autocomplete="off">
<label for="sex">${t('sex')}</label><select id="sex" name="sex" required>${option('', '—', f.sex)}${option('male', t('male'), f.sex)}${option('female', t('female'), f.sex)}</select>
<label for="birthYear">${t('birthYear')}</label><input type="text" id="birthYear" name="birthYear" value="${f.birthYear}" inputmode="numeric" pattern="\\d{4}" maxlength="4">
<label for="foundPlace">${t('foundPlace')}</label><input type="text" id="foundPlace" name="foundPlace" value="${f.foundPlace}" maxlength="200">
<label for="foundDate">${t('foundDate')}</label><input type="text" id="foundDate" name="foundDate" value="${f.foundDate}" inputmode="numeric" pattern="\\d{4}(-\\d{2}(-\\d{2})?)?">
<label for="profile">${t('profile')}</label>
<textarea id="profile" name="profile" rows="12" class="profile-text" spellcheck="false" aria-describedby="profile-help" required>${f.profile}</textarea>
<p class="muted" id="profile-help">${t('profileHelp')}</p>
<label for="amel">${t('amelogenin')}</label><input type="text" id="amel" name="amel" value="${f.amel}" aria-describedby="amel-help" maxlength="20" autocomplete="off">
<p class="muted" id="amel-help">${t('amelHelp')}</p>
<label for="sexOverride">${t('sexOverride')}</label><input type="text" id="sexOverride" name="sexOverride" value="${f.sexOverride}" aria-describedby="sex-override-help" maxlength="500" autocomplete="off">
<p class="muted" id="sex-override-help">${t('sexOverrideHelp')}</p>
<p><button type="submit" id="submit-person">${t('submitPerson')}</button></p>
</form>`
}

/** The API's body (CreatePersonSchema) from the form, with the form's own problems (line, value named). */
function personBody (t: T, f: PersonForm): { body: Record<string, unknown>, problems: string[] } {
  const { profile, errors } = parseProfileText(f.profile, t)
  const problems = [...errors]
  if (f.amel !== '') {
    const amel = f.amel.split(/[\s,;/]+/).filter((x) => x !== '')
    if (amel.length !== 2) problems.push(t('amelProblem', { value: f.amel.slice(0, 20) }))
    else profile.AMEL = amel
  }
  let year: number | undefined
  if (f.birthYear !== '') {
    if (/^\d{4}$/.test(f.birthYear)) year = Number(f.birthYear)
    else problems.push(t('birthYearProblem', { value: f.birthYear.slice(0, 20) }))
  }
  const body = {
    id: f.id,
    sex: f.sex,
    profile,
    ...(year !== undefined ? { estimatedBirthYear: year } : {}),
    ...(f.foundPlace !== '' ? { foundPlace: f.foundPlace } : {}),
    ...(f.foundDate !== '' ? { foundDate: f.foundDate } : {}),
    ...(f.sexOverride !== '' ? { sexOverride: { reason: f.sexOverride } } : {})
  }
  return { body, problems }
}

/**
 * /persons/new: an unidentified person as a page form. The route checks the body with the API's schema
 * and stores it with submitPerson, the function POST /persons calls, under the same audit action.
 */
export async function labPersonPages (app: FastifyInstance): Promise<void> {
  const s = app.services

  app.get('/persons/new', { config: { roles: ['lab', 'caseworker'] }, schema: { hide: true } }, async (request, reply) => {
    const ctx = pageContext(request)
    const t = labRecordMessages(ctx.locale)
    return sendPage(request, reply, t('personTitle'), personFormHtml(t, ctx, EMPTY), { ctx })
  })

  app.post('/persons/new', { config: { roles: ['lab', 'caseworker'], audit: 'person.create' }, schema: { hide: true } }, async (request, reply) => {
    const ctx = pageContext(request)
    const t = labRecordMessages(ctx.locale)
    const form = readForm(formFields(request.body))
    const answer = (status: number, top: SafeHtml, shown = form): ReturnType<typeof sendPage> =>
      sendPage(request, reply, t('personTitle'), html`${top}${personFormHtml(t, ctx, shown)}`, { ctx, status })
    // the audit entry says when the declared sex was kept against amelogenin (the reason itself is personal)
    const override: Record<string, string> = form.sexOverride === '' ? {} : { sexOverride: 'true' }
    request.auditTarget = { personId: form.id.slice(0, 100), ...override }
    const { body, problems } = personBody(t, form)
    const checked = CreatePersonSchema.safeParse(body)
    if (!checked.success) problems.push(...issueTexts(checked.error.issues, t, []))
    if (problems.length > 0 || !checked.success) return answer(400, problemList(t, problems))
    const who = requirePrincipal(request)
    let out: Awaited<ReturnType<typeof submitPerson>>
    try {
      out = await submitPerson(s, checked.data, 'create', { ...who, record: recordStored(request, 'personId') })
    } catch (err) {
      return answer((err as { statusCode?: number }).statusCode ?? 400, problemList(t, [refusalText(err)]))
    }
    request.auditTarget = { personId: out.record.id, changed: String(out.changed), ...override }
    const p = out.record
    const stored = html`<section class="card notice success" id="person-stored" role="status" aria-labelledby="stored-h">
<h2 id="stored-h">${out.changed ? t('storedPerson', { id: p.id }) : t('unchangedPerson', { id: p.id })}</h2>
<dl class="facts">
  <dt>${t('sampleId')}</dt><dd id="stored-person-id">${p.id}</dd>
  <dt>${t('sex')}</dt><dd>${t(p.sex)}</dd>
  <dt>${t('loci')}</dt><dd>${Object.keys(p.profile).length}</dd>
  <dt>${t('amelogenin')}</dt><dd>${p.amelogenin?.join('/') ?? '—'}</dd>
  ${p.sexOverride !== undefined && html`<dt>${t('sexOverride')}</dt><dd id="stored-sex-override">${p.sexOverride.reason}</dd>`}
</dl>
${who.role === 'caseworker' && html`<p><a href="/persons/${encodeURIComponent(p.id)}">${t('openPerson')}</a></p>`}
</section>`
    return answer(out.created ? 201 : 200, stored, EMPTY)
  })
}
