// Issue 16: the admin pages show each account's unit, and an admin moves an account to another unit of
// their scope (PUT /users/:name/unit and the accounts page), audited; out of scope answers as the rest.
import t from 'tap'
import { createAuditRepository } from '../../src/storage/audit-repository.ts'
import { createTokenRepository } from '../../src/storage/token-repository.ts'
import { createUnitRepository, ROOT_UNIT_ID } from '../../src/storage/unit-repository.ts'
import { buildTestApp } from '../helpers/build-test-app.ts'

t.test('an admin moves an account within their scope, audited; another unit\'s account is a 404, a unit outside refused', async (t) => {
  const h = await buildTestApp(t)
  const units = createUnitRepository(h.db)
  const gd = units.create({ parentId: ROOT_UNIT_ID, name: 'Guangdong', level: 'province' })
  const sz = units.create({ parentId: gd.id, name: 'Shenzhen', level: 'city' })
  const gz = units.create({ parentId: gd.id, name: 'Guangzhou', level: 'city' })
  const hn = units.create({ parentId: ROOT_UNIT_ID, name: 'Hunan', level: 'province' })
  const tokens = createTokenRepository(h.db)
  const bearer = (name: string): Record<string, string> => ({ authorization: `Bearer ${tokens.issueToken({ userName: name, createdBy: 'test' }).secret}` })
  tokens.createUser({ name: 'gd-admin', role: 'admin', unitId: gd.id })
  tokens.createUser({ name: 'sz-cw', role: 'caseworker', unitId: sz.id })
  tokens.createUser({ name: 'hn-cw', role: 'caseworker', unitId: hn.id })
  const gdAdmin = bearer('gd-admin')
  const move = async (who: Record<string, string>, name: string, unit: unknown) =>
    await h.app.inject({ method: 'PUT', url: `/users/${name}/unit`, headers: who, payload: { unit } })

  const moved = await move(gdAdmin, 'sz-cw', gz.id)
  t.equal(moved.statusCode, 200, moved.body)
  t.match(moved.json(), { name: 'sz-cw', unit: { id: gz.id, path: 'National / Guangdong / Guangzhou' } })
  t.equal(tokens.findUser('sz-cw')?.unitId, gz.id, 'stored')
  t.match(createAuditRepository(h.db).list({ action: 'user.unit' }), [{ actor: 'gd-admin', status: 200, target: { user: 'sz-cw', unit: String(gz.id), previousUnit: String(sz.id) } }], 'audited with both units')

  t.equal((await move(gdAdmin, 'hn-cw', gz.id)).statusCode, 404, 'another unit\'s account is answered as one that does not exist')
  t.equal(tokens.findUser('hn-cw')?.unitId, hn.id, 'and is not moved')
  const outside = await move(gdAdmin, 'sz-cw', hn.id)
  t.equal(outside.statusCode, 400)
  t.match(outside.json().message, new RegExp(`unit ${hn.id} is not unit ${gd.id} \\(yours\\) or one below it`))
  t.equal(tokens.findUser('sz-cw')?.unitId, gz.id, 'nothing changed')
  t.equal((await move(gdAdmin, 'sz-cw', 'Hunan')).statusCode, 400, 'a unit is named by its id')
  t.equal((await move(bearer('sz-cw'), 'sz-cw', sz.id)).statusCode, 403, 'only admins move accounts')
  t.equal((await move(h.authHeaders('admin'), 'hn-cw', sz.id)).statusCode, 200, 'the national admin moves any account')

  const usersPage = (await h.app.inject({ method: 'GET', url: '/admin/users?lang=en', headers: { ...gdAdmin, accept: 'text/html' } })).body
  t.match(usersPage, /<th scope="col">Unit<\/th>/, 'the accounts page has a unit column')
  t.match(usersPage, /<th scope="row">sz-cw<\/th><td>National \/ Guangdong \/ Guangzhou/, 'with each account\'s unit')
  t.match(usersPage, /data-api="\/users\/sz-cw\/unit" data-method="PUT"/, 'and a form that moves it through the API')
  t.notMatch(usersPage, /National \/ Hunan/, 'offering only units of the admin\'s scope')
  const tokensPage = (await h.app.inject({ method: 'GET', url: '/admin/tokens?lang=en', headers: { ...gdAdmin, accept: 'text/html' } })).body
  t.match(tokensPage, /<td>sz-cw<\/td><td>National \/ Guangdong \/ Guangzhou<\/td>/, 'the tokens page shows the unit of each token\'s account')
  t.match((await h.app.inject({ method: 'GET', url: '/admin/users?lang=zh-CN', headers: { ...gdAdmin, accept: 'text/html' } })).body, /<th scope="col">单位<\/th>/, 'in Chinese too')
})
