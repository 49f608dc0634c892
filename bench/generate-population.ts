// Seeded population generator, usable from the command line:
//   node --import tsx bench/generate-population.ts --cases 200 --persons 400 --seed 1 --out fixtures/population [--db FILE]
// Writes cases.json (oracle case format: persons, missingPerson, genotypes), persons.json (id, sex, profile),
// truth.json (which person is which case's true missing child, and each case's family shape) and, with --db,
// the same records straight into a Homeward SQLite database (migrations run by openDatabase).
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { parseArgs } from 'node:util'
import { simulatedCase, simulatedProfile, simulatedSex } from '../src/core/simulation/simulate-cases.ts'
import { simulatePopulation } from '../src/core/simulation/simulate-population.ts'
import { openDatabase } from '../src/storage/database.ts'
import { simCaseId, simPersonId, writePopulation } from './lib/population-db.ts'
import { benchLoci, BENCH_MUTATION, DEFAULT_FREQUENCY_FILE } from './lib/population-model.ts'

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '200' },
    persons: { type: 'string', default: '400' },
    planted: { type: 'string', default: '0.25' },
    seed: { type: 'string', default: '1' },
    frequencies: { type: 'string', default: DEFAULT_FREQUENCY_FILE },
    out: { type: 'string' },
    db: { type: 'string' }
  }
})
const loci = benchLoci(values.frequencies)
const cases = Number(values.cases)
const persons = Number(values.persons)
const t0 = performance.now()
const pop = simulatePopulation({ seed: Number(values.seed), cases, persons, plantedFraction: Number(values.planted), loci, coreLoci: 20, mutation: BENCH_MUTATION })
console.log(`simulated ${cases} cases and ${persons} persons in ${(performance.now() - t0).toFixed(0)} ms`)
if (values.out !== undefined) {
  mkdirSync(values.out, { recursive: true })
  const caseDocs = Array.from({ length: cases }, (_, c) => ({ id: simCaseId(c), ...simulatedCase(pop, c) }))
  const personDocs = Array.from({ length: persons }, (_, p) => ({ id: simPersonId(p), sex: simulatedSex(pop, p), profile: simulatedProfile(pop, p) }))
  const truth = {
    seed: Number(values.seed),
    frequencies: relative(process.cwd(), values.frequencies),
    mutation: BENCH_MUTATION,
    shapes: Array.from(pop.caseShape, (s, c) => ({ caseId: simCaseId(c), shape: pop.shapes[s].name })),
    planted: Array.from(pop.personTrueCase, (c, p) => ({ personId: simPersonId(p), caseId: c >= 0 ? simCaseId(c) : null })).filter((x) => x.caseId !== null)
  }
  writeFileSync(join(values.out, 'cases.json'), JSON.stringify(caseDocs) + '\n')
  writeFileSync(join(values.out, 'persons.json'), JSON.stringify(personDocs) + '\n')
  writeFileSync(join(values.out, 'truth.json'), JSON.stringify(truth, null, 1) + '\n')
  console.log(`wrote ${values.out}/cases.json, persons.json, truth.json`)
}
if (values.db !== undefined) {
  const db = openDatabase(values.db)
  const t1 = performance.now()
  writePopulation(db, pop, 'nist1036_asian')
  db.close()
  console.log(`loaded ${cases + persons} records into ${values.db} in ${(performance.now() - t1).toFixed(0)} ms`)
}
