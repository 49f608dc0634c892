import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { buildTestApp } from '../helpers/build-test-app.ts'
import { caseBody, personBody, plantFamilies } from '../helpers/planted-families.ts'

const families = plantFamilies(577).slice(0, 3)

t.test('reruns page: planned through the API the form calls, progress, and the diff of the ranked lists', async (t) => {
  // Floor 0: every same-sex pair is scored and listed, so a rerun has pairs whose LR moves.
  const { app, authHeaders } = await buildTestApp(t, { env: { HOMEWARD_CANDIDATE_LR: '0' } })
  for (const f of families) {
    await app.inject({ method: 'POST', url: '/cases', headers: authHeaders('lab'), payload: caseBody(f) })
    await app.inject({ method: 'POST', url: '/persons', headers: authHeaders('lab'), payload: personBody(f.personId, f.mpSex, f.child) })
  }
  const admin = authHeaders('admin')
  const empty = await app.inject({ method: 'GET', url: '/admin/reruns?lang=en', headers: admin })
  t.equal(empty.statusCode, 200)
  t.match(empty.body, /No reruns yet\./)
  t.match(empty.body, /id="plan-rerun" data-api="\/reruns"/)
  t.match(empty.body, /<a href="\/admin\/reruns" id="refresh">Refresh<\/a>/, 'without script: a refresh link')

  const f = families[0]
  const before = (await app.inject({ method: 'GET', url: `/cases/${f.caseId}/candidates`, headers: authHeaders('caseworker') })).json()
  const beforeLr = (before.candidates as Array<{ personId: string, log10Lr: number }>).find((c) => c.personId === f.personId)?.log10Lr ?? NaN
  t.ok(Number.isFinite(beforeLr))

  // a new version of the default table (every allele equally frequent) changes every LR
  const table = app.services.tables.require('nist1036_asian')
  const loci = Object.fromEntries(Object.entries(table.loci).map(([l, v]) => [l, { alleles: v.alleles, frequencies: v.alleles.map(() => 1 / v.alleles.length) }]))
  t.equal((await app.inject({ method: 'POST', url: '/frequency-tables', headers: admin, payload: { id: 'nist1036_asian', population: table.population, source: 'uniform test version', loci } })).statusCode, 201)
  // what the plan form sends: its scope radio and reason
  const planned = await app.inject({ method: 'POST', url: '/reruns', headers: admin, payload: { scope: 'changed', reason: 'new <table> version' } })
  t.equal(planned.statusCode, 202)
  const id = planned.json().id as number
  t.ok(planned.json().total > 0)
  let progress = planned.json()
  for (let i = 0; i < 500 && progress.status !== 'done'; i++) {
    await sleep(20)
    progress = (await app.inject({ method: 'GET', url: `/reruns/${id}`, headers: admin })).json()
  }
  t.equal(progress.status, 'done')

  const en = await app.inject({ method: 'GET', url: '/admin/reruns?lang=en&done=planned', headers: admin })
  t.match(en.body, /The rerun was planned and started\./)
  const row = new RegExp(`<tr data-rerun="${id}" data-status="done">[\\s\\S]*?</tr>`).exec(en.body)?.[0] ?? ''
  t.match(row, `<progress id="progress-${id}" max="${progress.total as number}" value="${progress.total as number}" aria-label="Progress ${id}" aria-valuetext="${progress.total as number} of ${progress.total as number} pairs (100%)"></progress>`)
  t.match(row, /<span class="pill ok">done<\/span>/)
  t.match(row, /new &lt;table&gt; version/, 'the reason, escaped')
  t.match(row, `<a href="/admin/reruns/${id}"`)
  t.notMatch(row, /\/cancel/, 'a finished rerun cannot be cancelled')
  t.match(en.body, /data-templates="\{&quot;progress&quot;:&quot;\{done\} of \{total\} pairs/, 'the script formats progress with the page\'s words')
  const zh = await app.inject({ method: 'GET', url: '/admin/reruns?lang=zh-CN', headers: admin })
  t.match(zh.body, /<span class="pill ok">已完成<\/span>/)
  t.match(zh.body, /安排重算/)

  const after = (await app.inject({ method: 'GET', url: `/cases/${f.caseId}/candidates`, headers: authHeaders('caseworker') })).json()
  const afterLr = (after.candidates as Array<{ personId: string, log10Lr: number }>).find((c) => c.personId === f.personId)?.log10Lr ?? NaN
  t.not(afterLr, beforeLr, 'the rerun changed the LR')
  // a floor between the two values: the pair enters or leaves the case's list
  const min = Math.round(((beforeLr + afterLr) / 2) * 1000) / 1000
  const api = (await app.inject({ method: 'GET', url: `/reruns/${id}/diff?minLog10Lr=${min}&top=10`, headers: admin })).json()
  const change = (api.cases as Array<{ id: string, added: Array<{ id: string, rank: number, log10Lr: number }>, dropped: Array<{ id: string, previousLog10Lr: number }> }>).find((c) => c.id === f.caseId)
  t.ok(change !== undefined, 'the API lists the change')
  const diff = await app.inject({ method: 'GET', url: `/admin/reruns/${id}?lang=en&minLog10Lr=${min}&top=10`, headers: admin })
  t.equal(diff.statusCode, 200)
  t.match(diff.body, new RegExp(`<title>Rerun ${id}: changes in the ranked lists`))
  t.match(diff.body, `<h2 id="cases-h">Case candidate lists (${api.cases.length as number})</h2>`)
  const kind = afterLr > beforeLr ? 'new' : 'dropped'
  const value = (afterLr > beforeLr ? afterLr : beforeLr).toFixed(2)
  t.match(diff.body, new RegExp(`<th scope="rowgroup" rowspan="\\d+">${f.caseId}</th><td><span class="pill [a-z]+">${kind}</span></td><td>${f.personId}</td>[\\s\\S]*?<td class="num">${value}</td>`))
  t.match(diff.body, `value="${min}"`, 'the form keeps the floor')
  const zhDiff = await app.inject({ method: 'GET', url: `/admin/reruns/${id}?lang=zh-CN`, headers: admin })
  t.match(zhDiff.body, /家系案件的候选列表/)
  t.equal((await app.inject({ method: 'GET', url: '/admin/reruns/999?lang=en', headers: admin })).statusCode, 404)
  t.equal((await app.inject({ method: 'GET', url: '/admin/reruns/%3Cx%3E?lang=en', headers: admin })).statusCode, 404)
  t.equal((await app.inject({ method: 'GET', url: `/admin/reruns/${id}`, headers: authHeaders('caseworker') })).statusCode, 403)
})
