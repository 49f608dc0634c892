import { createHash } from 'node:crypto'
import fastifyMultipart from '@fastify/multipart'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { fail } from '../../core/errors.ts'
import { CSRF_HEADER } from '../../http/plugins/csrf.ts'
import { MAX_IMPORT_BYTES } from '../../ingest/text-table.ts'
import { html, type SafeHtml } from '../html.ts'
import type { PageContext } from '../layout.ts'
import { pageContext, sendPage } from '../page-reply.ts'
import { labUploadMessages } from './lab-upload-messages.ts'
import { EMPTY_FORM, importOptions, readUploadForm, type UploadForm } from './lab-upload-options.ts'
import { commitSection, previewSection, type CommitView, type PreviewView } from './lab-upload-view.ts'

type T = ReturnType<typeof labUploadMessages>

function uploadForm (t: T, ctx: PageContext, form: UploadForm, previewHash: string): SafeHtml {
  const checked = (on: boolean): SafeHtml | '' => (on ? html` checked` : '')
  // A multipart form's parts reach the handler unread by the CSRF hook, so the token goes in the action URL.
  return html`<form class="stack card" id="upload-form" method="post" action="/upload?_csrf=${encodeURIComponent(ctx.csrfToken ?? '')}" enctype="multipart/form-data">
<p>${t('intro')}</p>
<label for="file">${t('file')}</label>
<input type="file" id="file" name="file" required>
<fieldset><legend>${t('assignLegend')}</legend>
  <label class="check"><input type="radio" name="assign" value="file"${checked(form.assign === 'file')}> ${t('assignFile')}</label>
  <label class="check"><input type="radio" name="assign" value="rule"${checked(form.assign === 'rule')}> ${t('assignRule')}</label>
  <label for="rule">${t('rule')}</label>
  <input type="text" id="rule" name="rule" value="${form.rule}" aria-describedby="rule-help" spellcheck="false" autocomplete="off">
  <p id="rule-help" class="muted">${t('ruleHelp')}</p>
  <label class="check"><input type="radio" name="assign" value="mapping"${checked(form.assign === 'mapping')}> ${t('assignMapping')}</label>
  <label for="mapping">${t('mapping')}</label>
  <textarea id="mapping" name="mapping" rows="4" aria-describedby="mapping-help" spellcheck="false">${form.mapping}</textarea>
  <p id="mapping-help" class="muted">${t('mappingHelp')}</p>
  <label class="check"><input type="checkbox" id="defaultSide" name="defaultSide"${checked(form.defaultSide)}> ${t('defaultSide')}</label>
</fieldset>
<fieldset><legend>${t('modeLegend')}</legend>
  <label class="check"><input type="radio" name="mode" value="all-or-nothing"${checked(form.mode === 'all-or-nothing')}> ${t('modeAll')}</label>
  <label class="check"><input type="radio" name="mode" value="accepted-only"${checked(form.mode === 'accepted-only')}> ${t('modeAccepted')}</label>
</fieldset>
<input type="hidden" name="previewHash" value="${previewHash}">
${previewHash !== '' && html`<p class="notice info" id="commit-hint">${t('commitHint')}</p>`}
<div class="row">
  <button type="submit" id="preview-button" name="action" value="preview">${t('preview')}</button>
  ${previewHash !== '' && html`<button type="submit" id="commit-button" name="action" value="commit" class="secondary">${t('commit')}</button>`}
</div>
</form>`
}

/** The upload's parts: the file and the form's text fields (a handful, each small). */
async function readParts (request: FastifyRequest): Promise<{ file?: { name: string, bytes: Buffer }, fields: Record<string, string> }> {
  if (!request.isMultipart()) fail('BAD_REQUEST', 'send the upload form as multipart/form-data')
  const fields: Record<string, string> = Object.create(null)
  let file: { name: string, bytes: Buffer } | undefined
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      const bytes = await part.toBuffer()
      if (part.file.truncated) fail('PAYLOAD_TOO_LARGE', `file larger than ${MAX_IMPORT_BYTES} bytes`)
      if (part.fieldname === 'file' && part.filename !== '') file = { name: part.filename, bytes }
    } else {
      fields[part.fieldname] = String(part.value)
    }
  }
  return file === undefined ? { fields } : { file, fields }
}

