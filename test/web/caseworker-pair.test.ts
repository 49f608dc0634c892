// The pair page: the report in the page's language, PDF downloads, and the review under the four-eyes
// rule through the page's form: a first confirmation awaits a second, different caseworker (the page
// says so), the same caseworker cannot give both, a second one closes the case, reasons are required,
// an unsupported pair is confirmed only with an override and its reason.
import t from 'tap'
import { addAccount } from '../helpers/accounts.ts'
import { seedWorkspace } from '../helpers/caseworker-seed.ts'

const form = (headers: Record<string, string>): Record<string, string> => ({ ...headers, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', 'accept-language': 'en' })
const encode = (fields: Record<string, string>): string => new URLSearchParams(fields).toString()

t.test('report, downloads and the four-eyes review', async (t) => {
  const ws = await seedWorkspace(t, { families: 3 })
  const [a, , c] = ws.families
  const cw = ws.authHeaders('caseworker')
  const cw2 = addAccount(ws.db, 'caseworker', 'cw-2').headers
  const url = `/cases/${a.caseId}/persons/${a.personId}`

  const en = await ws.page(url)
  t.equal(en.statusCode, 200)
  t.match(en.body, `<h1>Case ${a.caseId} · person ${a.personId}</h1>`)
  t.match(en.body, /<section class="decision supported"/)
  t.match(en.body, /<p class="headline">log10 LR \d+\.\d\d · LR \d\.\d × 10<sup>\d+<\/sup><\/p>/, 'log10 LR and the LR in scientific notation')
  t.match(en.body, '<tr class="consistent"><th scope="row">D3S1358</th>', 'the per-locus table')
  t.match(en.body, `<td>${a.child.D3S1358.join('/')}</td>`, 'with the person\'s genotype')
  t.match(en.body, `href="${url}/report?format=pdf&amp;lang=zh-CN"`, 'PDF in Chinese')
  t.match(en.body, `href="${url}/report?format=pdf&amp;lang=en"`, 'PDF in English')
  t.match(en.body, /No decision yet\./)
  t.match(en.body, /id="decision-confirm" value="confirm"/)
  t.notMatch(en.body, /id="override"/, 'a supported pair needs no override')
  t.match(en.body, /sha256:[0-9a-f]{64}/, 'the content hash')
  const zh = await ws.page(url, { lang: 'zh-CN' })
  t.match(zh.body, /<html lang="zh-CN">/)
  t.match(zh.body, /下载鉴定报告/)
  t.match(zh.body, /各基因座似然比/)
  t.match(zh.body, /记录审核决定/)
  const pdf = await ws.app.inject({ method: 'GET', url: `${url}/report?format=pdf&lang=zh-CN`, headers: cw })
  t.equal(pdf.statusCode, 200, 'the download link answers')
  t.match(pdf.headers['content-type'], /application\/pdf/)

  // Form mistakes are named in the page's language, what was typed is kept.
  const noNote = await ws.app.inject({ method: 'POST', url: `${url}/review`, headers: form(cw), payload: encode({ decision: 'reject', note: '  ' }) })
  t.equal(noNote.statusCode, 400)
  t.match(noNote.body, /The decision was not recorded: a decision needs a note saying why\./)

  // First confirmation: recorded, the case stays open, the page says a second caseworker is awaited.
  const first = await ws.app.inject({ method: 'POST', url: `${url}/review`, headers: form(cw), payload: encode({ decision: 'confirm', note: 'Trio fits at every locus' }) })
  t.equal(first.statusCode, 303, first.body.slice(0, 400))
  t.equal(first.headers.location, `${url}?reviewed=1`)
  const mine = await ws.page(`${url}?reviewed=1`)
  t.match(mine.body, /Decision recorded\./)
  t.match(mine.body, /You confirmed this pair\. A second, different caseworker must confirm it/)
  t.match(mine.body, /<td>test-caseworker<\/td><td>first confirmation/)
  t.match(mine.body, /Trio fits at every locus/)
  t.notMatch(mine.body, /id="decision-confirm"/, 'the first caseworker is not offered the second confirmation')
  const theirs = await ws.page(url, { headers: cw2 })
  t.match(theirs.body, /Confirmed by test-caseworker, awaiting a second caseworker\./)
  t.match(theirs.body, /Confirm as the second caseworker/)
  t.match((await ws.page(url, { headers: cw2, lang: 'zh-CN' })).body, /test-caseworker 已确认，待第二名承办人复核/)
  t.equal((await ws.app.inject({ method: 'GET', url: `/cases/${a.caseId}`, headers: cw })).json().status, 'open', 'the case stays open')

  // The same caseworker again: refused by the rule, shown above the form with the note kept.
  const again = await ws.app.inject({ method: 'POST', url: `${url}/review`, headers: form(cw), payload: encode({ decision: 'confirm', note: 'me again' }) })
  t.equal(again.statusCode, 409)
  t.match(again.body, /id="review-error"/)
  t.match(again.body, /another caseworker must confirm/)
  t.match(again.body, />me again<\/textarea>/)
  t.match(again.body, `href="${url}?lang=zh-CN"`, 'the language switch leads to the pair page, not the form\'s address')

  // A second caseworker confirms: case and person close.
  const second = await ws.app.inject({ method: 'POST', url: `${url}/review`, headers: form(cw2), payload: encode({ decision: 'confirm', note: 'Checked the references' }) })
  t.equal(second.statusCode, 303, second.body.slice(0, 400))
  const closed = await ws.page(url)
  t.match(closed.body, /Confirmed by two caseworkers \(test-caseworker, cw-2\)\. The case and the person are closed\./)
  t.match(closed.body, /<td>cw-2<\/td><td>second confirmation/)
  t.match(closed.body, /id="decision-reopen"/, 'a confirmed pair can be reopened')
  t.notMatch(closed.body, /id="decision-reject"/, 'but not rejected before reopening')
  t.equal((await ws.app.inject({ method: 'GET', url: `/cases/${a.caseId}`, headers: cw })).json().status, 'closed')
  t.match((await ws.page(`/cases/${a.caseId}`)).body, /<span class="pill muted">closed<\/span>/)

  const reopened = await ws.app.inject({ method: 'POST', url: `${url}/review`, headers: form(cw2), payload: encode({ decision: 'reopen', note: 'Reference sample swapped at the lab' }) })
  t.equal(reopened.statusCode, 303)
  t.match((await ws.page(url)).body, /Reopened by cw-2: no decision stands\./)

  // An unrelated pair of the same sex: not supported, so a confirmation needs the override and a reason.
  const other = `/cases/${a.caseId}/persons/${c.personId}`
  const unsupported = await ws.page(other)
  t.equal(unsupported.statusCode, 200)
  t.notMatch(unsupported.body, /<section class="decision supported"/)
  t.match(unsupported.body, /id="override" name="override" value="1"/)
  const refused = await ws.app.inject({ method: 'POST', url: `${other}/review`, headers: form(cw), payload: encode({ decision: 'confirm', note: 'looks right' }) })
  t.equal(refused.statusCode, 409)
  t.match(refused.body, /override/)
  const noReason = await ws.app.inject({ method: 'POST', url: `${other}/review`, headers: form(cw), payload: encode({ decision: 'confirm', note: 'x', override: '1' }) })
  t.equal(noReason.statusCode, 400)
  t.match(noReason.body, /an override needs a reason/)
  const overridden = await ws.app.inject({ method: 'POST', url: `${other}/review`, headers: form(cw), payload: encode({ decision: 'confirm', note: 'x', override: '1', overrideReason: 'Non-DNA identification: dental records' }) })
  t.equal(overridden.statusCode, 303, overridden.body.slice(0, 400))
  t.match((await ws.page(other)).body, /<td class="prewrap">Non-DNA identification: dental records<\/td>/, 'the override reason in the history')

  const lab = ws.authHeaders('lab')
  t.equal((await ws.page(url, { headers: lab })).statusCode, 403, 'a lab cannot open the pair page')
  t.equal((await ws.app.inject({ method: 'POST', url: `${url}/review`, headers: form(lab), payload: encode({ decision: 'reject', note: 'x' }) })).statusCode, 403)
  t.equal((await ws.page(`/cases/${a.caseId}/persons/NO-SUCH`)).statusCode, 404)
})
