import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import type { Profile } from '../../src/core/markers/profile.ts'
import { createAuditRepository } from '../../src/storage/audit-repository.ts'
import { openDatabase, type Database } from '../../src/storage/database.ts'
import { keyIdBytes } from '../../src/storage/field-cipher.ts'
import { keyStatus, rotateKeys } from '../../src/storage/key-rotation.ts'
import { parseKeys } from '../../src/storage/keyring.ts'
import { createPersonRepository } from '../../src/storage/person-repository.ts'
import { createResultRepository } from '../../src/storage/result-repository.ts'
import { SEALED_TABLES } from '../../src/storage/sealed-columns.ts'
import { runCli } from '../helpers/run-cli.ts'

const A = randomBytes(32).toString('base64')
const B = randomBytes(32).toString('base64')
const idOf = (k: string): string => parseKeys(k, 'k').current.id
const PER_LOCUS = { locus: 'vWA', log10Lr: 1, class: 'consistent' as const, adjustments: [{ locus: 'vWA', allele: '23.1', frequency: 0.001, rule: 'fixed' as const }] }

/** How many stored values are sealed with the key `id`, over every sealed column. */
function sealedWith (db: Database, id: string): number {
  let n = 0
  for (const { table, columns } of SEALED_TABLES) {
    for (const c of columns) n += db.prepare(`SELECT count(*) FROM "${table}" WHERE typeof("${c}") = 'blob' AND substr("${c}", 2, 8) = ?`).pluck().get(keyIdBytes(id)) as number
  }
  return n
}

t.test('rotation reseals every value under the new key, resumes after an interruption, and the old key is then not needed', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-rotate-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'h.sqlite')
  const old = openDatabase(file, { keyring: parseKeys(A, 'key A') })
  const persons = createPersonRepository(old)
  for (let i = 0; i < 5; i++) persons.put({ id: `U-${i}`, sex: 'male', profile: { TH01: ['6', String(7 + i)], FGA: ['21', '24'] } as Profile, foundPlace: `place ${i}`, status: 'open', inputHash: 'h' })
  // a stored result whose per-locus LRs name a rare allele (migration 078): rotated with the rest
  old.prepare("INSERT INTO cases (id, missing_person, missing_person_sex, frequency_table_id, input_hash, created_at, updated_at) VALUES ('C-1', 'MP', 'male', 't', 'h', '', '')").run()
  createResultRepository(old).save({ caseId: 'C-1', personId: 'U-0', status: 'scored', log10Lr: 4, inconsistentLoci: 0, comparedLoci: 1, perLocus: [PER_LOCUS], lociNotEvaluated: [], modelVersion: 'm', frequencyTableId: 't', frequencyTableVersion: '1', inputHash: 'h' })
  const underA = sealedWith(old, idOf(A))
  t.equal(underA, 11, 'control: profiles, places and the result sealed with key A')
  old.close()

  // the new key goes first, the old one after it: both open, new values take B
  const both = openDatabase(file, { keyring: parseKeys(`${B},${A}`, 'keys B, A') })
  let batches = 0
  t.throws(() => rotateKeys(both, {
    batchSize: 2,
    onBatch: () => { if (++batches === 1) throw new Error('interrupted') },
    record: () => { t.fail('no audit entry for an unfinished rotation') }
  }), /interrupted/)
  t.equal(sealedWith(both, idOf(A)), underA - 4, 'the first batch (2 rows, 2 values each) committed on its own')
  t.match(keyStatus(both).find((k) => k.keyId === idOf(A)), { retiredAt: null }, 'key A is still needed')
  both.close()

  const r = runCli(['key', 'rotate', '--db', file, '--batch', '2'], { HOMEWARD_KEY: `${B},${A}` })
  t.equal(r.code, 0, r.stderr)
  t.match(r.stdout, new RegExp(`resealed 7 values under key ${idOf(B)}; key ${idOf(A)} no longer needed`))

  const after = openDatabase(file, { keyring: parseKeys(B, 'key B alone') })
  t.equal(sealedWith(after, idOf(A)), 0, 'no value is sealed with key A any more')
  t.equal(sealedWith(after, idOf(B)), 11)
  t.same(createResultRepository(after).get('C-1', 'U-0')?.perLocus, [PER_LOCUS], 'key B alone opens the result')
  t.same(createPersonRepository(after).get('U-3'), { ...createPersonRepository(after).get('U-3'), profile: { TH01: ['6', '10'], FGA: ['21', '24'] }, foundPlace: 'place 3' }, 'key B alone opens everything')
  const entry = createAuditRepository(after).list({ action: 'key.rotate' })
  t.match(entry, [{ actor: /^cli:/, status: 0, target: { currentKey: idOf(B), resealed: 7, retired: idOf(A) } }], 'the rotation is on the trail, in the transaction that retired the key')
  t.match(keyStatus(after).find((k) => k.keyId === idOf(A)), { retiredAt: /^\d{4}-/ })
  after.close()

  t.throws(() => openDatabase(file, { keyring: parseKeys(A, 'key A alone') }), new RegExp(`sealed with key ${idOf(B)}, which key A alone does not hold`), 'the retired key alone is refused')
  const again = runCli(['key', 'rotate', '--db', file], { HOMEWARD_KEY: B })
  t.match(again.stdout, /resealed 0 values under key [0-9a-f]{16}; no older key was in use/, 'a second rotation has nothing to do')
})
