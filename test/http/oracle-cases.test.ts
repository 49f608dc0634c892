// The whole service path against the published oracle values (forrel/pedprobr/Familias): each oracle case
// uploaded as it is (pedigree form), its own frequency table uploaded as a table, the missing person's
// genotype uploaded as an unidentified person; the candidate's LR must equal the oracle's total.
import { readdirSync, readFileSync } from 'node:fs'
import t from 'tap'
import { buildTestApp } from '../helpers/build-test-app.ts'

interface OracleCase {
  id: string
  options: { theta: number, mutation: { model: string }, unknownAlleleFrequency: number }
  persons: Array<{ id: string, sex: string }>
  missingPerson: string
  genotypes: Record<string, Record<string, string[]>>
  loci: Array<{ name: string, alleles: string[], frequencies: number[] }>
  expected: { total: number }
}

const dir = new URL('../../fixtures/oracle-cases/', import.meta.url)
const cases = readdirSync(dir).filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as OracleCase)
  // The service applies one mutation model to every case; the oracle cases without mutation share it.
  .filter((c) => c.options.mutation.model === 'none' && c.options.unknownAlleleFrequency === 0.001)

for (const theta of [...new Set(cases.map((c) => c.options.theta))]) {
  t.test(`oracle cases with θ = ${theta}, no mutation, through the HTTP API`, async (t) => {
    // Floor 0: every pair is listed, unrelated ones (LR far below 1) too, so each oracle LR can be read back.
    const { app, authHeaders } = await buildTestApp(t, { env: { HOMEWARD_MUTATION: 'none', HOMEWARD_THETA: String(theta), HOMEWARD_CANDIDATE_LR: '0' } })
    for (const c of cases.filter((c) => c.options.theta === theta)) {
      const table = { id: `oracle-${c.id}`.toLowerCase().replace(/[^a-z0-9_.-]/g, '-'), population: c.id, source: `fixtures/oracle-cases/${c.id}.json`, loci: Object.fromEntries(c.loci.map((l) => [l.name, { alleles: l.alleles, frequencies: l.frequencies }])) }
      const tab = await app.inject({ method: 'POST', url: '/frequency-tables', headers: authHeaders('admin'), payload: table })
      t.equal(tab.statusCode, 201, tab.body.slice(0, 200))
      const created = await app.inject({ method: 'POST', url: '/cases', headers: authHeaders('lab'), payload: { ...c, frequencyTable: table.id } })
      t.equal(created.statusCode, 201, created.body.slice(0, 300))
      const mp = c.persons.find((p) => p.id === c.missingPerson)!
      const person = await app.inject({ method: 'POST', url: '/persons', headers: authHeaders('lab'), payload: { id: `U-${c.id}`, sex: mp.sex, profile: c.genotypes[c.missingPerson] } })
      t.equal(person.statusCode, 201, person.body.slice(0, 300))
      const list = (await app.inject({ method: 'GET', url: `/cases/${c.id}/candidates?limit=1000`, headers: authHeaders('caseworker') })).json() as { candidates: Array<{ personId: string, log10Lr: number | null }> }
      const mine = list.candidates.find((x) => x.personId === `U-${c.id}`)
      t.ok(mine, `${c.id}: the person is on the case's list`)
      const ratio = 10 ** ((mine?.log10Lr ?? -Infinity) - Math.log10(c.expected.total))
      t.ok(Math.abs(ratio - 1) < 1e-9, `${c.id}: LR 10^${mine?.log10Lr} = oracle ${c.expected.total}`)
    }
  })
}
