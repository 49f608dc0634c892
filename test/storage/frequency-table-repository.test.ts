import t from 'tap'
import { openDatabase } from '../../src/storage/database.ts'
import { createFrequencyTableRepository } from '../../src/storage/frequency-table-repository.ts'
import { BUNDLED_TABLES, installBundledTables } from '../../src/storage/bundled-frequency-tables.ts'

t.test('bundled tables install once, canonical, with the default set', async (t) => {
  const db = openDatabase(':memory:')
  t.teardown(() => db.close())
  const repo = createFrequencyTableRepository(db)
  installBundledTables(repo)
  installBundledTables(repo)
  t.equal(repo.list().length, BUNDLED_TABLES.length, 'a second install adds nothing')
  t.equal(repo.defaultId(), 'nist1036_asian')
  const asian = repo.require('nist1036_asian')
  t.equal(Object.keys(asian.loci).length, 29)
  t.ok(asian.loci['Penta D'] && asian.loci.D6S1043 && asian.loci.vWA, 'canonical names')
  t.equal(asian.loci.TH01.sampleSize, 194, 'sample size (2N) kept for NRC II')
  t.ok(repo.require('norstr_eastasia').loci['Penta E'], 'norSTR spelling canonicalised')
})

t.test('same content is the same version; new content a new version that becomes current', async (t) => {
  const db = openDatabase(':memory:')
  t.teardown(() => db.close())
  const repo = createFrequencyTableRepository(db)
  const table = { id: 'pop', population: 'P', source: 'test', loci: { TH01: { alleles: ['6', '7'], frequencies: [0.4, 0.6] } } }
  const a = repo.add(table, '2026-01-01T00:00:00.000Z')
  t.equal(a.created, true)
  t.equal(repo.add(table, '2026-01-02T00:00:00.000Z').created, false)
  const b = repo.add({ ...table, loci: { TH01: { alleles: ['6', '7'], frequencies: [0.5, 0.5] } } }, '2026-01-03T00:00:00.000Z')
  t.equal(b.created, true)
  t.not(b.table.version, a.table.version)
  t.equal(repo.require('pop').version, b.table.version)
  t.same(repo.get('pop', a.table.version)?.loci.TH01.frequencies, [0.4, 0.6], 'old versions stay readable')
  t.throws(() => repo.require('nope'), /no frequency table "nope"/)
})
