import type { Database } from '../../src/storage/database.ts'
import { createTokenRepository } from '../../src/storage/token-repository.ts'
import type { Role } from './build-test-app.ts'

/**
 * One more account of a role beside buildTestApp's test-<role> ones (a second lab, a second caseworker),
 * made as an admin would; returns its id and the headers that authenticate as it.
 */
export function addAccount (db: Database, role: Role, name: string): { userId: number, headers: Record<string, string> } {
  const tokens = createTokenRepository(db)
  tokens.createUser({ name, role })
  const { secret } = tokens.issueToken({ userName: name, createdBy: 'test' })
  return { userId: accountId(db, name), headers: { authorization: `Bearer ${secret}` } }
}

/** The users.id of an account, by name (test-lab, test-caseworker, ...). */
export function accountId (db: Database, name: string): number {
  return (db.prepare('SELECT id FROM users WHERE name = ?').get(name) as { id: number }).id
}
