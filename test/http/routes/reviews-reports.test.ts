import t from 'tap'
import { verifyReportHash, type MatchReport } from '../../../src/report/match-report.ts'
import { addAccount } from '../../helpers/accounts.ts'
import { buildTestApp } from '../../helpers/build-test-app.ts'
import { caseBody, personBody, plantFamilies } from '../../helpers/planted-families.ts'
import { pdfToText } from '../../report/pdf-to-text.ts'

const [trio, duo] = plantFamilies(4242)

t.test('reports: JSON with a checkable hash, HTML and PDF; a sex mismatch is not a candidate and the report says so', async (t) => {
  const { app, authHeaders } = await buildTestApp(t)
  const lab = authHeaders('lab')
  const cw = authHeaders('caseworker')
  await app.inject({ method: 'POST', url: '/cases', headers: lab, payload: caseBody(trio) })
  await app.inject({ method: 'POST', url: '/persons', headers: lab, payload: personBody(trio.personId, trio.mpSex, trio.child) })
  // The same profile recorded with the other sex.
  const other = trio.mpSex === 'male' ? 'female' : 'male'
  await app.inject({ method: 'POST', url: '/persons', headers: lab, payload: personBody('U-other-sex', other, trio.child) })

  const listRes = await app.inject({ method: 'GET', url: `/cases/${trio.caseId}/candidates`, headers: cw })
  t.equal(listRes.statusCode, 200, listRes.body.slice(0, 300))
  const list = listRes.json()
  t.same(list.candidates.map((c: { personId: string }) => c.personId), [trio.personId], 'the other-sex copy is not a candidate')
  t.equal(list.notCandidates.sexMismatch, 1)

  const json = await app.inject({ method: 'GET', url: `/cases/${trio.caseId}/persons/${trio.personId}/report`, headers: cw })
  t.equal(json.statusCode, 200)
  const report = json.json() as MatchReport
  t.equal(report.schema, 'homeward-match-report/1')
  t.ok(verifyReportHash(report), 'content hash checks out')
  t.equal(report.total.log10Lr, list.candidates[0].log10Lr, 'report total equals the candidate list')
  t.equal(report.loci.length, 23)
  t.equal(report.methods.frequencyTable.id, 'nist1036_asian')
  t.equal(report.posterior.prior, 0.5, 'one open case: even odds')

  const again = (await app.inject({ method: 'GET', url: `/cases/${trio.caseId}/persons/${trio.personId}/report`, headers: cw })).json() as MatchReport
  t.equal(again.contentHash, report.contentHash, 'the same inputs give the same content hash')

  const html = await app.inject({ method: 'GET', url: `/cases/${trio.caseId}/persons/${trio.personId}/report?format=html`, headers: cw })
  t.equal(html.statusCode, 200)
  t.match(html.headers['content-type'], /text\/html/)
  t.match(html.body, trio.caseId)
  const pdf = await app.inject({ method: 'GET', url: `/cases/${trio.caseId}/persons/${trio.personId}/report?format=pdf`, headers: cw })
  t.equal(pdf.statusCode, 200)
  t.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-')

  const mismatch = (await app.inject({ method: 'GET', url: `/cases/${trio.caseId}/persons/U-other-sex/report`, headers: cw })).json() as MatchReport
  t.equal(mismatch.sex.consistent, false)
  t.equal(mismatch.decision.rule, 'sex-mismatch')
  t.equal(mismatch.total.log10Lr, report.total.log10Lr, 'the genetics are shown beside the refusal')

  t.equal((await app.inject({ method: 'GET', url: `/cases/${trio.caseId}/persons/U-other-sex/report`, headers: lab })).statusCode, 403, 'a lab may not read reports')
})

