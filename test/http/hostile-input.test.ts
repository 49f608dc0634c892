import type { InjectOptions } from 'fastify'
import t from 'tap'
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts'
import { multipartBody } from '../helpers/fuzz-inputs.ts'

/**
 * Named hostile inputs from issue 6: absurd sizes, deep and cyclic pedigrees, XML attacks, wrong
 * encodings, malformed bodies. Each must get a 4xx with a message that says what was wrong.
 */

const json = (h: TestApp, role: 'caseworker' | 'lab' = 'caseworker'): Record<string, string> => ({ ...h.authHeaders(role), 'content-type': 'application/json' })
const profile = { TH01: ['6', '9.3'], FGA: ['20', '21'], D3S1358: ['15', '16'] }

async function expect4xx (t: Asserts, h: TestApp, name: string, req: InjectOptions, status?: number, message?: RegExp): Promise<void> {
  const r = await h.app.inject(req)
  const body = r.body.length < 100_000 ? r.body : r.body.slice(0, 300)
  if (status === undefined) t.ok(r.statusCode >= 400 && r.statusCode < 500, `${name}: 4xx (got ${r.statusCode} ${body.slice(0, 200)})`)
  else t.equal(r.statusCode, status, `${name}: ${status} (${body.slice(0, 200)})`)
  if (r.statusCode >= 400 && r.statusCode < 500) {
    const msg = (JSON.parse(r.body) as { message?: string }).message ?? ''
    t.ok(msg.length > 5, `${name}: says why: ${msg.slice(0, 120)}`)
    if (message !== undefined) t.match(msg, message, `${name}: message`)
  }
}
/** The assertions used here (a subtest has them all). */
type Asserts = Pick<typeof t, 'ok' | 'equal' | 'match'>

t.test('absurd JSON bodies', async (t) => {
  const h = await buildTestApp(t)
  const loci = (n: number): Record<string, string[]> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`L${i}`, ['12', '13']]))
  const person = (p: unknown): string => JSON.stringify({ id: 'HOSTILE-1', sex: 'male', profile: p })
  await expect4xx(t, h, '10^6 loci', { method: 'POST', url: '/persons', headers: json(h), payload: person(loci(1e6)) }, 413, /too large/i)
  await expect4xx(t, h, '10^4 loci', { method: 'POST', url: '/persons', headers: json(h), payload: person(loci(1e4)) }, 400, /loci/)
  await expect4xx(t, h, '10^4 alleles', { method: 'POST', url: '/persons', headers: json(h), payload: person({ TH01: Array.from({ length: 1e4 }, (_, i) => String(5 + (i % 10))) }) }, 400, /TH01/)
  await expect4xx(t, h, '10^5-deep nesting', { method: 'POST', url: '/persons', headers: json(h), payload: `{"id":"H","sex":"male","profile":${'['.repeat(1e5)}${']'.repeat(1e5)}}` }, 400)
  await expect4xx(t, h, 'malformed JSON', { method: 'POST', url: '/persons', headers: json(h), payload: '{"id": "H", "sex": "male", "profile": {"TH01": ["6", "9.3"]' }, 400, /JSON/)
  await expect4xx(t, h, 'UTF-16 JSON', { method: 'POST', url: '/persons', headers: json(h), payload: Buffer.from('\uFEFF' + person(profile), 'utf16le') }, 400, /UTF-8/)
  await expect4xx(t, h, 'Latin-1 bytes', { method: 'POST', url: '/persons', headers: json(h), payload: Buffer.from('{"id":"Jos\xe9","sex":"male","profile":{"TH01":["6","7"]}}', 'latin1') }, 400, /UTF-8/)
  await expect4xx(t, h, 'declared latin1', { method: 'POST', url: '/persons', headers: { ...json(h), 'content-type': 'application/json; charset=latin1' }, payload: person(profile) }, 415, /latin1/)
  await expect4xx(t, h, 'XML body', { method: 'POST', url: '/persons', headers: { ...h.authHeaders('caseworker'), 'content-type': 'application/xml' }, payload: '<person/>' }, 415)
  await expect4xx(t, h, 'prototype pollution', { method: 'POST', url: '/persons', headers: json(h), payload: '{"__proto__":{"polluted":1},"id":"H","sex":"male","profile":{}}' }, 400)
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype untouched')
  await expect4xx(t, h, 'number where a string goes', { method: 'POST', url: '/persons', headers: json(h), payload: person({ TH01: [6, 1e308] }) }, 400)
})

