// Seeded fuzz over the attacks of issue 15: hostile import files (inflated counts, attribute floods, long rows,
// unterminated quotes, column floods), catastrophic naming rules, invented alleles, look-alike and invisible
// ids, prototype names, duplicate JSON keys, reviews without the rules' reasons, writes over another lab's
// records, reports of non-ASCII ids. Every answer is a 2xx/3xx/4xx with a message, never a 5xx; each request
// returns in bounded time; afterwards the service is up, the database and the audit chain intact, a restart
// works and a true child is still found. A failure names the seed and the input's index.
import { readFileSync } from 'node:fs'
import type { InjectOptions } from 'fastify'
import t from 'tap'
import { createAuditRepository } from '../../src/storage/audit-repository.ts'
import { addAccount } from '../helpers/accounts.ts'
import { multipartBody, seededRng, type Rng } from '../helpers/fuzz-inputs.ts'
import { caseBody, personBody, plantFamilies, wireProfile } from '../helpers/planted-families.ts'
import { candidatesOf, serviceFile } from '../helpers/service-restart.ts'

const SEED = 20261201
const N = 360
/** Generous for a loaded 2-core CI machine; a backtracking rule or an unbounded parse takes seconds to minutes. */
const MAX_MS = 5000

const FAM = readFileSync(new URL('../../fixtures/formats/familias/KLINK/halfsib.fam', import.meta.url), 'latin1')
const CSV = readFileSync(new URL('../../fixtures/formats/codis-database-csv/smartrank/database_codis_generated_10.csv', import.meta.url), 'utf8')

const REDOS = ['((a+))+$', '(a|a)+$', '(?:a|a)*$', '(a*)*b', '(.*a){25}', '^(([a-z])+.)+[A-Z]([a-z])+$', '(a+)+(?<case>b)', '(\\w+\\s?)*$', '((a|aa)+)+c']
const INVISIBLE = ['\u200b', '\u200d', '\u202e', '\u2066', '\ufeff', '\u0000', '\u0007', '\u001b[2J', '\u00ad', '\ue000']
const LOOKALIKE = ['CАSE', 'Е-17', 'UHR-ο1', 'Cafe\u0301', '  padded ', 'x\ty', 'a  b']
const PROTO = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'prototype']
const ALLELES = ['999.123', '1e5', '٣', '12.0000001', '-1', 'NaN', 'Infinity', '0x1F', '12 ', '', 'OL', '9.3.1', '1'.repeat(400), '13.4', '87.9', '\u0000', '<script>']

/** Numbers in a real .fam file inflated to absurd counts (the 725-byte file that took 4 GB). */
function inflatedFam (rng: Rng): Buffer {
  return Buffer.from(FAM.replace(/^\d+$/gm, (n) => (rng.chance(0.4) ? String(10 ** (5 + rng.int(5))) : n)), 'latin1')
}

function cmfFlood (rng: Rng): Buffer {
  const attrs = Array.from({ length: 20_000 + rng.int(80_000) }, (_, i) => ` a${i}="1"`).join('')
  return Buffer.from(`<?xml version="1.0"?><CODISImportFile><SPECIMEN${attrs} CATEGORY="Missing"><SPECIMENID>X</SPECIMENID></SPECIMEN></CODISImportFile>`)
}

function csvAttack (rng: Rng): Buffer {
  const k = rng.int(4)
  const header = CSV.split('\n')[0]
  if (k === 0) return Buffer.from(`${header}\nA,${'9,'.repeat(1_000_000 + rng.int(1_000_000))}\n`) // a multi-megabyte row
  if (k === 1) return Buffer.from(`${header}\n"unterminated,${'x'.repeat(200_000)}\n`)
  if (k === 2) return Buffer.from(`${Array.from({ length: 50_000 + rng.int(100_000) }, (_, i) => `c${i}`).join(',')}\n`)
  return Buffer.from(CSV.replace(/\n([^,\n]+),/g, () => `\n${rng.pick(PROTO)}${rng.chance(0.5) ? rng.pick(INVISIBLE) : ''},`))
}