t.test('review: two confirmations close the case and the person; rejecting keeps them open', async (t) => {
  const { app, authHeaders, db } = await buildTestApp(t)
  const lab = authHeaders('lab')
  const cw = authHeaders('caseworker')
  const cw2 = addAccount(db, 'caseworker', 'caseworker-2').headers
  for (const f of [trio, duo]) {
    await app.inject({ method: 'POST', url: '/cases', headers: lab, payload: caseBody(f) })
    await app.inject({ method: 'POST', url: '/persons', headers: lab, payload: personBody(f.personId, f.mpSex, f.child) })
  }
  const url = (c: string, p: string): string => `/cases/${c}/persons/${p}/reviews`

  const noNote = await app.inject({ method: 'POST', url: url(trio.caseId, trio.personId), headers: cw, payload: { decision: 'confirm', note: '' } })
  t.equal(noNote.statusCode, 400)

  const rejected = await app.inject({ method: 'POST', url: url(duo.caseId, duo.personId), headers: cw, payload: { decision: 'reject', note: 'birth year does not fit' } })
  t.equal(rejected.statusCode, 201)
  t.same([rejected.json().case.status, rejected.json().person.status], ['open', 'open'])

  const first = await app.inject({ method: 'POST', url: url(trio.caseId, trio.personId), headers: cw, payload: { decision: 'confirm', note: 'reference re-typed, match holds' } })
  t.equal(first.statusCode, 201)
  t.same([first.json().case.status, first.json().person.status], ['open', 'open'], 'one caseworker\'s word closes nothing')
  t.equal(first.json().review.reviewer, 'test-caseworker')
  const confirmed = await app.inject({ method: 'POST', url: url(trio.caseId, trio.personId), headers: cw2, payload: { decision: 'confirm', note: 'checked the pedigree and the report' } })
  t.equal(confirmed.statusCode, 201)
  t.same([confirmed.json().case.status, confirmed.json().person.status], ['closed', 'closed'])
  t.equal(confirmed.json().review.reviewer, 'caseworker-2')

  const twice = await app.inject({ method: 'POST', url: url(trio.caseId, trio.personId), headers: cw, payload: { decision: 'confirm', note: 'again' } })
  t.equal(twice.statusCode, 409)

  const list = (await app.inject({ method: 'GET', url: `/cases/${duo.caseId}/candidates`, headers: cw })).json()
  t.equal(list.candidates[0].review, 'rejected')
  t.equal(list.prior.value, 0.5, 'one open case left: even odds, not certainty')

  // A closed person is no longer searched: a new case does not compare with it.
  const late = { ...caseBody(trio), id: 'CASE-late' }
  const res = await app.inject({ method: 'POST', url: '/cases', headers: cw, payload: late })
  t.equal(res.json().search.compared, duo.mpSex === trio.mpSex ? 1 : 0, 'only the open person (of the right sex) was compared')
})

