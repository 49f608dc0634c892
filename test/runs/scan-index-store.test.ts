import t from 'tap'
import type { LocusModel, LrOptions } from '../../src/core/pedigree/kinship-case.ts'
import { alleleDictionary, buildFamiliesIndex, referenceCodes } from '../../src/core/screening/screening-population.ts'
import { simulatedCase } from '../../src/core/simulation/simulate-cases.ts'
import { simulatePopulation } from '../../src/core/simulation/simulate-population.ts'
import { createScreeningTableStore } from '../../src/runs/scan-index-store.ts'
import { openDatabase } from '../../src/storage/database.ts'
import { cipherOf } from '../../src/storage/encryption-at-rest.ts'
import { sealedKeyId } from '../../src/storage/field-cipher.ts'
import { simCaseId, writePopulation } from '../../bench/lib/population-db.ts'

const loci: LocusModel[] = [
  { name: 'TH01', alleles: ['6', '7', '8', '9', '9.3', '10'], frequencies: [0.10, 0.28, 0.06, 0.46, 0.03, 0.07] },
  { name: 'TPOX', alleles: ['8', '9', '10', '11', '12'], frequencies: [0.52, 0.12, 0.03, 0.30, 0.03] },
  { name: 'vWA', alleles: ['14', '16', '17', '18', '19', '20'], frequencies: [0.26, 0.16, 0.24, 0.19, 0.11, 0.04] }
]
const mutation = { model: 'stepwise' as const, rate: 0.005, range: 0.3 }
const options: LrOptions = { theta: 0, mutation, unknownAllele: { rule: 'fixed', frequency: 0.001 } }

t.test('screening tables round-trip through the database; stale and closed cases are left out', async (t) => {
  const db = openDatabase(':memory:')
  t.teardown(() => db.close())
  const pop = simulatePopulation({ seed: 4, cases: 30, persons: 10, plantedFraction: 0, loci, coreLoci: 2, mutation })
  writePopulation(db, pop, 'test-table')
  const dict = alleleDictionary(loci)
  const kcases = Array.from({ length: 30 }, (_, c) => simulatedCase(pop, c))
  const index = buildFamiliesIndex(dict, kcases, kcases.map((_, c) => referenceCodes(pop.refAlleles, pop.refOffset[c], pop.refOffset[c + 1], 3)), loci, options)
  const ids = kcases.map((_, c) => simCaseId(c))
  const hashes = ids.map((id) => (db.prepare('SELECT input_hash FROM cases WHERE id = ?').get(id) as { input_hash: string }).input_hash)
  const store = createScreeningTableStore(db)
  t.equal(store.staleCaseIds('m1').length, 30, 'nothing built yet')
  store.save(ids, hashes, 'm1', index)
  t.same(store.staleCaseIds('m1'), [], 'every open case has a table')

  const loaded = store.load('m1', 3)
  t.same(loaded.caseIds, ids)
  t.same(Array.from(loaded.index.values), Array.from(index.values.subarray(0, index.vOffset[30])), 'values identical (float32 bytes)')
  t.same(Array.from(loaded.index.sAlleles), Array.from(index.sAlleles.subarray(0, index.sOffset[30])))
  t.same(Array.from(loaded.index.vOffset), Array.from(index.vOffset))
  t.same(Array.from(loaded.index.sCount), Array.from(index.sCount))
  t.ok(loaded.index.values.buffer instanceof SharedArrayBuffer, 'ready for the workers without a copy')

  // the allele codes are the public table's alleles in its order: plain, they would be the references' genotypes
  const stored = db.prepare('SELECT * FROM screening_tables WHERE case_id = ?').get(ids[0]) as Record<string, unknown>
  t.same(Object.keys(stored).filter((k) => /^s_alleles|^s_count|^bound_values/.test(k)), [], 'no plain column of codes, counts or bounds')
  t.equal(sealedKeyId(stored.sealed_table), cipherOf(db).keyring.current.id, 'one value sealed with the current key')
  const codes = Buffer.from(index.sAlleles.subarray(index.sOffset[0], index.sOffset[1]))
  t.ok(codes.length >= 3 && !(stored.sealed_table as Buffer).includes(codes), 'the family\'s codes are not in its stored bytes')

  db.prepare("UPDATE cases SET input_hash = 'changed' WHERE id = ?").run(ids[3])
  db.prepare("UPDATE cases SET status = 'closed' WHERE id = ?").run(ids[5])
  const after = store.load('m1', 3)
  t.equal(after.index.families, 28)
  t.notOk(after.caseIds.includes(ids[3]), 'a case whose inputs changed is not screened with its old table')
  t.notOk(after.caseIds.includes(ids[5]), 'a closed case is not screened')
  t.same(store.staleCaseIds('m1'), [ids[3]], 'the changed case is the one to rebuild')
  t.equal(store.load('m2', 3).index.families, 0, 'another model sees no table')
  // a table copied onto another case fails its tag instead of screening that family with it
  db.prepare('UPDATE screening_tables SET sealed_table = (SELECT sealed_table FROM screening_tables WHERE case_id = ?) WHERE case_id = ?').run(ids[0], ids[1])
  t.throws(() => store.load('m1', 3), new RegExp(`screening_tables.sealed_table of row "${ids[1]}" fails its authentication tag`))
})