function hostileId (rng: Rng): string {
  const base = rng.pick(['U', 'CASE', '粤A-2024-', 'UHR-张-'])
  const k = rng.int(4)
  if (k === 0) return `${base}${rng.pick(INVISIBLE)}${rng.int(99)}`
  if (k === 1) return rng.pick(LOOKALIKE)
  if (k === 2) return rng.pick(PROTO)
  return `${base}${rng.int(9999)}`
}

t.test('attack fuzz: no 5xx, bounded time, the service and its data intact, a restart works', async (t) => {
  const file = serviceFile()
  t.teardown(() => { file.remove() })
  let service = await file.start()
  const { app, db } = service
  const lab = file.headers('lab')
  const cw = file.headers('caseworker')
  const otherLab = addAccount(db, 'lab', 'fuzz-lab-2').headers
  const cw2 = addAccount(db, 'caseworker', 'fuzz-cw-2').headers

  // One true family, stored first: it must survive everything below.
  // The fuzz's own uploads carry a third family's child, so none of them is a copy of the duo's child.
  const [trio, duo, other] = plantFamilies(20261201)
  t.equal((await app.inject({ method: 'POST', url: '/cases', headers: lab, payload: caseBody(trio) })).statusCode, 201)
  t.equal((await app.inject({ method: 'POST', url: '/persons', headers: lab, payload: personBody(trio.personId, trio.mpSex, trio.child) })).statusCode, 201)

  const rng = seededRng(SEED)
  const failures: string[] = []
  const statuses = new Map<number, number>()
  let slowest = 0
  for (let i = 0; i < N; i++) {
    const k = rng.int(10)
    let what: string
    let request: InjectOptions
    if (k <= 2) {
      const attack = rng.int(3)
      const bytes = attack === 0 ? inflatedFam(rng) : attack === 1 ? cmfFlood(rng) : csvAttack(rng)
      const name = attack === 0 ? 'attack.fam' : attack === 1 ? 'attack.xml' : 'attack.csv'
      const options: Record<string, unknown> = { dryRun: rng.chance(0.7), defaultSide: 'unidentified' }
      if (rng.chance(0.3)) options.mapping = Object.fromEntries(PROTO.map((p) => [p, { side: 'unidentified' }]))
      const mp = multipartBody({ name, bytes }, JSON.stringify(options))
      what = `import ${name} (${bytes.length} bytes)`
      request = { method: 'POST', url: '/imports', headers: { ...lab, 'content-type': mp.contentType }, payload: mp.body }
    } else if (k === 3) {
      const ids = Array.from({ length: 3 }, () => `${'a'.repeat(28 + rng.int(20))}!`)
      const csv = `SampleName,Marker,Allele1,Allele2\r\n${ids.map((id) => `${id},D3S1358,15,16`).join('\r\n')}\r\n`
      const rule = rng.pick(REDOS)
      const mp = multipartBody({ name: 'rule.csv', bytes: Buffer.from(csv) }, JSON.stringify({ dryRun: true, rule }))
      what = `naming rule ${rule}`
      request = { method: 'POST', url: '/imports', headers: { ...lab, 'content-type': mp.contentType }, payload: mp.body }
    } else if (k === 4) {
      const profile = wireProfile(other.child)
      const locus = rng.pick(Object.keys(profile))
      profile[locus] = [rng.pick(ALLELES), rng.chance(0.5) ? rng.pick(ALLELES) : profile[locus][1]]
      const id = `ALLELE-${i}`
      what = `invented allele ${JSON.stringify(profile[locus])}`
      request = { method: rng.chance(0.5) ? 'POST' : 'PUT', url: rng.chance(0.5) ? '/persons' : `/persons/${id}`, headers: lab, payload: { id, sex: other.mpSex, profile } }
    } else if (k === 5) {
      const id = hostileId(rng)
      what = `hostile id ${JSON.stringify(id)}`
      request = rng.chance(0.5)
        ? { method: 'POST', url: '/persons', headers: lab, payload: { ...personBody(id, other.mpSex, other.child) } }
        : { method: 'GET', url: `/cases/${encodeURIComponent(trio.caseId)}/persons/${encodeURIComponent(id)}/report?format=${rng.pick(['pdf', 'html', 'json'])}`, headers: cw }
    } else if (k === 6) {
      const body = JSON.stringify(personBody(`DUP-${i}`, other.mpSex, other.child)).replace('{"id":', `{"sex":"${rng.pick(['male', 'female'])}","id":`)
      what = 'duplicate JSON key'
      request = { method: 'POST', url: '/persons', headers: { ...lab, 'content-type': 'application/json' }, payload: body }
    } else if (k === 7) {
      const decision = rng.pick(['confirm', 'reject', 'reopen'])
      const payload: Record<string, unknown> = { decision, note: rng.chance(0.5) ? '' : 'checked' }
      if (rng.chance(0.3)) payload.override = rng.chance(0.5)
      what = `review ${decision}`
      request = { method: 'POST', url: `/cases/${trio.caseId}/persons/${rng.pick([trio.personId, 'U-x', other.personId])}/reviews`, headers: rng.chance(0.5) ? cw : cw2, payload }
    } else if (k === 8) {
      what = 'PUT over another lab\'s records'
      request = rng.chance(0.5)
        ? { method: 'PUT', url: `/persons/${trio.personId}`, headers: otherLab, payload: personBody(trio.personId, trio.mpSex, other.child) }
        : { method: 'PUT', url: `/cases/${trio.caseId}`, headers: otherLab, payload: caseBody({ ...other, caseId: trio.caseId }) }
    } else {
      what = 'report of a Chinese id'
      request = { method: 'GET', url: `/cases/${encodeURIComponent('粤A-' + i)}/persons/${encodeURIComponent('张-' + i)}/report?format=pdf`, headers: cw }
    }
    const started = performance.now()
    const res = await app.inject(request)
    const ms = performance.now() - started
    slowest = Math.max(slowest, ms)
    statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1)
    if (res.statusCode >= 500) failures.push(`#${i} ${what}: ${res.statusCode} ${res.body.slice(0, 160)}`)
    else if (res.statusCode >= 400 && !/"message":"[^"]+/.test(res.body)) failures.push(`#${i} ${what}: ${res.statusCode} without a message`)
    if (ms > MAX_MS) failures.push(`#${i} ${what}: ${Math.round(ms)} ms`)
  }
  t.comment(`statuses: ${[...statuses].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(' ')}; slowest ${Math.round(slowest)} ms`)
  t.same(failures.slice(0, 15), [], `seed ${SEED}: 5xx, answers without a message, or slow answers (${failures.length} in all)`)

  t.equal((await app.inject({ method: 'GET', url: '/health' })).statusCode, 200, 'the service is still up')
  t.equal(db.pragma('integrity_check', { simple: true }), 'ok', 'the database is intact')
  t.ok(createAuditRepository(db).verify().ok, 'the audit chain is intact')
  const before = await candidatesOf(app, cw, 'cases', trio.caseId)
  t.equal(before[0]?.personId, trio.personId, 'the true child is still rank 1, unchanged by the other lab')

  // A restart on the same file: it starts, and a new true pair is found from both sides.
  await service.stop()
  service = await file.start()
  t.teardown(async () => { await service.stop() })
  t.equal((await service.app.inject({ method: 'POST', url: '/cases', headers: lab, payload: caseBody(duo) })).statusCode, 201)
  t.equal((await service.app.inject({ method: 'POST', url: '/persons', headers: lab, payload: personBody(duo.personId, duo.mpSex, duo.child) })).statusCode, 201)
  const after = await candidatesOf(service.app, cw, 'cases', duo.caseId)
  t.equal(after[0]?.personId, duo.personId, 'after the restart a new child is found at rank 1')
  t.equal((await candidatesOf(service.app, cw, 'cases', trio.caseId))[0]?.personId, trio.personId, 'and the first one still is')
})
