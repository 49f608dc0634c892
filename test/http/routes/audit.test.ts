import t from 'tap'
import BetterSqlite3 from 'better-sqlite3'
import { buildTestApp } from '../../helpers/build-test-app.ts'

t.test('auditors read the trail page by page and verify it; nobody can change it over HTTP', async (t) => {
  const { app, dbFile, authHeaders } = await buildTestApp(t)
  for (let i = 0; i < 7; i++) await app.inject({ method: 'GET', url: '/users', headers: authHeaders('admin') })
  const auditor = authHeaders('auditor')
  const page1 = await app.inject({ method: 'GET', url: '/audit?limit=5', headers: auditor })
  t.equal(page1.statusCode, 200)
  const p1 = page1.json() as { entries: Array<{ seq: number, action: string, actor: string }>, next: number }
  t.same(p1.entries.map((e) => e.seq), [1, 2, 3, 4, 5])
  t.equal(p1.next, 5)
  const p2 = (await app.inject({ method: 'GET', url: `/audit?after=${p1.next}&limit=5`, headers: auditor })).json() as { entries: Array<{ seq: number }>, next: number | null }
  t.same(p2.entries.map((e) => e.seq), [6, 7, 8], 'entries 6 and 7 plus the first read of the trail itself')
  t.equal(p2.next, null)
  const filtered = (await app.inject({ method: 'GET', url: '/audit?action=audit.read', headers: auditor })).json() as { entries: Array<{ actor: string }> }
  t.same(filtered.entries.map((e) => e.actor), ['test-auditor', 'test-auditor'], 'reading the trail is on the trail')
  t.match((await app.inject({ method: 'GET', url: '/audit/verify', headers: auditor })).json(), { ok: true, count: 10 })
  t.equal((await app.inject({ method: 'GET', url: '/audit?limit=0', headers: auditor })).statusCode, 400)
  t.equal((await app.inject({ method: 'GET', url: '/audit?sql=1', headers: auditor })).statusCode, 400)
  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH'] as const) {
    t.equal((await app.inject({ method, url: '/audit', headers: auditor })).statusCode, 404, `${method} /audit does not exist`)
  }
  // tamper with the file behind the server's back; verify names the entry
  const raw = new BetterSqlite3(dbFile)
  raw.exec('DROP TRIGGER audit_log_no_update')
  raw.prepare("UPDATE audit_log SET actor = 'nobody' WHERE seq = 3").run()
  raw.close()
  t.match((await app.inject({ method: 'GET', url: '/audit/verify', headers: auditor })).json(), { ok: false, firstBadSeq: 3 })
})
