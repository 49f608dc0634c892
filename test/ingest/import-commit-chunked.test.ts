import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { commitPackedImport } from '../../src/ingest/import-commit-chunked.ts'
import { commitImport } from '../../src/ingest/import-commit.ts'
import { recoverInterruptedImports } from '../../src/ingest/import-journal.ts'
import { previewImport } from '../../src/ingest/import-preview.ts'
import { packPreview, unpackReply } from '../../src/ingest/preview-transfer.ts'
import { openDatabase, type Database } from '../../src/storage/database.ts'
import { createPersonRepository } from '../../src/storage/person-repository.ts'
import { largeGenemapperFile } from '../helpers/large-import-file.ts'
import { refsWithOneBad } from './fixture-formats.ts'

const NOW = '2026-01-01T00:00:00.000Z'
const options = { fileName: 'batch.txt', defaultSide: 'unidentified' as const }

function freshDb (t: { teardown: (f: () => void) => void }): Database {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-chunked-'))
  const db = openDatabase(join(dir, 'h.sqlite'))
  t.teardown(() => { db.close(); rmSync(dir, { recursive: true, force: true }) })
  return db
}
const pack = (bytes: Buffer) => unpackReply(packPreview({ bytes, options }))
const imports = (db: Database) => db.prepare('SELECT id, stored_json FROM imports ORDER BY id').all() as Array<{ id: number, stored_json: string }>

/** Runs `f` once the import's journal row exists, i.e. between two of its slices. */
function whenPending (db: Database, f: () => void): void {
  const poll = (): void => { imports(db).some((r) => r.stored_json.includes('"pending"')) ? f() : setImmediate(poll) }
  setImmediate(poll)
}

t.test('in slices, the same answer and the same rows as the one-transaction commit', async (t) => {
  for (const mode of ['all-or-nothing', 'accepted-only'] as const) {
    for (const bytes of [largeGenemapperFile(21 * 30), Buffer.from(refsWithOneBad())]) {
      const a = freshDb(t)
      const b = freshDb(t)
      const { preview, parsed } = previewImport(bytes, options)
      const one = commitImport(a, preview, parsed.frequencyTables, mode, NOW)
      const sliced = await commitPackedImport(b, pack(bytes), mode, { now: NOW, sliceMs: 0 })
      t.same(sliced, one, `${mode}, ${preview.samples.length} samples`)
      // through the repository: the rows themselves are encrypted with a fresh nonce each
      const rows = (db: Database) => { const p = createPersonRepository(db); return p.allIds().map((id) => p.get(id)) }
      t.same(rows(b), rows(a))
      t.same(imports(b), imports(a))
    }
  }
})

t.test('a person stored by another request between two slices is never overwritten', async (t) => {
  const file = largeGenemapperFile(21 * 6) // BATCH0000001..6
  const other = { id: 'BATCH0000006', sex: 'female' as const, profile: { TH01: ['6', '9'] as const }, status: 'open' as const, inputHash: 'x'.repeat(64) }

  t.test('all-or-nothing: the import is refused and what its slices stored is removed', async (t) => {
    const db = freshDb(t)
    whenPending(db, () => { createPersonRepository(db).put(other, '2026-02-02T00:00:00.000Z') })
    const out = await commitPackedImport(db, pack(file), 'all-or-nothing', { now: NOW, sliceMs: 0 })
    t.equal(out.committed, false)
    t.match(out.reason, /became refusable while the import was being committed \(BATCH0000006\); nothing was stored/)
    t.same(createPersonRepository(db).allIds(), ['BATCH0000006'], "only the other request's person remains")
    t.same(createPersonRepository(db).get('BATCH0000006')?.profile, other.profile)
    t.same(imports(db), [], 'no journal row left')
  })

  t.test('accepted-only: that sample is refused, the others are stored', async (t) => {
    const db = freshDb(t)
    whenPending(db, () => { createPersonRepository(db).put(other, '2026-02-02T00:00:00.000Z') })
    const out = await commitPackedImport(db, pack(file), 'accepted-only', { now: NOW, sliceMs: 0 })
    t.equal(out.committed, true)
    t.same(out.stored.unidentified, ['BATCH0000001', 'BATCH0000002', 'BATCH0000003', 'BATCH0000004', 'BATCH0000005'])
    t.match(out.refused, [{ id: 'BATCH0000006', reasons: [/stored by another request/] }])
    t.same(createPersonRepository(db).get('BATCH0000006')?.profile, other.profile)
    t.same(JSON.parse(imports(db)[0].stored_json).unidentified, out.stored.unidentified)
  })
})

