import { readFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import BetterSqlite3 from 'better-sqlite3'
import { createAuditRepository } from '../../../src/storage/audit-repository.ts'
import { CHECKPOINT_ACTOR } from '../../../src/storage/expunge-checkpoint.ts'
import { buildTestApp, type TestApp } from '../../helpers/build-test-app.ts'

/**
 * DELETE /persons/:id while another connection holds a read (a backup, an operator's sqlite3
 * session): the rows go at once, but the answer is 202 "pending", never 200 "done", as long as the
 * profile's bytes are still in the database file or its WAL; when the reader ends, the server's
 * own checkpoint removes them and records the completion.
 */

const PLACE = 'Underpass of Luoyang Longmen station, north exit'
const PROFILE = { D3S1358: ['15', '17'], vWA: ['14', '18'], FGA: ['21', '24'], TH01: ['9', '9.3'], D8S1179: ['13', '14'], D21S11: ['29', '34.2'], D18S51: ['13', '17'], 'Penta D': ['9', '10'] }

function bytesOnDisk (h: TestApp): string {
  const read = (f: string): string => { try { return readFileSync(f).toString('latin1') } catch { return '' } }
  return read(h.dbFile) + read(h.dbFile + '-wal')
}

t.test('an expungement beside an open read is pending until the bytes are gone, then completed on the trail', async (t) => {
  const h = await buildTestApp(t)
  const p = await h.app.inject({ method: 'POST', url: '/persons', headers: h.authHeaders('caseworker'), payload: { id: 'U-PEND-1', sex: 'male', profile: PROFILE, foundPlace: PLACE } })
  t.ok(p.statusCode < 300, p.body)
  // values are sealed at rest (src/storage/field-cipher.ts): the bytes on disk are the sealed ones
  const sealed = h.db.prepare('SELECT profile_json, found_place FROM unidentified_persons WHERE id = ?').get('U-PEND-1') as { profile_json: Buffer, found_place: Buffer }
  const holdsProfile = (): boolean => {
    const b = bytesOnDisk(h)
    return b.includes(PLACE) || b.includes(sealed.profile_json.toString('latin1')) || b.includes(sealed.found_place.toString('latin1'))
  }
  t.ok(holdsProfile(), 'control: the profile is on disk')

  const reader = new BetterSqlite3(h.dbFile, { readonly: true })
  t.teardown(() => { if (reader.open) reader.close() })
  reader.exec('BEGIN')
  reader.prepare('SELECT count(*) FROM unidentified_persons').get()

  const del = await h.app.inject({ method: 'DELETE', url: '/persons/U-PEND-1?reason=court-order', headers: h.authHeaders('admin') })
  t.ok(del.statusCode !== 200 || !holdsProfile(), 'never "done" while the bytes remain')
  t.equal(del.statusCode, 202, del.body)
  t.match(del.json(), { id: 'U-PEND-1', status: 'pending', deleted: { persons: 1 } })
  t.ok(holdsProfile(), 'the reader still pins the old pages')
  t.equal((await h.app.inject({ method: 'GET', url: '/persons/U-PEND-1', headers: h.authHeaders('caseworker') })).statusCode, 404, 'the rows are gone already')
  const audit = createAuditRepository(h.db)
  const trail = audit.list({ action: 'person.expunge' })
  t.match(trail, [{ actor: 'test-admin', status: 202, target: { personId: 'U-PEND-1', bytes: 'pending', reason: 'court-order' } }], 'recorded as pending, with the status sent')
  t.equal(trail.length, 1)

  reader.exec('COMMIT')
  reader.close()
  // the server retries by itself, about once a second
  const deadline = Date.now() + 10_000
  while (audit.list({ action: 'person.expunge' }).length < 2 && Date.now() < deadline) await sleep(100)
  const [deletion, completion] = audit.list({ action: 'person.expunge' })
  t.match(completion, { actor: CHECKPOINT_ACTOR, status: 0, target: { personId: 'U-PEND-1', completesSeq: deletion.seq, bytes: 'removed' } }, 'the completion is recorded')
  t.notOk(holdsProfile(), 'and the bytes are gone from the file and the WAL')
  t.ok(audit.verify().ok)
})

t.test('a pending expungement left at shutdown is completed when the server closes', async (t) => {
  const h = await buildTestApp(t)
  await h.app.inject({ method: 'POST', url: '/persons', headers: h.authHeaders('caseworker'), payload: { id: 'U-PEND-2', sex: 'male', profile: PROFILE, foundPlace: PLACE } })
  const sealedPlace = (h.db.prepare('SELECT found_place FROM unidentified_persons WHERE id = ?').pluck().get('U-PEND-2') as Buffer).toString('latin1')
  const reader = new BetterSqlite3(h.dbFile, { readonly: true })
  reader.exec('BEGIN')
  reader.prepare('SELECT count(*) FROM unidentified_persons').get()
  t.equal((await h.app.inject({ method: 'DELETE', url: '/persons/U-PEND-2?reason=entered-in-error', headers: h.authHeaders('admin') })).statusCode, 202)
  reader.exec('COMMIT')
  reader.close()
  await h.app.close()
  const [deletion, completion] = createAuditRepository(h.db).list({ action: 'person.expunge' })
  t.match(completion, { actor: CHECKPOINT_ACTOR, target: { completesSeq: deletion.seq, bytes: 'removed' } })
  t.notOk(bytesOnDisk(h).includes(sealedPlace), 'the sealed place is gone from the file and the WAL')
})
