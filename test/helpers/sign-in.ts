import { hashPassword } from '../../src/core/trust/password.ts'
import { base32Decode, totpCode } from '../../src/core/trust/totp.ts'
import type { Role } from '../../src/core/trust/token.ts'
import type { App } from '../../src/http/app.ts'
import type { Database } from '../../src/storage/database.ts'
import { createTokenRepository } from '../../src/storage/token-repository.ts'
import { createUserCredentialRepository } from '../../src/storage/user-credential-repository.ts'

/** A clock a test moves by hand (TrustOptions.now), starting at a fixed moment. */
export function testClock (start = '2026-05-04T09:00:00Z') {
  let ms = Date.parse(start)
  return {
    now: () => new Date(ms),
    advance: (seconds: number) => { ms += seconds * 1000 }
  }
}

/** An account with a password of its own (not temporary), made as `homeward user create` would. */
export async function addPerson (db: Database, name: string, role: Role, password: string): Promise<number> {
  const user = createTokenRepository(db).createUser({ name, role })
  createUserCredentialRepository(db).setPassword(user.id, await hashPassword(password), { mustChange: false })
  return user.id
}

/** The 6-digit code an authenticator app shows for a base32 secret at a moment. */
export function codeAt (secret: string, at: Date): string {
  return totpCode(base32Decode(secret) as Buffer, at.getTime())
}

export interface SignedIn {
  status: number
  /** The Cookie header to send back, or '' when no session was set. */
  cookie: string
  setCookie: string
  csrfToken: string
  body: Record<string, unknown>
}

/** POST /session as a browser's fetch would (JSON), returning what the next requests need. */
export async function signIn (app: App, fields: { name: string, password: string, code?: string }, extra: { remoteAddress?: string, headers?: Record<string, string> } = {}): Promise<SignedIn> {
  const r = await app.inject({ method: 'POST', url: '/session', payload: fields, headers: extra.headers, remoteAddress: extra.remoteAddress })
  const setCookie = String(r.headers['set-cookie'] ?? '')
  const cookie = /^(homeward_session=hws_[^;]+)/.exec(setCookie)?.[1] ?? ''
  const body = r.json() as Record<string, unknown>
  return { status: r.statusCode, cookie, setCookie, csrfToken: typeof body.csrfToken === 'string' ? body.csrfToken : '', body }
}
