import type { Role } from '../../core/trust/token.ts'
import { commonMessages } from '../common-messages.ts'
import type { Locale } from '../messages.ts'

const ROLE_KEY = { lab: 'roleLab', caseworker: 'roleCaseworker', admin: 'roleAdmin', auditor: 'roleAuditor' } as const

/** A role as the admin pages name it, in the page's language ("caseworker", "案件承办人"). */
export function roleName (locale: Locale, role: Role): string {
  return commonMessages(locale)(ROLE_KEY[role])
}
