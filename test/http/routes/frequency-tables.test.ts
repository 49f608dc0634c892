import { readdirSync, readFileSync } from 'node:fs'
import t from 'tap'
import { FREQUENCY_SUM_TOLERANCE, locusFrequencyProblem } from '../../../src/core/markers/frequency-check.ts'
import { openDatabase } from '../../../src/storage/database.ts'
import { createFrequencyTableRepository } from '../../../src/storage/frequency-table-repository.ts'
import { buildTestApp } from '../../helpers/build-test-app.ts'

/** A two-locus table whose TH01 has the given frequencies (alleles 6, 7, 9.3). */
const table = (th01: number[], id = 'lab-pop') => ({
  id,
  population: 'a lab population',
  source: 'test',
  loci: { FGA: { alleles: ['20', '21'], frequencies: [0.45, 0.55] }, TH01: { alleles: ['6', '7', '9.3'].slice(0, th01.length), frequencies: th01 } }
})

t.test('POST /frequency-tables refuses a locus whose frequencies sum far from 1 or are not in (0, 1], naming the locus and the sum', async (t) => {
  const { app, authHeaders } = await buildTestApp(t)
  const post = async (body: object) => await app.inject({ method: 'POST', url: '/frequency-tables', headers: authHeaders('admin'), payload: body })
  const cases: Array<[string, number[], RegExp]> = [
    ['sums to 2', [0.5, 0.7, 0.8], /locus TH01: frequencies sum to 2, outside 1 ± 0\.05/],
    ['sums to 0.5', [0.2, 0.2, 0.1], /locus TH01: frequencies sum to 0\.5,/],
    ['sums to 0', [0, 0, 0], /locus TH01: allele 6 has frequency 0; each must be in \(0, 1\]/],
    ['a zero frequency', [0.5, 0, 0.5], /locus TH01: allele 7 has frequency 0/]
  ]
  for (const [what, frequencies, message] of cases) {
    const r = await post(table(frequencies))
    t.equal(r.statusCode, 422, `${what}: 422 (${r.body.slice(0, 200)})`)
    t.match(r.json(), { code: 'INVALID_FREQUENCIES', message, details: { locus: 'TH01' } }, what)
  }
  const list = async () => (await app.inject({ method: 'GET', url: '/frequency-tables', headers: authHeaders('admin') })).json().tables as Array<{ id: string }>
  t.notOk((await list()).some((x) => x.id === 'lab-pop'), 'nothing was stored')
  t.equal((await post(table([0.3, 0.3, 0.399]))).statusCode, 201, 'control: a table rounded to three decimals (sum 0.999) is stored')
  t.equal((await post(table([0.3, 0.3, 0.44], 'lab-pop-2'))).statusCode, 201, `within the tolerance (sum 1.04, ± ${FREQUENCY_SUM_TOLERANCE}) is stored`)
})

t.test('the repository refuses such a table whatever the path (imports and the bundled tables go through it too)', async (t) => {
  const db = openDatabase(':memory:')
  t.teardown(() => db.close())
  const repo = createFrequencyTableRepository(db)
  t.throws(() => repo.add(table([0.5, 0.7, 0.8])), /frequency table lab-pop, locus TH01: frequencies sum to 2/)
  t.throws(() => repo.add({ ...table([0.5, 0.5]), loci: { TH01: { alleles: ['6', '7'], frequencies: [0.5] } } }), /locus TH01: 2 alleles but 1 frequencies/)
  t.equal(repo.list().length, 0)
})

t.test('every bundled frequency table passes the check', async (t) => {
  const dir = new URL('../../../fixtures/frequencies/', import.meta.url)
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'))
  t.ok(files.length >= 20, `control: ${files.length} bundled tables`)
  for (const f of files) {
    const raw = JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as { loci: Array<{ name: string, alleles: string[], frequencies: number[] }> }
    const problems = raw.loci.map((l) => [l.name, locusFrequencyProblem(l.alleles, l.frequencies)]).filter(([, p]) => p !== undefined)
    t.same(problems, [], f)
  }
})
