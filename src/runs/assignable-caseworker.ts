import { fail } from '../core/errors.ts'
import type { TokenRepository, UserRecord } from '../storage/token-repository.ts'

/**
 * The account a case may be assigned to (its alerts go there): an active caseworker who may read the
 * case, i.e. of the case's unit or above it (src/storage/unit-scope.ts). One rule for the API
 * (PUT /cases/:id/assignee) and the case page's form. Any other account gets the same refusal.
 */
export function assignableCaseworker (users: Pick<TokenRepository, 'findUser'>, account: unknown, mayRead: (user: UserRecord) => boolean): UserRecord {
  const user = typeof account === 'string' ? users.findUser(account) : undefined
  if (user === undefined || user.disabledAt !== null || user.role !== 'caseworker' || !mayRead(user)) {
    fail('BAD_REQUEST', `"${String(account).slice(0, 100)}" is not an active caseworker account`, { field: 'account' })
  }
  return user
}