t.test('deep, wide and cyclic pedigrees', async (t) => {
  const h = await buildTestApp(t)
  const post = (id: string, persons: unknown[], missingPerson: string, genotypes: unknown) => ({ method: 'POST' as const, url: '/cases', headers: json(h), payload: { id, missingPerson, persons, genotypes } })
  const founders = (ids: string[], sex: 'male' | 'female') => ids.map((id) => ({ id, sex }))
  await expect4xx(t, h, 'cycle', post('CYCLE', [
    ...founders(['F1', 'F2'], 'female'),
    { id: 'A', sex: 'male', father: 'B', mother: 'F1' },
    { id: 'B', sex: 'male', father: 'A', mother: 'F2' },
    { id: 'MP', sex: 'male', father: 'A', mother: 'F1' }
  ], 'MP', { B: profile }), 422, /cycle|ancestor|own/i)
  await expect4xx(t, h, 'own parent', post('SELF', [
    { id: 'F1', sex: 'female' },
    { id: 'A', sex: 'male', father: 'A', mother: 'F1' },
    { id: 'MP', sex: 'male', father: 'A', mother: 'F1' }
  ], 'MP', { A: profile }), 422)
  await expect4xx(t, h, 'unknown parent', post('GHOST', [{ id: 'F1', sex: 'female' }, { id: 'MP', sex: 'male', father: 'NOBODY', mother: 'F1' }], 'MP', { F1: profile }), 422, /NOBODY/)
  await expect4xx(t, h, 'mother is male', post('SEX', [{ id: 'F', sex: 'male' }, { id: 'M', sex: 'male' }, { id: 'MP', sex: 'male', father: 'F', mother: 'M' }], 'MP', { F: profile }), 422)
  const wide = Array.from({ length: 5000 }, (_, i) => ({ id: `W${i}`, sex: 'male' }))
  await expect4xx(t, h, '5000 persons', post('WIDE', [...wide, { id: 'MP', sex: 'male' }], 'MP', { W0: profile }), 400)
  // 99 generations (the most the person limit allows): accepted and computed, or refused, never a 5xx
  const chain: Array<Record<string, string>> = [{ id: 'G0', sex: 'male' }]
  for (let i = 1; i < 99; i++) chain.push({ id: `M${i}`, sex: 'female' }, { id: `G${i}`, sex: 'male', father: `G${i - 1}`, mother: `M${i}` })
  const deep = await h.app.inject(post('DEEP', chain, 'G98', { G0: profile }))
  t.ok(deep.statusCode < 500, `99 generations: ${deep.statusCode}`)
})

t.test('hostile files', async (t) => {
  const h = await buildTestApp(t)
  const upload = (name: string, bytes: Buffer | string, options: unknown = { dryRun: true }) => {
    const m = multipartBody({ name, bytes: Buffer.from(bytes) }, JSON.stringify(options))
    return { method: 'POST' as const, url: '/imports', headers: { ...h.authHeaders('lab'), 'content-type': m.contentType }, payload: m.body }
  }
  await expect4xx(t, h, 'external entity', upload('xxe.xml', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><CODISImportFile><SPECIMEN><SPECIMENID>&xxe;</SPECIMENID></SPECIMEN></CODISImportFile>'), 422, /DOCTYPE/)
  await expect4xx(t, h, 'billion laughs', upload('bomb.xml', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><CODISImportFile>&c;</CODISImportFile>'), 422, /DOCTYPE|ENTITY/)
  // an entity reference with no declaration cannot be expanded: refused, or kept as literal text
  const undeclared = await h.app.inject(upload('undeclared.xml', '<?xml version="1.0"?><CODISImportFile><SPECIMEN><SPECIMENID>&xxe;</SPECIMENID><LOCUS><LOCUSNAME>TH01</LOCUSNAME><ALLELE>6</ALLELE></LOCUS></SPECIMEN></CODISImportFile>'))
  t.ok(undeclared.statusCode < 500, `undeclared entity: ${undeclared.statusCode}`)
  t.notMatch(undeclared.body, /root:/, 'nothing was read from the disk')
  await expect4xx(t, h, 'nesting 20000 deep', upload('deep.xml', '<?xml version="1.0"?>' + '<a>'.repeat(20000) + '</a>'.repeat(20000)))
  const charref = await h.app.inject(upload('charref.xml', '<?xml version="1.0"?><CODISImportFile><SPECIMEN><SPECIMENID>&#x110000;&#99999999999;</SPECIMENID></SPECIMEN></CODISImportFile>'))
  t.ok(charref.statusCode < 500, `character references beyond Unicode: ${charref.statusCode}`)
  await expect4xx(t, h, 'file over the size limit', upload('big.txt', Buffer.alloc(51 * 1024 * 1024, 65)), 413)
  await expect4xx(t, h, 'random bytes', upload('noise.bin', Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 256))), 422)
  await expect4xx(t, h, 'empty file', upload('empty.txt', ''), 422)
  const wideCell = 'Sample Name\tTH01\tFGA\nS1\t' + Array.from({ length: 1e4 }, (_, i) => String(5 + (i % 10))).join(', ') + '\t20, 21\n'
  await expect4xx(t, h, '10^4 alleles in one cell, committed', upload('alleles.txt', wideCell, { dryRun: false, defaultSide: 'unidentified' }), 422)
  const manyLoci = ['Sample Name\tMarker\tAllele 1\tAllele 2', ...Array.from({ length: 1e5 }, (_, i) => `S${i % 10}\tL${i}\t12\t13`)].join('\n')
  await expect4xx(t, h, '10^5 invented loci, committed', upload('loci.txt', manyLoci, { dryRun: false, defaultSide: 'unidentified' }), 422)
  t.equal((h.db.prepare('SELECT count(*) AS n FROM unidentified_persons').get() as { n: number }).n, 0, 'nothing was stored')
})
