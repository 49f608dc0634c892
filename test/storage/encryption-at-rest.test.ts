import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { backupDatabase } from '../../src/storage/backup.ts'
import { createResultRepository } from '../../src/storage/result-repository.ts'
import { SEALED_TABLES } from '../../src/storage/sealed-columns.ts'
import { createTokenRepository } from '../../src/storage/token-repository.ts'
import { createUserCredentialRepository } from '../../src/storage/user-credential-repository.ts'
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts'

// Rare allele patterns, as the canonical profile JSON would hold them, and personal fields: none of
// them may be found in the bytes an attacker with the disk reads (database, WAL, backup).
const CHILD = {
  D3S1358: ['15', '17'],
  vWA: ['14', '23.1'],
  FGA: ['21', '24'],
  TH01: ['9', '9.3'],
  D8S1179: ['13', '14'],
  D21S11: ['24.3', '38.1'],
  D18S51: ['13', '17'],
  'Penta D': ['9', '10'],
  AMEL: ['X', 'Y']
}
const FATHER = {
  D3S1358: ['15', '16'],
  vWA: ['14', '17'],
  FGA: ['16.1', '33.2'],
  TH01: ['7', '9'],
  D8S1179: ['12', '14'],
  D21S11: ['29', '30'],
  D18S51: ['13', '15'],
  'Penta D': ['9', '12']
}
// lineage markers (issue 14): a rare intermediate Y allele of the child, a rare mitotype of the father's
const CHILD_Y = { DYS19: ['15'], DYS390: ['23'], DYS458: ['17.2'], DYS385: ['13', '19'] }
const FATHER_MT = { range: '16024-16569 1-576', variants: ['16223T', '16519C', '73G', '263G', '315.1C', '16093Y'] }
const PLACE = '郑州东站 7 号站台 (T4 found-place marker)'
const NOTE = 'Seen at the shelter in Luoyang by the T4 reviewer'
const REASON = 'The mother was typed at another lab: T4 override marker'
const TOTP = 'JBSWY3DPEHPK3PXPT4SECRETXX'
// vWA 23.1 is in no bundled table: the stored result's per-locus LRs name it (the frequency adjustment)
const RARE_IN_RESULT = '"allele":"23.1"'

const SECRETS: Record<string, string> = {
  'the child\'s rare D21S11': '"D21S11":["24.3","38.1"]',
  'the father\'s rare FGA': '"FGA":["16.1","33.2"]',
  'the child\'s Y haplotype (DYS458 17.2)': '["17.2"]',
  'the father\'s mtDNA heteroplasmy': '16093Y',
  'the found place': PLACE,
  'the found date': '2024-03-17',
  'the birth date': '2009-05-12',
  'the missing-since date': '2014-08-09',
  'the review note': NOTE,
  'the override reason': REASON,
  'the TOTP secret': TOTP,
  'the rare allele in the stored result': RARE_IN_RESULT
}

const read = (f: string): Buffer => existsSync(f) ? readFileSync(f) : Buffer.alloc(0)

function plainIn (bytes: Buffer): string[] {
  return Object.entries(SECRETS).filter(([, s]) => bytes.includes(Buffer.from(s, 'utf8'))).map(([what]) => what)
}