t.test('a failure in the final transaction removes the slices; a pending row left by a dead process is removed at start', async (t) => {
  const db = freshDb(t)
  const file = largeGenemapperFile(21 * 5)
  await t.rejects(commitPackedImport(db, pack(file), 'all-or-nothing', { now: NOW, sliceMs: 0, inFinalTransaction: () => { throw new Error('disk full') } }), /disk full/)
  t.same(createPersonRepository(db).allIds(), [])
  t.same(imports(db), [])

  // A crash between slices, as kill -9 leaves it: persons written, the journal row pending, its writer gone.
  const ids = ['BATCH0000001', 'BATCH0000002']
  db.prepare('INSERT INTO imports (content_hash, file_name, format, mode, stored_json, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run('a'.repeat(64), 'crashed.txt', 'genemapper-long', 'all-or-nothing', JSON.stringify({ unidentified: [], references: [], frequencyTables: [], pending: [...ids, 'BATCH0000003'], writer: { host: (await import('node:os')).hostname(), pid: 2 ** 22 + 1 } }), NOW)
  const persons = createPersonRepository(db)
  for (const id of ids) persons.put({ id, sex: 'male', profile: { TH01: ['6', '9'] }, status: 'open', inputHash: 'y'.repeat(64) }, NOW)
  persons.put({ id: 'KEEP', sex: 'male', profile: { TH01: ['6', '9'] }, status: 'open', inputHash: 'y'.repeat(64) }, NOW)
  t.equal(recoverInterruptedImports(db).length, 1)
  t.same(persons.allIds(), ['KEEP'], 'the interrupted import is gone, nothing else')
  t.same(imports(db), [])
})

t.test('the committed persons are told as written, once the import is whole, and never for a refused one', async (t) => {
  const db = freshDb(t)
  const told: Array<Array<{ id: string, inputHash: string, status: string, profile: unknown, sex: string }>> = []
  const out = await commitPackedImport(db, pack(largeGenemapperFile(21 * 4)), 'all-or-nothing', {
    now: NOW,
    sliceMs: 0,
    inFinalTransaction: () => { t.equal(told.length, 0, 'not yet told inside the final transaction') },
    onPersonsCommitted: (written) => { told.push(written) }
  })
  t.equal(told.length, 1)
  t.same(told[0].map((p) => p.id), out.stored.unidentified)
  // what the service's screen is fed instead of reading the rows back: the stored records themselves
  const persons = createPersonRepository(db)
  for (const p of told[0]) {
    const stored = persons.get(p.id)!
    t.same({ id: p.id, sex: p.sex, profile: p.profile, inputHash: p.inputHash, status: p.status }, { id: stored.id, sex: stored.sex, profile: stored.profile, inputHash: stored.inputHash, status: stored.status }, `${p.id} as stored`)
  }

  const refusedDb = freshDb(t)
  const refusedTold: unknown[] = []
  await t.rejects(commitPackedImport(refusedDb, pack(largeGenemapperFile(21 * 3)), 'all-or-nothing', { now: NOW, sliceMs: 0, inFinalTransaction: () => { throw new Error('disk full') }, onPersonsCommitted: (w) => { refusedTold.push(w) } }), /disk full/)
  t.same(refusedTold, [], 'an import that did not commit tells nothing')
})
