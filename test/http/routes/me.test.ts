import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { createTokenRepository } from '../../../src/storage/token-repository.ts'
import { buildTestApp } from '../../helpers/build-test-app.ts'
import { multipartBody } from '../../helpers/fuzz-inputs.ts'

const FILE = fileURLToPath(new URL('../../../fixtures/formats/genemapper/smartrank/GeneMapperExample.txt', import.meta.url))

t.test('a lab sees its own uploads and nobody else\'s', async (t) => {
  const h = await buildTestApp(t)
  const tokens = createTokenRepository(h.db)
  tokens.createUser({ name: 'lab-other', role: 'lab' })
  const other = { authorization: `Bearer ${tokens.issueToken({ userName: 'lab-other', createdBy: 'test' }).secret}` }
  const upload = async (headers: Record<string, string>, options: unknown) => {
    const m = multipartBody({ name: 'GeneMapperExample.txt', bytes: readFileSync(FILE) }, JSON.stringify(options))
    return await h.app.inject({ method: 'POST', url: '/imports', headers: { ...headers, 'content-type': m.contentType }, payload: m.body })
  }
  t.ok((await upload(h.authHeaders('lab'), { dryRun: true })).statusCode < 500)
  t.ok((await upload(h.authHeaders('lab'), { dryRun: false, defaultSide: 'unidentified', mode: 'accepted-only' })).statusCode < 500)
  t.ok((await upload(other, { dryRun: true })).statusCode < 500)

  const mine = await h.app.inject({ method: 'GET', url: '/me/imports', headers: h.authHeaders('lab') })
  t.equal(mine.statusCode, 200)
  const uploads = (mine.json() as { uploads: Array<{ file: string, dryRun: boolean, contentHash: string }> }).uploads
  t.equal(uploads.length, 2, 'two uploads by test-lab')
  t.same(uploads.map((u) => u.dryRun), [true, false])
  t.ok(uploads.every((u) => u.file === 'GeneMapperExample.txt' && /^[0-9a-f]{64}$/.test(u.contentHash)))
  const theirs = (await h.app.inject({ method: 'GET', url: '/me/imports', headers: other })).json() as { uploads: unknown[] }
  t.equal(theirs.uploads.length, 1, 'the other lab sees only its one')
  t.equal((await h.app.inject({ method: 'GET', url: '/me/imports', headers: h.authHeaders('caseworker') })).statusCode, 403)

  const me = await h.app.inject({ method: 'GET', url: '/me', headers: h.authHeaders('auditor') })
  t.match(me.json(), { account: 'test-auditor', role: 'auditor', tokenId: /^tok_/ })
  t.equal((await h.app.inject({ method: 'GET', url: '/me' })).statusCode, 401)
})
