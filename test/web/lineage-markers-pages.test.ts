// Issue 14: the stored Y haplotype and mitotype on the person page and the case page (with the line each
// reference is on and its meioses to the missing person), in both languages, only for the role that may
// read the profile; and the upload page saying which markers a commit added to stored records.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import t from 'tap'
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts'
import { MT_MOTHER, Y_FATHER } from '../helpers/lineage-samples.ts'
import { createRng, KIT_LOCI, TABLE, wireProfile } from '../helpers/planted-families.ts'
import { randomProfile } from '../helpers/simulate-family.ts'

const rng = createRng(1416)
const profile = (): Record<string, string[]> => wireProfile(randomProfile(rng, TABLE, KIT_LOCI))
const page = async (h: TestApp, url: string, lang: 'en' | 'zh-CN', role: 'caseworker' | 'lab' | 'admin' | 'auditor' = 'caseworker') =>
  await h.app.inject({ method: 'GET', url: `${url}?lang=${lang}`, headers: { accept: 'text/html', ...h.authHeaders(role) } })
/** The upload form as a browser posts it (multipart): its text fields and the file. */
function uploadForm (file: { name: string, content: Buffer }, fields: Record<string, string>): { payload: Buffer, headers: Record<string, string> } {
  const boundary = '----lineage-upload-test'
  const parts: Buffer[] = Object.entries(fields).map(([name, value]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`))
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/plain\r\n\r\n`), file.content, Buffer.from(`\r\n--${boundary}--\r\n`))
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}
const section = (body: string): string => (body.split('<section aria-labelledby="lineage-h" id="lineage-markers">')[1] ?? '').split('</section>')[0]

t.test('the person page shows the Y haplotype by kit and the mitotype in EMPOP notation', async (t) => {
  const h = await buildTestApp(t)
  const lab = h.authHeaders('lab')
  t.equal((await h.app.inject({ method: 'POST', url: '/persons', headers: lab, payload: { id: 'U-LIN-1', sex: 'male', profile: profile(), yStr: Y_FATHER, mtDna: MT_MOTHER } })).statusCode, 201)
  t.equal((await h.app.inject({ method: 'POST', url: '/persons', headers: lab, payload: { id: 'U-PLAIN', sex: 'male', profile: profile() } })).statusCode, 201)

  const en = await page(h, '/persons/U-LIN-1', 'en')
  t.equal(en.statusCode, 200)
  const s = section(en.body)
  t.match(s, /<h2 id="lineage-h">Lineage markers<\/h2>/)
  t.match(s, /<p class="muted y-kit">Yfiler: 16 of 16 loci typed<\/p>/, 'the kit recognised')
  t.match(s, '<tr><th scope="row">DYS385</th><td>13,19</td></tr>', 'the multi-copy locus as 13,19')
  t.match(s, '<tr><th scope="row">Y-GATA-H4</th><td>12</td></tr>', 'the canonical locus name')
  t.equal((s.match(/<tr><th scope="row">/g) ?? []).length, 16, 'one row per locus')
  t.ok(s.indexOf('>DYS456<') < s.indexOf('>DYS448<'), 'in the kit\'s order: DYS456 first, DYS448 last')
  t.match(s, /<dt>Sequenced range<\/dt><dd>1-576 16024-16569<\/dd>/)
  t.match(s, '<code>73G 263G 315.1C 489C 16223T 16362C</code>', 'the variants by position, EMPOP notation')

  const zh = section((await page(h, '/persons/U-LIN-1', 'zh-CN')).body)
  t.match(zh, /<h2 id="lineage-h">单倍型（Y-STR 与线粒体）<\/h2>/)
  t.match(zh, /Yfiler：已检测 16\/16 个基因座/)
  t.match(zh, /<dt>测序范围<\/dt><dd>1-576 16024-16569<\/dd>/)
  t.match(zh, '<td>13,19</td>')

  t.match(section((await page(h, '/persons/U-PLAIN', 'en')).body), /No Y-STR haplotype or mtDNA profile stored\./)
  for (const role of ['lab', 'admin', 'auditor'] as const) {
    const other = await page(h, '/persons/U-LIN-1', 'en', role)
    t.equal(other.statusCode, 403, `${role} may not read the profile`)
    t.notMatch(other.body, /DYS385|16223T/, `${role} sees no marker`)
  }
})

