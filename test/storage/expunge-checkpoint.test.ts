import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import BetterSqlite3 from 'better-sqlite3'
import type { Profile } from '../../src/core/markers/profile.ts'
import { createAuditRepository } from '../../src/storage/audit-repository.ts'
import { openDatabase, type Database } from '../../src/storage/database.ts'
import { createExpungeRepository, type ExpungeActor } from '../../src/storage/expunge.ts'
import { awaitExpungedBytes, CHECKPOINT_ACTOR, completeExpungements, pendingExpungements } from '../../src/storage/expunge-checkpoint.ts'
import { createPersonRepository } from '../../src/storage/person-repository.ts'

/**
 * An expungement is never reported complete while the profile's bytes are still in the database file
 * or its WAL: a reader in another connection (a child process, or a second connection of this one)
 * keeps the old pages, the completion waits for it, and once the reader ends the next checkpoint
 * removes the bytes and records the completion.
 */

const PLACE = 'Xinyang long-distance bus station, gate 4'
const PROFILE: Profile = { D3S1358: ['15', '17'], vWA: ['14', '18'], FGA: ['21', '24'], TH01: ['9', '9.3'], D21S11: ['29', '33.2'], D18S51: ['13', '27.2'] }

function setup (t: { teardown: (fn: () => void) => unknown }): { file: string, db: Database } {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-ckpt-'))
  const file = join(dir, 'h.sqlite')
  const db = openDatabase(file)
  t.teardown(() => { if (db.open) db.close(); rmSync(dir, { recursive: true, force: true }) })
  createPersonRepository(db).put({ id: 'U-CKPT-1', sex: 'male', foundPlace: PLACE, profile: PROFILE, status: 'open', inputHash: 'h' })
  sealedOf(file, db)
  return { file, db }
}

/** What someone with the disk reads: the database file and its WAL. */
function bytesOnDisk (file: string): string {
  const read = (f: string): string => { try { return readFileSync(f).toString('latin1') } catch { return '' } }
  return read(file) + read(file + '-wal')
}
// Values are sealed at rest (src/storage/field-cipher.ts): the bytes on disk are the sealed ones, read back
// before the expungement (sealedOf) and looked for in the file with the plain ones.
const sealed = new Map<string, string[]>()
const sealedOf = (file: string, db: Database): void => {
  const row = db.prepare('SELECT profile_json, found_place FROM unidentified_persons WHERE id = ?').get('U-CKPT-1') as { profile_json: Buffer, found_place: Buffer }
  sealed.set(file, [row.profile_json.toString('latin1'), row.found_place.toString('latin1')])
}
const holdsProfile = (file: string): boolean => {
  const b = bytesOnDisk(file)
  return b.includes(PLACE) || b.includes(JSON.stringify(PROFILE)) || (sealed.get(file) ?? []).some((v) => b.includes(v))
}

const operator = (db: Database): ExpungeActor => {
  const audit = createAuditRepository(db)
  return { reason: 'consent-withdrawn', record: (status, target) => audit.appendInTransaction({ actor: 'cli:test@host', role: null, action: 'person.expunge', target, status }) }
}

/** A child process holding a read transaction on the file until its stdin closes. */
async function readerProcess (file: string): Promise<{ child: ChildProcess, end: () => Promise<void> }> {
  const code = `
    const Database = require('better-sqlite3')
    const db = new Database(${JSON.stringify(file)}, { readonly: true })
    db.exec('BEGIN')
    db.prepare('SELECT count(*) FROM unidentified_persons').get()
    process.stdout.write('reading\\n')
    process.stdin.on('end', () => { db.exec('COMMIT'); db.close(); process.exit(0) })
    process.stdin.resume()`
  const child = spawn(process.execPath, ['-e', code], { stdio: ['pipe', 'pipe', 'inherit'], cwd: process.cwd() })
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d) => { if (String(d).includes('reading')) resolve() })
    child.on('exit', (c) => { reject(new Error(`reader exited early (${String(c)})`)) })
  })
  return {
    child,
    end: async () => {
      const exited = new Promise<void>((resolve) => child.once('exit', () => { resolve() }))
      child.stdin?.end()
      await exited
    }
  }
}