/** Parses an RFC 6266 attachment header strictly: the quoted ASCII fallback and the RFC 8187 UTF-8 name. */
function parseDisposition (header: string): { type: string, filename: string, filenameStar: string } {
  const m = /^(attachment); filename="([\x20-\x21\x23-\x5b\x5d-\x7e]*)"; filename\*=UTF-8''((?:[A-Za-z0-9!#$&+\-.^_`|~]|%[0-9A-F]{2})+)$/.exec(header)
  if (m === null) throw new Error(`not an RFC 6266 attachment header: ${header}`)
  return { type: m[1], filename: m[2], filenameStar: decodeURIComponent(m[3]) }
}

t.test('reports of a pair with Chinese ids: 200 in every format, with an RFC 6266 file name (issue 15 item 12)', async (t) => {
  const { app, authHeaders } = await buildTestApp(t)
  const lab = authHeaders('lab')
  const cw = authHeaders('caseworker')
  const caseId = '粤A-2014-0173'
  const personId = 'UHR-张-0042'
  t.equal((await app.inject({ method: 'POST', url: '/cases', headers: lab, payload: { ...caseBody(trio), id: caseId } })).statusCode, 201)
  t.equal((await app.inject({ method: 'POST', url: '/persons', headers: lab, payload: personBody(personId, trio.mpSex, trio.child) })).statusCode, 201)
  for (const format of ['json', 'html', 'pdf']) {
    const res = await app.inject({ method: 'GET', url: `/cases/${encodeURIComponent(caseId)}/persons/${encodeURIComponent(personId)}/report?format=${format}`, headers: cw })
    t.equal(res.statusCode, 200, `${format}: ${res.body.slice(0, 200)}`)
    const header = parseDisposition(String(res.headers['content-disposition']))
    t.equal(header.filenameStar, `homeward-report-${caseId}-${personId}.${format}`, `${format}: the exact name, UTF-8`)
    t.equal(header.filename, `homeward-report-_A-2014-0173-UHR-_-0042.${format}`, `${format}: an ASCII fallback`)
  }
  const audit = (await app.inject({ method: 'GET', url: '/audit?action=report.read', headers: authHeaders('auditor') })).json()
  t.ok(audit.entries.filter((e: { status: number }) => e.status === 200).length >= 3, 'the reads are audited as the 200s they were')
})

t.test('a report for a court: language by ?lang or Accept-Language, agency, a stable number per version, analyst, every review, signatures', async (t) => {
  const { app, authHeaders, db } = await buildTestApp(t, { env: { HOMEWARD_AGENCY_NAME: '广东省公安厅刑事技术中心', HOMEWARD_TIME_ZONE: 'Asia/Shanghai' } })
  const lab = authHeaders('lab')
  const cw = authHeaders('caseworker')
  const cw2 = addAccount(db, 'caseworker', 'caseworker-2').headers
  const caseId = '粤A-2014-0173'
  const personId = 'UHR-张-0042'
  const body = { ...caseBody(trio), id: caseId }
  await app.inject({ method: 'POST', url: '/cases', headers: lab, payload: body })
  await app.inject({ method: 'POST', url: '/persons', headers: lab, payload: personBody(personId, trio.mpSex, trio.child) })
  const url = `/cases/${encodeURIComponent(caseId)}/persons/${encodeURIComponent(personId)}`
  const get = async (query: string, headers: Record<string, string> = {}) => await app.inject({ method: 'GET', url: `${url}/report${query}`, headers: { ...cw, ...headers } })

  const pdf = await get('?format=pdf', { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' })
  t.equal(pdf.statusCode, 200)
  t.equal(pdf.headers['content-language'], 'zh-CN')
  t.equal(pdf.headers['cache-control'], 'no-store')
  const zh = pdfToText(pdf.rawPayload)
  const year = new Date().toISOString().slice(0, 4)
  for (const s of ['广东省公安厅刑事技术中心', '亲缘关系比对鉴定报告', caseId, personId, `HW-${year}-000001，第 1 版`, 'test-caseworker', '支持亲缘关系', '复核人一']) t.ok(zh.includes(s), `zh PDF: ${s}`)
  t.ok(pdf.rawPayload.length < 300_000, `the font is subset: ${pdf.rawPayload.length} bytes`)

  t.match((await get('?format=html')).body, /<html lang="zh-CN">/, 'no preference: Chinese')
  const en = await get('?format=html&lang=en', { 'accept-language': 'zh-CN' })
  t.match(en.body, /<html lang="en">/, '?lang wins over the header')
  t.match(en.body, /<dt>Agency<\/dt><dd>广东省公安厅刑事技术中心<\/dd><dt>Report number<\/dt><dd>HW-\d{4}-000001, version 1<\/dd><dt>Analyst<\/dt><dd>test-caseworker<\/dd>/)
  t.match((await get('?format=html', { 'accept-language': 'en-GB' })).body, /Kinship match report/)
  t.equal((await get('?lang=fr')).statusCode, 400, 'an unknown language is refused, named')

  // the same findings asked for again, by another caseworker, are the same number and version
  const first = (await get('')).json() as MatchReport
  const again = (await get('', cw2)).json() as MatchReport
  t.same(again.issue, first.issue, 'number, version, analyst and issue time are the first issue\'s')
  t.ok(verifyReportHash(again), 'the hash still checks with the issue and reviews attached')
  t.same(first.reviews, [])

  // new findings (a reference retyped without one locus) are the next version of the same number
  const genotypes = { ...(body as unknown as { genotypes: Record<string, Record<string, string[]>> }).genotypes }
  const [refId] = Object.keys(genotypes)
  const { D3S1358: _dropped, ...fewer } = genotypes[refId]
  const put = await app.inject({ method: 'PUT', url: `/cases/${encodeURIComponent(caseId)}`, headers: lab, payload: { ...body, genotypes: { ...genotypes, [refId]: fewer } } })
  t.equal(put.statusCode, 200, put.body.slice(0, 200))
  const v2 = (await get('')).json() as MatchReport
  t.not(v2.contentHash, first.contentHash)
  t.same([v2.issue?.reportNumber, v2.issue?.version], [first.issue?.reportNumber, 2])

  // every review decision appears, with who and when, and the two confirmers sign
  const review = async (headers: Record<string, string>, note: string) => await app.inject({ method: 'POST', url: `${url}/reviews`, headers, payload: { decision: 'confirm', note } })
  t.equal((await review(cw, '参照样本已复检')).statusCode, 201)
  t.equal((await review(cw2, 'dates and photos fit')).statusCode, 201)
  const reviewed = (await get('')).json() as MatchReport
  t.same(reviewed.reviews?.map((r) => [r.reviewer, r.decision, r.confirmation, r.note]), [
    ['test-caseworker', 'confirmed', 'first', '参照样本已复检'], ['caseworker-2', 'confirmed', 'second', 'dates and photos fit']])
  t.ok(verifyReportHash({ ...reviewed, reviews: [] }), 'the reviews are outside the hash')
  // closing the case changed the prior's basis (open cases 1 → 0): new findings, so the next version
  t.same([reviewed.posterior.openCases, v2.posterior.openCases], [0, 1])
  t.same([reviewed.issue?.reportNumber, reviewed.issue?.version], [first.issue?.reportNumber, 3])
  const html = (await get('?format=html&lang=zh-CN')).body
  t.match(html, /<td>test-caseworker<\/td><td>确认（第一人，待第二人复核）<\/td><td>参照样本已复检<\/td>/)
  t.match(html, /<p class="role">复核人一<\/p>\n<div>test-caseworker<\/div>/)
  t.match(html, /<p class="role">复核人二<\/p>\n<div>caseworker-2<\/div>/)
})