async function store (h: TestApp): Promise<void> {
  const lab = h.authHeaders('lab')
  const cw = h.authHeaders('caseworker')
  const c = await h.app.inject({
    method: 'POST',
    url: '/cases',
    headers: lab,
    payload: { id: 'CASE-T4-1', missingPerson: { sex: 'male' }, born: '2009-05-12', missingSince: '2014-08-09', relatives: [{ id: 'father', relation: 'father', profile: FATHER, mtDna: FATHER_MT }] }
  })
  t.equal(c.statusCode, 201, c.body)
  const p = await h.app.inject({
    method: 'POST',
    url: '/persons',
    headers: lab,
    payload: { id: 'U-T4-1', sex: 'male', estimatedBirthYear: 2009, foundPlace: PLACE, foundDate: '2024-03-17', profile: CHILD, yStr: CHILD_Y }
  })
  t.equal(p.statusCode, 201, p.body)
  // a replacement keeps the superseded version (profile and found place) in the person's history
  const put = await h.app.inject({
    method: 'PUT',
    url: '/persons/U-T4-1',
    headers: lab,
    payload: { id: 'U-T4-1', sex: 'male', estimatedBirthYear: 2010, foundPlace: PLACE, foundDate: '2024-03-17', profile: { ...CHILD, TH01: ['9', '9'] }, yStr: CHILD_Y }
  })
  t.equal(put.statusCode, 200, put.body)
  const review = await h.app.inject({
    method: 'POST',
    url: '/cases/CASE-T4-1/persons/U-T4-1/reviews',
    headers: cw,
    payload: { decision: 'confirm', note: NOTE, override: true, overrideReason: REASON }
  })
  t.ok(review.statusCode < 300, review.body)
  const user = createTokenRepository(h.db).createUser({ name: 'cw-totp', role: 'caseworker' })
  createUserCredentialRepository(h.db).beginTotp(user.id, TOTP)
}

t.test('genotypes and personal fields are in no plain byte of the database, its WAL or a backup', async (t) => {
  const h = await buildTestApp(t)
  await store(h)
  // control: the service reads them all back
  const person = (await h.app.inject({ method: 'GET', url: '/persons/U-T4-1', headers: h.authHeaders('caseworker') })).json() as Record<string, unknown>
  t.match(person, { foundPlace: PLACE, foundDate: '2024-03-17', estimatedBirthYear: 2010 })
  const kase = (await h.app.inject({ method: 'GET', url: '/cases/CASE-T4-1', headers: h.authHeaders('caseworker') })).body
  t.ok(kase.includes('16.1') && kase.includes('2009-05-12'), 'the case reads back with its genotypes and dates')
  t.ok(kase.includes('16093Y') && JSON.stringify(person.yStr).includes('17.2'), 'and the lineage markers')
  const reviews = (await h.app.inject({ method: 'GET', url: '/cases/CASE-T4-1/persons/U-T4-1/reviews', headers: h.authHeaders('caseworker') })).body
  t.ok(reviews.includes(NOTE) && reviews.includes(REASON), 'the review reads back')
  const user = createTokenRepository(h.db).findUser('cw-totp')
  t.equal(user === undefined ? null : createUserCredentialRepository(h.db).get(user.id).totpSecret, TOTP)

  const result = createResultRepository(h.db).get('CASE-T4-1', 'U-T4-1')
  t.ok(result !== undefined && JSON.stringify(result.perLocus).includes(RARE_IN_RESULT), 'control: the pair\'s stored result names the rare allele')
  t.ok(h.db.prepare("SELECT count(*) FROM person_history WHERE typeof(version_json) = 'blob'").pluck().get() === 1, 'control: the replaced version is kept')
  // every value of a sealed column is a sealed BLOB (amelogenin too, whose ["X","Y"] the schema's comments also hold)
  for (const { table, columns } of SEALED_TABLES) {
    for (const column of columns) {
      const kinds = h.db.prepare(`SELECT DISTINCT typeof("${column}") FROM "${table}" WHERE "${column}" IS NOT NULL`).pluck().all()
      t.same(kinds.filter((k) => k !== 'blob'), [], `${table}.${column} holds sealed values only`)
    }
  }

  const wal = read(`${h.dbFile}-wal`)
  t.ok(wal.length > 0, 'control: the WAL holds the recent writes')
  const disk = Buffer.concat([read(h.dbFile), wal])
  t.ok(disk.includes(Buffer.from('U-T4-1')) && disk.includes(Buffer.from('CASE-T4-1')), 'control: the scan finds what is stored plain (ids)')
  t.same(plainIn(read(h.dbFile)), [], 'nothing plain in the database file')
  t.same(plainIn(wal), [], 'nothing plain in the WAL')

  const backup = join(h.dbFile, '..', 'backup.sqlite')
  await backupDatabase(h.db, backup)
  t.ok(statSync(backup).size > 0 && read(backup).includes(Buffer.from('U-T4-1')), 'control: the backup holds the records')
  t.same(plainIn(read(backup)), [], 'nothing plain in the backup')
})
