import { hostname, userInfo } from 'node:os'
import type { AuditEntry } from '../core/trust/audit-chain.ts'
import type { AuditRepository, AuditTarget } from '../storage/audit-repository.ts'

/**
 * Who runs a command, as the audit trail names them: `cli:<login>@<host>`. The `cli:` prefix cannot
 * be an account name (those allow letters, digits and . _ @ - only), so a shell operator is never
 * mistaken for an API account; role is null for the same reason.
 */
export function operatorName (): string {
  let login: string
  try {
    login = userInfo().username
  } catch {
    // a uid without a passwd entry (a container): the uid still says who it was
    login = process.env.USER ?? process.env.LOGNAME ?? `uid-${process.getuid?.() ?? 'unknown'}`
  }
  return `cli:${login}@${hostname()}`
}

/**
 * The exit code of a command recorded as the entry's status: 0 succeeded, 1 refused or failed.
 * (HTTP entries carry the HTTP status; the two never overlap.)
 */
export type CliStatus = 0 | 1

/**
 * Writes a command's entry under the operator's name. Inside an open transaction it joins it, so the
 * entry commits with the change it records; pass `inTransaction: true` to insist on that.
 */
export function recordCli (audit: AuditRepository, action: string, target: AuditTarget, options: { status?: CliStatus, inTransaction?: boolean } = {}): AuditEntry {
  const input = { actor: operatorName(), role: null, action, target, status: options.status ?? 0 }
  return options.inTransaction === true ? audit.appendInTransaction(input) : audit.append(input)
}
