import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { openDatabase } from '../../src/storage/database.ts'
import { createTokenRepository } from '../../src/storage/token-repository.ts'
import { createUserCredentialRepository } from '../../src/storage/user-credential-repository.ts'

function freshDb (t: { teardown: (fn: () => void) => unknown }) {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-credentials-'))
  const db = openDatabase(join(dir, 'h.sqlite'))
  t.teardown(() => { db.close(); rmSync(dir, { recursive: true, force: true }) })
  return db
}

t.test('passwords and the TOTP life cycle: pending, confirmed, each step once, reset', async (t) => {
  const db = freshDb(t)
  const user = createTokenRepository(db).createUser({ name: 'admin-wang', role: 'admin' })
  const creds = createUserCredentialRepository(db)
  t.match(creds.get(user.id), { passwordHash: null, totpSecret: null, totpConfirmedAt: null }, 'a token-only account has none')

  creds.setPassword(user.id, 'scrypt$15$8$1$c2FsdA==$a2V5', { mustChange: true, now: new Date('2026-01-02T00:00:00Z') })
  t.match(creds.get(user.id), { passwordHash: 'scrypt$15$8$1$c2FsdA==$a2V5', passwordMustChange: true, passwordChangedAt: '2026-01-02T00:00:00.000Z' })

  t.ok(creds.beginTotp(user.id, 'JBSWY3DPEHPK3PXP'))
  t.ok(creds.beginTotp(user.id, 'KRSXG5CTMVRXEZLU'), 'a pending enrolment can be restarted')
  t.match(creds.get(user.id), { totpSecret: 'KRSXG5CTMVRXEZLU', totpConfirmedAt: null })
  t.ok(creds.confirmTotp(user.id, 1000))
  t.notOk(creds.beginTotp(user.id, 'JBSWY3DPEHPK3PXP'), 'a confirmed factor is not replaced by a new enrolment')
  t.notOk(creds.useTotpStep(user.id, 1000), 'the confirming code cannot sign in')
  t.ok(creds.useTotpStep(user.id, 1001))
  t.notOk(creds.useTotpStep(user.id, 1001), 'nor any code twice')
  t.notOk(creds.useTotpStep(user.id, 1000), 'nor an earlier one')
  creds.resetTotp(user.id)
  t.match(creds.get(user.id), { totpSecret: null, totpConfirmedAt: null, totpLastStep: null, passwordMustChange: true }, 'the password stays')
})