t.test('the case page: each reference\'s markers and the line it is on, with meioses', async (t) => {
  const h = await buildTestApp(t)
  const lab = h.authHeaders('lab')
  const { DYS19: _d, ...yPart } = Y_FATHER
  const res = await h.app.inject({
    method: 'POST',
    url: '/cases',
    headers: lab,
    payload: {
      id: 'CASE-LIN-P',
      missingPerson: { sex: 'male' },
      relatives: [
        { id: 'brother', relation: 'full-sibling', sex: 'male', profile: profile(), yStr: { ...yPart, DYS643: ['10'] }, mtDna: MT_MOTHER },
        { id: 'father', relation: 'father', profile: profile(), yStr: Y_FATHER, mtDna: { range: '16024-16365', variants: '16129A' } },
        { id: 'mother', relation: 'mother', profile: profile(), mtDna: MT_MOTHER },
        { id: 'sister', relation: 'full-sibling', sex: 'female', profile: profile() }
      ]
    }
  })
  t.equal(res.statusCode, 201, res.body)

  const en = await page(h, '/cases/CASE-LIN-P', 'en')
  t.equal(en.statusCode, 200)
  const s = section(en.body)
  const ref = (id: string): string => (s.split(`data-reference="${id}"`)[1] ?? '').split('</article>')[0]
  t.match(ref('brother'), /<p class="lineage-line">paternal line \(Y-STR\) of MP, meioses between them: 2; maternal line \(mtDNA\) of MP, meioses between them: 2<\/p>/, 'a brother on both lines')
  t.match(ref('brother'), /PowerPlex Y23: 16 of 22 loci typed/, 'Yfiler loci bar DYS19, with DYS643: only PowerPlex Y23 holds them')
  t.match(ref('brother'), '<code>73G 263G 315.1C 489C 16223T 16362C</code>')
  t.match(ref('mother'), /<p class="lineage-line">maternal line \(mtDNA\) of MP, meioses between them: 1<\/p>/)
  t.match(ref('father'), /<p class="lineage-line">paternal line \(Y-STR\) of MP, meioses between them: 1<\/p>/, 'the father is on the paternal line only')
  t.match(ref('father'), '<dd>16024-16365</dd>')
  t.match(ref('father'), '<td>13,19</td>')
  t.notMatch(s, /data-reference="sister"/, 'a reference without lineage markers is not listed')

  const zh = section((await page(h, '/cases/CASE-LIN-P', 'zh-CN')).body)
  t.match(zh, /MP 的父系（Y-STR），相隔减数分裂次数：2/)
  t.match(zh, /MP 的母系（线粒体），相隔减数分裂次数：1/)
  t.match(zh, /PowerPlex Y23：已检测 16\/22 个基因座/)

  for (const role of ['lab', 'admin', 'auditor'] as const) {
    const other = await page(h, '/cases/CASE-LIN-P', 'en', role)
    t.equal(other.statusCode, 403, `${role} may not read the references`)
    t.notMatch(other.body, /DYS385|16223T/, `${role} sees no marker`)
  }
})

t.test('a female missing person: a reference on her father\'s Y line is on neither of her lines', async (t) => {
  const h = await buildTestApp(t)
  const res = await h.app.inject({
    method: 'POST',
    url: '/cases',
    headers: h.authHeaders('lab'),
    payload: { id: 'CASE-LIN-F', missingPerson: { sex: 'female' }, relatives: [{ id: 'father', relation: 'father', profile: profile(), yStr: Y_FATHER }] }
  })
  t.equal(res.statusCode, 201, res.body)
  const s = section((await page(h, '/cases/CASE-LIN-F', 'en')).body)
  t.match(s, /<p class="lineage-line">on neither line of MP: its lineage markers are not evidence for this pair<\/p>/)
})

t.test('the upload page names the lineage markers a commit added to a stored person', async (t) => {
  const h = await buildTestApp(t)
  t.equal((await h.app.inject({ method: 'POST', url: '/persons', headers: h.authHeaders('lab'), payload: { id: 'UHR-Y-0001', sex: 'male', profile: profile() } })).statusCode, 201)
  const file = { name: 'yfiler.txt', content: readFileSync(new URL('../../fixtures/imports/lineage/yfiler-genemapper-idx.txt', import.meta.url)) }
  const commit = async (lang: string) => {
    const { payload, headers } = uploadForm(file, { assign: 'file', defaultSide: 'on', mode: 'accepted-only', action: 'commit', previewHash: createHash('sha256').update(file.content).digest('hex') })
    return await h.app.inject({ method: 'POST', url: `/upload?lang=${lang}`, payload, headers: { ...headers, accept: 'text/html', ...h.authHeaders('lab') } })
  }
  const en = await commit('en')
  t.equal(en.statusCode, 201, en.body.slice(0, 400))
  t.match(en.body, /<h2 id="commit-h" class="ok">Committed: import \d+<\/h2>/, 'a file of lineage markers alone is not "nothing new"')
  t.match(en.body, '<h3>Lineage markers added to stored records (1)</h3><ul class="plain"><li>UHR-Y-0001 → UHR-Y-0001: Y-STR haplotype</li></ul>')
  t.notMatch(en.body.split('id="commit-result"')[1] ?? '', /13,19/, 'the commit answer names the systems, not the alleles')
  t.ok(h.app.services.persons.get('UHR-Y-0001')?.yStr, 'stored')
})