t.test('a reader in another process: pending while the bytes remain, completed and recorded once it ends', async (t) => {
  const { file, db } = setup(t)
  t.ok(holdsProfile(file), 'control: the profile is on disk before')
  const reader = await readerProcess(file)
  t.teardown(() => { reader.child.kill() })

  const out = createExpungeRepository(db).expungePerson('U-CKPT-1', operator(db))
  t.same(db.prepare('SELECT id FROM unidentified_persons').all(), [], 'the rows are gone at once')
  t.equal(await awaitExpungedBytes(db, { waitMs: 300 }), false, 'not complete while the reader holds the old pages')
  t.ok(holdsProfile(file), 'and indeed the bytes are still on disk')
  t.same(pendingExpungements(db).map((p) => p.seq), [out.auditSeq], 'recorded as pending')
  const deletion = createAuditRepository(db).list({ action: 'person.expunge' })
  t.match(deletion, [{ seq: out.auditSeq, status: 202, target: { personId: 'U-CKPT-1', bytes: 'pending', persons: 1 } }])

  await reader.end()
  t.equal(await awaitExpungedBytes(db, { waitMs: 2000 }), true, 'complete once the reader is gone')
  t.notOk(holdsProfile(file), 'the bytes are gone from the file and the WAL')
  t.same(pendingExpungements(db), [])
  const completion = createAuditRepository(db).list({ action: 'person.expunge', afterSeq: out.auditSeq })
  t.match(completion, [{ actor: CHECKPOINT_ACTOR, role: null, status: 0, target: { personId: 'U-CKPT-1', completesSeq: out.auditSeq, bytes: 'removed' } }])
  t.ok(createAuditRepository(db).verify().ok)
})

t.test('a reader that began after the deletion still pins the old WAL frames', async (t) => {
  const { file, db } = setup(t)
  const out = createExpungeRepository(db).expungePerson('U-CKPT-1', operator(db))
  const reader = new BetterSqlite3(file, { readonly: true })
  t.teardown(() => { if (reader.open) reader.close() })
  reader.exec('BEGIN')
  reader.prepare('SELECT count(*) FROM audit_log').get()
  for (let i = 0; i < 3; i++) {
    const { done } = completeExpungements(db)
    t.notOk(done && holdsProfile(file), `attempt ${i}: never done while the bytes are on disk`)
    t.notOk(done, `attempt ${i}: not done`)
  }
  t.ok(holdsProfile(file), 'the WAL still holds the old frames')
  reader.exec('COMMIT')
  t.match(completeExpungements(db), { done: true, completed: [{ seq: out.auditSeq }] })
  t.notOk(holdsProfile(file))
})

t.test('a pending expungement survives a restart and is completed by the next checkpoint', async (t) => {
  const { file, db } = setup(t)
  const reader = new BetterSqlite3(file, { readonly: true })
  reader.exec('BEGIN')
  reader.prepare('SELECT count(*) FROM unidentified_persons').get()
  const out = createExpungeRepository(db).expungePerson('U-CKPT-1', operator(db))
  t.notOk(completeExpungements(db).done)
  db.close() // the service stops with the expungement still pending
  reader.exec('COMMIT')
  reader.close()

  const again = openDatabase(file)
  t.teardown(() => again.close())
  t.same(pendingExpungements(again).map((p) => p.seq), [out.auditSeq], 'still pending after the restart, read from the trail')
  t.match(completeExpungements(again), { done: true, completed: [{ seq: out.auditSeq }] })
  t.notOk(holdsProfile(file))
  t.same(completeExpungements(again), { done: true, completed: [] }, 'nothing left: a later attempt records nothing')
  t.equal(createAuditRepository(again).list({ action: 'person.expunge' }).length, 2, 'one deletion, one completion')
})
