import type { FastifyInstance } from 'fastify'
import { requirePrincipal } from '../../http/plugins/auth.ts'
import type { AuditEntry } from '../../core/trust/audit-chain.ts'
import { createAuditRepository } from '../../storage/audit-repository.ts'
import { html, type SafeHtml } from '../html.ts'
import { pageContext, sendPage } from '../page-reply.ts'
import { formatInstant } from '../../i18n/format-date.ts'
import { PAGE_SIZE, pageNumber, pager } from './caseworker-format.ts'
import { labUploadsMessages } from './lab-uploads-messages.ts'

type T = ReturnType<typeof labUploadsMessages>

/** How many audit entries are read per query while collecting the account's uploads. */
const CHUNK = 1000

function statusText (t: T, e: AuditEntry): SafeHtml {
  if (e.status >= 400) return html`<span class="pill bad">${t('statusRefused', { status: e.status })}</span>`
  if (e.target.dryRun === 1) return html`<span class="pill muted">${t('statusPreview')}</span>`
  return e.status === 201 ? html`<span class="pill ok">${t('statusStored')}</span>` : html`<span class="pill muted">${t('statusNothingNew')}</span>`
}

/**
 * /my-uploads: the lab's own uploads, as GET /me/imports reads them (the audit trail's import.upload
 * entries of this account, dry runs and refusals included; nothing another account sent), newest first,
 * 50 a page, searchable by file name.
 */
export async function labUploadsPages (app: FastifyInstance): Promise<void> {
  const audit = createAuditRepository(app.db)
  // the agency's time zone, as the reports and the caseworker pages write times
  const timeZone = app.config.report.timeZone
  app.get('/my-uploads', { config: { roles: ['lab'], audit: 'import.list-own' }, schema: { hide: true } }, async (request, reply) => {
    const me = requirePrincipal(request)
    const ctx = pageContext(request)
    const t = labUploadsMessages(ctx.locale)
    const q = request.query as Record<string, unknown>
    const search = typeof q.q === 'string' ? q.q.trim().slice(0, 200) : ''
    const page = pageNumber(q.page)
    const all: AuditEntry[] = []
    for (let after = 0; ;) {
      const chunk = audit.list({ action: 'import.upload', actor: me.userName, afterSeq: after, limit: CHUNK })
      all.push(...chunk)
      if (chunk.length < CHUNK) break
      after = chunk[chunk.length - 1].seq
    }
    const needle = search.toLocaleLowerCase()
    const matching = all.reverse().filter((e) => needle === '' || String(e.target.file ?? '').toLocaleLowerCase().includes(needle))
    const shown = matching.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
    const num = (v: unknown): string => (typeof v === 'number' ? String(v) : '—')
    const content = html`<p>${t('intro')} <a href="/upload">${t('upload')}</a></p>
<form method="get" action="/my-uploads" class="row" role="search">
  <div><label for="q">${t('search')}</label><input type="search" id="q" name="q" value="${search}" maxlength="200"></div>
  <button type="submit">${t('searchButton')}</button>
</form>
<p class="muted" id="upload-count">${t('count', { n: matching.length })}</p>
${shown.length === 0
  ? html`<p class="muted">${all.length === 0 ? t('none') : t('noMatch')}</p>`
  : html`<div class="scroll"><table id="uploads"><caption class="visually-hidden">${t('caption')}</caption>
<thead><tr><th scope="col">${t('when')}</th><th scope="col">${t('file')}</th><th scope="col">${t('format')}</th><th scope="col" class="num">${t('samples')}</th><th scope="col" class="num">${t('stored')}</th><th scope="col">${t('dryRun')}</th><th scope="col">${t('committed')}</th><th scope="col">${t('status')}</th></tr></thead>
<tbody>${shown.map((e) => html`<tr data-seq="${e.seq}"><td>${formatInstant(ctx.locale, e.at, timeZone)}</td><td>${String(e.target.file ?? '—')}</td><td>${String(e.target.format ?? '—')}</td><td class="num">${num(e.target.samples)}</td><td class="num">${num(e.target.stored)}</td><td>${e.target.dryRun === 1 ? t('yes') : t('no')}</td><td>${e.target.committed === 1 ? t('yes') : t('no')}</td><td>${statusText(t, e)}</td></tr>`)}</tbody></table></div>`}
${pager(ctx.locale, '/my-uploads', { q: search }, page, matching.length > page * PAGE_SIZE)}`
    return sendPage(request, reply, t('title'), content, { ctx })
  })
}
