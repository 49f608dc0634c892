// The technician's upload page on real lab exports (fixtures/formats): the dry run's preview per sample
// (accepted and refused loci with the reason, the assignment), the naming rule, commit modes, what a
// commit stored, a wrong file refused with its reason, a commit of another file than the one previewed,
// both languages, a browser session (cookie + CSRF in the action URL), /my-uploads, and roles.
import { createHash } from 'node:crypto'
import t from 'tap'
import { createPersonRepository } from '../../src/storage/person-repository.ts'
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts'
import { addPerson, signIn } from '../helpers/sign-in.ts'
import { readFormatFile, refsWithOneBad } from '../ingest/fixture-formats.ts'

/** The upload form as a browser posts it (multipart), with the file and the form's text fields. */
function formBody (file: { name: string, content: string | Buffer } | undefined, fields: Record<string, string>): { payload: Buffer, headers: Record<string, string> } {
  const boundary = '----lab-upload-test'
  const parts: Buffer[] = []
  for (const [name, value] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`))
  if (file !== undefined) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/plain\r\n\r\n`), Buffer.from(file.content), Buffer.from('\r\n'))
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, accept: 'text/html', 'accept-language': 'en' } }
}

async function post (ta: TestApp, file: { name: string, content: string | Buffer } | undefined, fields: Record<string, string>, query = '') {
  const { payload, headers } = formBody(file, fields)
  return await ta.app.inject({ method: 'POST', url: `/upload${query}`, payload, headers: { ...headers, ...ta.authHeaders('lab') } })
}

const sha = (b: string | Buffer): string => createHash('sha256').update(b).digest('hex')
const sampleRow = (body: string, id: string): string => (body.split(`<tr data-sample="${id}">`)[1] ?? '').split('</tr>')[0]

t.test('preview per sample, then commit accepted-only: stored ids shown, persons stored', async (t) => {
  const ta = await buildTestApp(t)
  const file = { name: 'refs.csv', content: refsWithOneBad() }

  const form = await ta.app.inject({ method: 'GET', url: '/upload', headers: { ...ta.authHeaders('lab'), accept: 'text/html', 'accept-language': 'en' } })
  t.equal(form.statusCode, 200)
  t.match(form.body, /<h1>Upload a lab export<\/h1>/)
  t.match(form.body, /enctype="multipart\/form-data"/)
  t.match(form.body, /\(\?&lt;case&gt;FAM\\d\+\)/, 'the naming rule explained with an example')
  t.notMatch(form.body, /id="commit-button"/, 'no commit before a preview')

  const preview = await post(ta, file, { assign: 'file', defaultSide: 'on', mode: 'accepted-only', action: 'preview' })
  t.equal(preview.statusCode, 200)
  t.match(preview.body, /<h2 id="preview-h">Preview of refs\.csv<\/h2>/)
  t.match(preview.body, /Format genemapper-long · 3 sample\(s\), 2 accepted, 1 with problems · nothing stored yet/)
  const bad = sampleRow(preview.body, 'BAD1')
  t.match(bad, /<span class="pill bad">Refused<\/span>/)
  t.match(bad, /<strong>TH01<\/strong>: allele &quot;OL&quot; is an off-ladder call \(“OL,9.3”\), Line 38/, 'the refused locus with its reason, value and line')
  t.match(bad, /CSF1PO 10\/11/, 'the accepted loci of the bad sample')
  const good = sampleRow(preview.body, 'P1')
  t.match(good, /<span class="pill ok">Accepted<\/span>/)
  t.match(good, /unidentified person<br><span class="muted">by default side<\/span>/)
  t.match(good, /D3S1358 \d+(\.\d)?\/\d+/, 'accepted loci with the calls')
  t.match(preview.body, `name="previewHash" value="${sha(file.content)}"`)
  t.match(preview.body, /id="commit-button"/)
  t.same(createPersonRepository(ta.db).allIds(), [], 'a preview stores nothing')

  const commit = await post(ta, file, { assign: 'file', defaultSide: 'on', mode: 'accepted-only', action: 'commit', previewHash: sha(file.content) })
  t.equal(commit.statusCode, 201)
  t.match(commit.body, /<h2 id="commit-h" class="ok">Committed: import \d+<\/h2>/)
  t.match(commit.body, /<h3>Unidentified persons stored \(2\)<\/h3><ul class="plain"><li>P1<\/li><li>P2<\/li><\/ul>/)
  t.match(commit.body, /<h3>Refused samples \(1\)<\/h3>/)
  t.match(commit.body, /<th scope="row">BAD1<\/th><td><ul class="plain"><li>locus TH01: allele &quot;OL&quot; is an off-ladder call \(line 38\)<\/li>/)
  t.same(createPersonRepository(ta.db).allIds(), ['P1', 'P2'])
  t.match(commit.body, /name="previewHash" value=""/, 'after a stored commit the form starts over')

  // the uploads page lists both, newest first, with what they did
  const mine = await ta.app.inject({ method: 'GET', url: '/my-uploads', headers: { ...ta.authHeaders('lab'), accept: 'text/html', 'accept-language': 'en' } })
  t.equal(mine.statusCode, 200)
  t.match(mine.body, /2 upload\(s\)/)
  const rows = [...mine.body.matchAll(/<tr data-seq="\d+">(.*?)<\/tr>/g)].map((m) => m[1])
  t.equal(rows.length, 2)
  t.match(rows[0], /<td>refs\.csv<\/td><td>genemapper-long<\/td><td class="num">3<\/td><td class="num">2<\/td><td>no<\/td><td>yes<\/td><td><span class="pill ok">stored<\/span>/)
  t.match(rows[1], /<td class="num">3<\/td><td class="num">—<\/td><td>yes<\/td><td>no<\/td><td><span class="pill muted">previewed<\/span>/)
  t.equal((await ta.app.inject({ method: 'GET', url: '/my-uploads?q=nothing-like-it&lang=en', headers: ta.authHeaders('lab') })).body.match(/No upload matches this search\./)?.length, 1)
})

