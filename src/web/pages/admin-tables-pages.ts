import type { FastifyInstance } from 'fastify'
import type { FrequencyTable } from '../../core/markers/frequency-table.ts'
import { html, type SafeHtml } from '../html.ts'
import { pageContext, sendPage } from '../page-reply.ts'
import { actionFeedback, submitButton } from './admin-api-form.ts'
import { adminTablesMessages } from './admin-tables-messages.ts'
import { instantIn } from './admin-time.ts'

/** N of a table: the individuals typed, as its loci state it ("1036", or "150–1036" when loci differ). */
function sampleSizes (table: FrequencyTable | undefined): string | undefined {
  const sizes = Object.values(table?.loci ?? {}).map((l) => l.sampleSize).filter((n): n is number => n !== undefined)
  if (sizes.length === 0) return undefined
  const [lo, hi] = [Math.min(...sizes), Math.max(...sizes)]
  return lo === hi ? String(lo) : `${lo}–${hi}`
}

/**
 * /admin/frequency-tables: the tables (GET /frequency-tables's list, with N read from the newest
 * version's loci) and the upload of a table or a new version, which admin-tables.js sends to POST
 * /frequency-tables: its checks (locus names, alleles, frequencies in (0, 1] summing to 1) answer
 * with the locus and value at fault, shown above the form.
 */
export async function adminTablesPages (app: FastifyInstance): Promise<void> {
  const s = app.services

  app.get('/admin/frequency-tables', { config: { roles: ['admin'], audit: 'page.admin-frequency-tables' }, schema: { hide: true } }, async (request, reply) => {
    const ctx = pageContext(request)
    const tz = app.config.report.timeZone
    const m = adminTablesMessages(ctx.locale)
    const q = request.query as Record<string, unknown>
    const tables = s.tables.list()
    const known = typeof q.id === 'string' ? tables.find((t) => t.id === q.id) : undefined
    const done = known !== undefined && (q.done === 'created' || q.done === 'same')
      ? html`<div class="notice success" role="status">${m(q.done === 'created' ? 'doneCreated' : 'doneSame', { id: known.id, version: known.version })}${q.done === 'created' && html` ${m('rerunHint')} <a href="/admin/reruns">/admin/reruns</a>`}</div>`
      : html``
    const row = (t: (typeof tables)[number]): SafeHtml => {
      const n = sampleSizes(s.tables.current(t.id))
      return html`<tr><th scope="row"><code>${t.id}</code></th><td>${t.version}</td><td>${t.population}</td><td class="source">${t.source}</td>
<td class="num">${n ?? html`<span class="muted">${m('nUnknown')}</span>`}</td><td class="num">${t.loci}</td>
<td>${t.isDefault && html`<span class="pill ok">${m('defaultPill')}</span>`}</td><td>${instantIn(ctx.locale, tz, t.createdAt)}</td></tr>`
    }
    const content = html`
${done}
${actionFeedback(ctx.locale)}
<p>${m('intro')}</p>
${tables.length === 0
  ? html`<p class="muted">${m('empty')}</p>`
  : html`<div class="scroll"><table id="tables">
<caption class="visually-hidden">${m('tableCaption')}</caption>
<thead><tr><th scope="col">${m('id')}</th><th scope="col">${m('version')}</th><th scope="col">${m('population')}</th><th scope="col">${m('source')}</th><th scope="col" class="num">${m('n')}</th><th scope="col" class="num">${m('loci')}</th><th scope="col">${m('isDefault')}</th><th scope="col">${m('created')}</th></tr></thead>
<tbody>${tables.map(row)}</tbody></table></div>`}
<section class="card" aria-labelledby="upload-h"><h2 id="upload-h">${m('uploadTitle')}</h2>
<p class="muted">${m('uploadIntro')}</p>
<form class="stack" id="upload-table" data-bad-file="${m('badFile')}" data-no-file="${m('noFile')}">
  <div data-error class="notice error" role="alert" tabindex="-1" hidden></div>
  <label for="table-id">${m('fieldId')}</label><input type="text" id="table-id" name="id" maxlength="60" pattern="[a-z0-9_.\\-]{1,60}" autocomplete="off">
  <label for="table-population">${m('fieldPopulation')}</label><input type="text" id="table-population" name="population" maxlength="200">
  <label for="table-source">${m('fieldSource')}</label><input type="text" id="table-source" name="source" maxlength="1000">
  <label for="table-file">${m('fieldFile')}</label><input type="file" id="table-file" name="file" accept=".json,application/json" required>
  <label class="check"><input type="checkbox" id="table-default" name="makeDefault"> ${m('fieldDefault')}</label>
  ${submitButton(m('upload'), 'upload-table-submit')}
</form></section>`
    return sendPage(request, reply, m('title'), content, { ctx, scripts: ['admin-tables.js'] })
  })
}
