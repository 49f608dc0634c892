import t from 'tap'
import { hashToken } from '../../../src/core/trust/token.ts'
import { buildTestApp } from '../../helpers/build-test-app.ts'

t.test('an admin creates an account and a token; the secret is shown once and works', async (t) => {
  const { app, db, authHeaders } = await buildTestApp(t)
  const admin = authHeaders('admin')
  t.equal((await app.inject({ method: 'POST', url: '/users', headers: admin, payload: { name: 'lab-guangzhou', role: 'lab' } })).statusCode, 201)
  t.equal((await app.inject({ method: 'POST', url: '/users', headers: admin, payload: { name: 'lab-guangzhou', role: 'lab' } })).statusCode, 409)
  t.equal((await app.inject({ method: 'POST', url: '/users', headers: admin, payload: { name: 'x', role: 'root' } })).statusCode, 400)
  t.equal((await app.inject({ method: 'POST', url: '/users', headers: admin, payload: { name: 'x y<script>', role: 'lab' } })).statusCode, 400)

  const created = await app.inject({ method: 'POST', url: '/tokens', headers: admin, payload: { user: 'lab-guangzhou', label: 'sequencer', ttlDays: 30 } })
  t.equal(created.statusCode, 201)
  t.equal(created.headers['cache-control'], 'no-store')
  const body = created.json() as { id: string, token: string, role: string, expiresAt: string, createdBy: string }
  t.match(body, { role: 'lab', createdBy: 'test-admin' })
  const days = (Date.parse(body.expiresAt) - Date.now()) / 86_400_000
  t.ok(days > 29.9 && days <= 30, `expires in 30 days (${days.toFixed(3)})`)
  t.equal((db.prepare('SELECT token_hash FROM api_tokens WHERE id = ?').get(body.id) as { token_hash: string }).token_hash, hashToken(body.token))

  const asLab = { authorization: `Bearer ${body.token}` }
  t.equal((await app.inject({ method: 'GET', url: '/users', headers: asLab })).statusCode, 403, 'the new token acts as a lab')
  const listed = await app.inject({ method: 'GET', url: '/tokens?user=lab-guangzhou', headers: admin })
  t.equal(listed.statusCode, 200)
  t.notOk(listed.body.includes(body.token.slice(3)), 'listing never shows a secret')
  t.same((listed.json() as { tokens: Array<{ id: string }> }).tokens.map((x) => x.id), [body.id])

  const revoked = await app.inject({ method: 'DELETE', url: `/tokens/${body.id}`, headers: admin })
  t.equal(revoked.statusCode, 200)
  t.type((revoked.json() as { revokedAt: string }).revokedAt, 'string')
  t.equal((await app.inject({ method: 'GET', url: '/health', headers: asLab })).statusCode, 200)
  t.equal((await app.inject({ method: 'GET', url: '/tokens', headers: asLab })).statusCode, 401, 'revoked: 401 from then on')

  t.equal((await app.inject({ method: 'POST', url: '/tokens', headers: admin, payload: { user: 'nobody' } })).statusCode, 404)
  t.equal((await app.inject({ method: 'POST', url: '/tokens', headers: admin, payload: { user: 'lab-guangzhou', ttlDays: 10_000 } })).statusCode, 400)
  t.equal((await app.inject({ method: 'POST', url: '/users/lab-guangzhou/disable', headers: admin })).statusCode, 200)
  t.equal((await app.inject({ method: 'POST', url: '/tokens', headers: admin, payload: { user: 'lab-guangzhou' } })).statusCode, 409)

  const trail = db.prepare('SELECT action, status, target_json FROM audit_log ORDER BY seq').all() as Array<{ action: string, status: number, target_json: string }>
  t.ok(trail.some((e) => e.action === 'token.create' && e.status === 201 && e.target_json.includes(body.id)))
  t.ok(trail.some((e) => e.action === 'token.revoke' && e.status === 200))
  t.notOk(JSON.stringify(trail).includes(body.token.slice(3)), 'no secret on the trail')
})