t.test('all-or-nothing refuses the file and stores nothing; the commit stays offered', async (t) => {
  const ta = await buildTestApp(t)
  const content = refsWithOneBad()
  const res = await post(ta, { name: 'refs.csv', content }, { assign: 'file', defaultSide: 'on', mode: 'all-or-nothing', action: 'commit', previewHash: sha(content) })
  t.equal(res.statusCode, 422)
  t.match(res.body, /<h2 id="commit-h" class="bad">Refused: nothing was stored<\/h2>/)
  t.match(res.body, /all-or-nothing: 1 sample\(s\) refused \(BAD1\); nothing was stored/)
  t.match(res.body, `name="previewHash" value="${sha(content)}"`, 'the technician may commit again in accepted-only mode')
  t.same(createPersonRepository(ta.db).allIds(), [])
})

t.test('a real GeneMapper export read by a naming rule: each sample assigned to its case, relative and relation', async (t) => {
  const ta = await buildTestApp(t)
  const content = readFormatFile('genemapper/genemapper2familias/Input/FAM2-6-MOTHER.txt')
  const res = await post(ta, { name: 'FAM2-6-MOTHER.txt', content }, { assign: 'rule', rule: '^(?<case>FAM\\d+)-(?<person>\\d+)-(?<relation>[A-Z]+)$', mode: 'all-or-nothing', action: 'preview' })
  t.equal(res.statusCode, 200)
  const row = sampleRow(res.body, 'FAM2-6-MOTHER')
  t.match(row, /case FAM2, relative 6<br>relation MOTHER<br><span class="muted">by naming rule<\/span>/)
  t.match(row, /D1S1656 16\.3\/16\.3/)
  t.match(res.body, /value="\^\(\?&lt;case&gt;FAM\\d\+\)/, 'the rule kept in the form for the commit')

  const mapped = await post(ta, { name: 'FAM2-6-MOTHER.txt', content }, { assign: 'mapping', mapping: 'FAM2-6-MOTHER unidentified\n', action: 'preview' })
  t.match(sampleRow(mapped.body, 'FAM2-6-MOTHER'), /unidentified person<br><span class="muted">by mapping<\/span>/)
  const badMapping = await post(ta, { name: 'FAM2-6-MOTHER.txt', content }, { assign: 'mapping', mapping: 'FAM2-6-MOTHER\tsomewhere\n', action: 'preview' })
  t.equal(badMapping.statusCode, 400)
  t.match(badMapping.body, /Upload refused: mapping line 1: expected &quot;SAMPLE unidentified&quot;/)

  const zh = await post(ta, { name: 'FAM2-6-MOTHER.txt', content }, { assign: 'rule', rule: '^(?<case>FAM\\d+)-(?<person>\\d+)-(?<relation>[A-Z]+)$', action: 'preview' }, '?lang=zh-CN')
  t.match(zh.body, /<h1>上传实验室导出文件<\/h1>/)
  t.match(zh.body, /FAM2-6-MOTHER\.txt 的预览/)
  t.match(sampleRow(zh.body, 'FAM2-6-MOTHER'), /案件 FAM2，亲属 6<br>关系 MOTHER<br><span class="muted">依据：命名规则<\/span>/)
  t.match(zh.body, /<span class="pill ok">合格<\/span>/)
})

t.test('a wrong file is refused with its reason; a commit of another file than the previewed one is refused', async (t) => {
  const ta = await buildTestApp(t)
  const wrong = await post(ta, { name: 'notes.txt', content: 'this is a letter, not a lab export\nsecond line\n' }, { action: 'preview' })
  t.equal(wrong.statusCode, 422)
  t.match(wrong.body, /<div class="notice error" role="alert" id="upload-error">Upload refused: line 1: no sample id column \(expected &quot;Sample Name&quot;/, 'the importer\'s reason shown')

  const noFile = await post(ta, undefined, { action: 'preview' })
  t.equal(noFile.statusCode, 400)

  const previewed = refsWithOneBad()
  const other = readFormatFile('genemapper/euroformix/refs.csv')
  const swapped = await post(ta, { name: 'refs.csv', content: other }, { defaultSide: 'on', mode: 'accepted-only', action: 'commit', previewHash: sha(previewed) })
  t.equal(swapped.statusCode, 409)
  t.match(swapped.body, /This is not the file that was previewed/)
  t.same(createPersonRepository(ta.db).allIds(), [])
})

t.test('a hostile file name and sample id are written as text', async (t) => {
  const ta = await buildTestApp(t)
  const res = await post(ta, { name: '<img src=x>.csv', content: 'Sample Name,Marker,Allele 1,Allele 2\r\nP<b>1,D3S1358,15,16\r\n' }, { defaultSide: 'on', action: 'preview' })
  t.notMatch(res.body, /<img src=x>/)
  t.notMatch(res.body, /P<b>1/)
  t.match(res.body, /&lt;img src=x&gt;\.csv|&lt;b&gt;/)
})

t.test('through a browser session: the CSRF token in the action URL, the upload under the session\'s account', async (t) => {
  const ta = await buildTestApp(t)
  await addPerson(ta.db, 'li.lab', 'lab', 'correct horse battery staple')
  const s = await signIn(ta.app, { name: 'li.lab', password: 'correct horse battery staple' })
  const page = await ta.app.inject({ method: 'GET', url: '/upload', headers: { cookie: s.cookie } })
  t.match(page.body, `action="/upload?_csrf=${encodeURIComponent(s.csrfToken)}"`)
  const content = readFormatFile('genemapper/euroformix/refs.csv')
  const { payload, headers } = formBody({ name: 'refs.csv', content }, { defaultSide: 'on', action: 'commit', previewHash: sha(content) })
  const noToken = await ta.app.inject({ method: 'POST', url: '/upload', payload, headers: { ...headers, cookie: s.cookie } })
  t.equal(noToken.statusCode, 403, 'a multipart form without the token is refused')
  const ok = await ta.app.inject({ method: 'POST', url: `/upload?_csrf=${encodeURIComponent(s.csrfToken)}`, payload, headers: { ...headers, cookie: s.cookie } })
  t.equal(ok.statusCode, 201)
  t.match(ok.body, /<h3>Unidentified persons stored \(2\)<\/h3>/)
  const entry = ta.db.prepare("SELECT actor FROM audit_log WHERE action = 'import.upload' AND status = 201").get() as { actor: string }
  t.equal(entry.actor, 'li.lab', 'the API route recorded the upload under the session\'s account')
})

t.test('roles: the upload pages are the lab\'s', async (t) => {
  const ta = await buildTestApp(t)
  for (const role of ['caseworker', 'admin', 'auditor'] as const) {
    t.equal((await ta.app.inject({ method: 'GET', url: '/upload', headers: ta.authHeaders(role) })).statusCode, 403, `${role} may not open /upload`)
    t.equal((await ta.app.inject({ method: 'GET', url: '/my-uploads', headers: ta.authHeaders(role) })).statusCode, 403, `${role} may not open /my-uploads`)
  }
  const none = await ta.app.inject({ method: 'GET', url: '/upload' })
  t.equal(none.statusCode, 303)
  t.equal(none.headers.location, '/sign-in?next=%2Fupload')
})
