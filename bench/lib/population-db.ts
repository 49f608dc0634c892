import './development-key.ts'
import type { Database } from 'better-sqlite3'
import type { Population } from '../../src/core/simulation/simulate-population.ts'
import { simulatedCase, simulatedProfile, simulatedSex } from '../../src/core/simulation/simulate-cases.ts'
import { caseInputHash, personInputHash } from '../../src/runs/input-hash.ts'
import { cipherOf } from '../../src/storage/encryption-at-rest.ts'
import { rowKeyOf } from '../../src/storage/sealed-columns.ts'

/** External ids of simulated records: the same in the database and in every benchmark table. */
export const simCaseId = (c: number): string => `SIM-C${String(c).padStart(7, '0')}`
export const simPersonId = (p: number): string => `SIM-U${String(p).padStart(7, '0')}`

/**
 * Writes a simulated population into the service's tables (cases, case_persons, reference_profiles,
 * unidentified_persons) with prepared statements, 20,000 rows per transaction: the repositories'
 * row-at-a-time path is for the API, this is the bulk load. Input hashes are the service's own, so a
 * later upload of the same record through the API is recognised as identical. Profiles are sealed as the
 * repositories seal them (src/storage/field-cipher.ts), so a start measures the decryption too.
 */
export function writePopulation (db: Database, pop: Population, frequencyTableId: string, casesFrom = 0, casesTo = pop.caseShape.length, personsFrom = 0, personsTo = pop.personSex.length): void {
  const now = new Date().toISOString()
  const cipher = cipherOf(db)
  const insertCase = db.prepare(`INSERT INTO cases (id, missing_person, missing_person_sex, frequency_table_id, status, input_hash, created_at, updated_at)
    VALUES (?, 'MP', ?, ?, 'open', ?, ?, ?)`)
  const insertMember = db.prepare('INSERT INTO case_persons (case_id, person_id, position, sex, father, mother) VALUES (?, ?, ?, ?, ?, ?)')
  const insertRef = db.prepare('INSERT INTO reference_profiles (case_id, person_id, profile_json, created_at) VALUES (?, ?, ?, ?)')
  const insertPerson = db.prepare(`INSERT INTO unidentified_persons (id, sex, profile_json, status, input_hash, created_at, updated_at)
    VALUES (?, ?, ?, 'open', ?, ?, ?)`)
  const cases = db.transaction((from: number, to: number) => {
    for (let c = from; c < to; c++) {
      const kcase = simulatedCase(pop, c)
      const id = simCaseId(c)
      const mpSex = kcase.persons.find((p) => p.id === 'MP')!.sex
      const references: Record<string, { profile: typeof kcase.genotypes[string] }> = {}
      for (const [pid, profile] of Object.entries(kcase.genotypes)) references[pid] = { profile }
      const hash = caseInputHash({ persons: [...kcase.persons], missingPerson: 'MP', missingPersonSex: mpSex, references, frequencyTableId })
      insertCase.run(id, mpSex, frequencyTableId, hash, now, now)
      kcase.persons.forEach((p, k) => insertMember.run(id, p.id, k, p.sex, p.father ?? null, p.mother ?? null))
      for (const [pid, profile] of Object.entries(kcase.genotypes)) insertRef.run(id, pid, cipher.seal('reference_profiles', 'profile_json', rowKeyOf([id, pid]), JSON.stringify(profile)), now)
    }
  })
  const persons = db.transaction((from: number, to: number) => {
    for (let p = from; p < to; p++) {
      const profile = simulatedProfile(pop, p)
      const sex = simulatedSex(pop, p)
      const id = simPersonId(p)
      insertPerson.run(id, sex, cipher.seal('unidentified_persons', 'profile_json', id, JSON.stringify(profile)), personInputHash({ sex, profile, amelogenin: undefined }), now, now)
    }
  })
  const BLOCK = 20_000
  for (let c = casesFrom; c < casesTo; c += BLOCK) cases(c, Math.min(casesTo, c + BLOCK))
  for (let p = personsFrom; p < personsTo; p += BLOCK) persons(p, Math.min(personsTo, p + BLOCK))
}