/** The file and options as POST /imports takes them (its multipart shape). */
function importBody (file: { name: string, bytes: Buffer }, options: Record<string, unknown>): { payload: Buffer, contentType: string } {
  const boundary = `----homeward-page-${createHash('sha256').update(file.bytes).digest('hex').slice(0, 24)}`
  const name = file.name.replace(/["\r\n\\]/g, '_')
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="options"\r\n\r\n${JSON.stringify(options)}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    file.bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`)
  ])
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` }
}

/** The caller's own credential, passed on to the API route: the upload runs under the same account and checks. */
function credentialHeaders (request: FastifyRequest): Record<string, string> {
  const h: Record<string, string> = {}
  if (typeof request.headers.authorization === 'string') h.authorization = request.headers.authorization
  else {
    if (typeof request.headers.cookie === 'string') h.cookie = request.headers.cookie
    const csrf = request.principal?.session?.csrfToken
    if (csrf !== undefined) h[CSRF_HEADER] = csrf
  }
  return h
}

/**
 * /upload: the technician's upload. The page posts its multipart form here, and this route hands the
 * file to POST /imports itself (app.inject, under the caller's own credential) rather than repeat its
 * work: one implementation of preview, commit, search and the upload's audit entry (which is what
 * /my-uploads lists), with the same limits and ownership rules. A commit must carry the hash of the
 * file previewed, so what is stored is what the technician looked at.
 */
export async function labUploadPages (app: FastifyInstance): Promise<void> {
  app.get('/upload', { config: { roles: ['lab'] }, schema: { hide: true } }, async (request, reply) => {
    const ctx = pageContext(request)
    const t = labUploadMessages(ctx.locale)
    return sendPage(request, reply, t('title'), uploadForm(t, ctx, EMPTY_FORM, ''), { ctx, scripts: ['lab-upload.js'] })
  })

  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 10, fieldSize: 64 * 1024 } })
    scope.post('/upload', { bodyLimit: MAX_IMPORT_BYTES + 2 * 1024 * 1024, config: { roles: ['lab'], audit: 'page.upload' }, schema: { hide: true } }, async (request, reply) => {
      const ctx = pageContext(request)
      const t = labUploadMessages(ctx.locale)
      const { file, fields } = await readParts(request)
      const form = readUploadForm(fields)
      const page = (status: number, result: SafeHtml, previewHash: string): ReturnType<typeof sendPage> =>
        sendPage(request, reply, t('title'), html`<div id="upload-result" aria-live="polite">${result}</div>${uploadForm(t, ctx, form, previewHash)}`, { ctx, status, scripts: ['lab-upload.js'] })
      const refusal = (message: string): SafeHtml => html`<div class="notice error" role="alert" id="upload-error">${t('uploadRefused', { message })}</div>`
      if (file === undefined) return page(400, refusal(t('file')), form.previewHash)
      const built = importOptions(form, t)
      if ('error' in built) return page(400, refusal(built.error), form.previewHash)
      const hash = createHash('sha256').update(file.bytes).digest('hex')
      // the page's own entry names the file; the upload itself is import.upload, written by POST /imports
      request.auditTarget = { file: file.name.slice(0, 200), contentHash: hash, action: form.action }
      if (form.action === 'commit' && form.previewHash !== hash) return page(409, html`<div class="notice error" role="alert" id="upload-error">${t('hashChanged')}</div>`, '')
      const { payload, contentType } = importBody(file, built.options)
      const res = await app.inject({ method: 'POST', url: '/imports', payload, headers: { ...credentialHeaders(request), 'content-type': contentType } })
      const body = res.json() as { preview?: PreviewView, commit?: CommitView, search?: { deferred: boolean }, message?: string, details?: { preview?: PreviewView, commit?: CommitView } }
      const preview = body.preview ?? body.details?.preview
      const commit = body.commit ?? body.details?.commit
      if (preview === undefined) return page(res.statusCode, refusal(body.message ?? String(res.statusCode)), '')
      const result = html`${commit !== undefined && commitSection(t, commit, body.search?.deferred)}${previewSection(t, preview)}`
      // after a stored commit the form starts over; after a preview or a refusal it offers the commit of that same file
      return page(res.statusCode, result, commit?.committed === true ? '' : preview.contentHash)
    })
  })
}
