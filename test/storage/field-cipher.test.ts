import { randomBytes } from 'node:crypto'
import t from 'tap'
import { createFieldCipher, sealedKeyId } from '../../src/storage/field-cipher.ts'
import { parseKeys } from '../../src/storage/keyring.ts'
import { openDatabase } from '../../src/storage/database.ts'
import { createPersonRepository } from '../../src/storage/person-repository.ts'
import { createCaseRepository } from '../../src/storage/case-repository.ts'
import type { Profile } from '../../src/core/markers/profile.ts'
import type { CasePerson } from '../../src/storage/case-repository.ts'

const newKeyring = (...keys: Buffer[]): ReturnType<typeof parseKeys> => parseKeys(keys.map((k) => k.toString('base64')).join(','), 'test keys')
const PROFILE = { D3S1358: ['15', '17'], vWA: ['14', '18'], FGA: ['21', '24'], TH01: ['9', '9.3'], D8S1179: ['13', '14'], D21S11: ['29', '34.2'], D18S51: ['13', '17'] } satisfies Profile as Profile

t.test('a sealed value opens only in its own table, column and row, under a key of the keyring', async (t) => {
  const a = randomBytes(32)
  const c = createFieldCipher(newKeyring(a))
  const sealed = c.seal('unidentified_persons', 'profile_json', 'U-1', '{"D3S1358":["15","17"]}')
  t.equal(c.open('unidentified_persons', 'profile_json', 'U-1', sealed), '{"D3S1358":["15","17"]}')
  t.equal(sealedKeyId(sealed), c.keyring.current.id, 'the key id travels with the value')
  t.notOk(sealed.toString('latin1').includes('D3S1358'), 'no plain text in the sealed bytes')
  t.not(c.seal('unidentified_persons', 'profile_json', 'U-1', 'x').subarray(9, 21).toString('hex'), c.seal('unidentified_persons', 'profile_json', 'U-1', 'x').subarray(9, 21).toString('hex'), 'a fresh nonce each time')
  t.throws(() => c.open('unidentified_persons', 'profile_json', 'U-2', sealed), /unidentified_persons\.profile_json of row "U-2" fails its authentication tag/, 'another row')
  t.throws(() => c.open('unidentified_persons', 'found_place', 'U-1', sealed), /fails its authentication tag/, 'another column')
  t.throws(() => c.open('reference_profiles', 'profile_json', 'U-1', sealed), /fails its authentication tag/, 'another table')
  const altered = Buffer.from(sealed)
  altered[30] ^= 1
  t.throws(() => c.open('unidentified_persons', 'profile_json', 'U-1', altered), /fails its authentication tag/, 'one bit changed')
  const other = createFieldCipher(newKeyring(randomBytes(32)))
  t.throws(() => other.open('unidentified_persons', 'profile_json', 'U-1', sealed), new RegExp(`sealed with key ${c.keyring.current.id}, which test keys does not hold`), 'a keyring without the key names the key')
  const rotated = createFieldCipher(newKeyring(randomBytes(32), a))
  t.equal(rotated.open('unidentified_persons', 'profile_json', 'U-1', sealed), '{"D3S1358":["15","17"]}', 'an older key of the keyring still opens it')
  t.not(sealedKeyId(rotated.seal('t', 'c', 'r', 'x')), c.keyring.current.id, 'and new values take the first key')
  t.equal(c.open('t', 'c', 'r', 'plain before 076'), 'plain before 076', 'a plain (pre-076) value reads as it is')
})

t.test('a profile moved to another row in the database is refused, naming the row', async (t) => {
  const db = openDatabase(':memory:', { keyring: newKeyring(randomBytes(32)) })
  t.teardown(() => db.close())
  const persons = createPersonRepository(db)
  const base = { sex: 'male' as const, status: 'open' as const, inputHash: 'h' }
  persons.put({ ...base, id: 'U-A', profile: PROFILE, foundPlace: 'Kunming bus station' })
  persons.put({ ...base, id: 'U-B', profile: { ...PROFILE, TH01: ['6', '7'] } as Profile })
  t.same(persons.get('U-A')?.profile, PROFILE, 'control: each reads back')
  db.prepare("UPDATE unidentified_persons SET profile_json = (SELECT profile_json FROM unidentified_persons WHERE id = 'U-A') WHERE id = 'U-B'").run()
  t.throws(() => persons.get('U-B'), /unidentified_persons\.profile_json of row "U-B" fails its authentication tag/)
  t.same(persons.get('U-A')?.profile, PROFILE, 'the source row is untouched')

  const cases = createCaseRepository(db)
  const kase = (id: string) => ({
    id,
    missingPerson: 'MP',
    missingPersonSex: 'male' as const,
    frequencyTableId: 'nist1036_asian',
    status: 'open' as const,
    inputHash: 'h',
    persons: [{ id: 'F', sex: 'male' }, { id: 'M', sex: 'female' }, { id: 'MP', sex: 'male', father: 'F', mother: 'M' }] as CasePerson[],
    references: { F: { profile: PROFILE }, M: { profile: { ...PROFILE, FGA: ['20', '22'] } as Profile } }
  })
  cases.put(kase('C-1'))
  db.prepare("UPDATE reference_profiles SET profile_json = (SELECT profile_json FROM reference_profiles WHERE case_id = 'C-1' AND person_id = 'F') WHERE case_id = 'C-1' AND person_id = 'M'").run()
  t.throws(() => cases.get('C-1'), /reference_profiles\.profile_json of row "\[\\"C-1\\",\\"M\\"\]" fails its authentication tag/, 'a reference moved to another relative of the case')
})
