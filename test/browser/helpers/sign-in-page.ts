// Signing in as a person does: typing into the sign-in page, and for a role that needs a second factor
// the enrolment on /me/security, with codes computed from the shown key by the project's TOTP module.
import type { Page } from 'playwright-core'
import { base32Decode, totpCode } from '../../../src/core/trust/totp.ts'

/** Types the name and password (and a code) into /sign-in and waits for the page the service sends to. */
export async function signInThroughPage (page: Page, origin: string, account: { name: string, password: string, code?: string }, next = ''): Promise<void> {
  await page.goto(`${origin}/sign-in${next === '' ? '' : `?next=${encodeURIComponent(next)}`}`)
  await page.locator('#name').fill(account.name)
  await page.locator('#password').fill(account.password)
  if (account.code !== undefined) await page.locator('#code').fill(account.code)
  await Promise.all([page.waitForURL((url) => url.pathname !== '/sign-in'), page.locator('#sign-in button[type=submit]').click()])
}

/** The code an authenticator app shows now for the key as the page prints it (groups of four). */
export function codeFor (shownKey: string, at = Date.now()): string {
  return totpCode(base32Decode(shownKey.replace(/\s+/g, '')) as Buffer, at)
}

/**
 * A first sign-in of an account that must enrol TOTP: the service sends it to /me/security; start the
 * enrolment, read the key the page shows, confirm with the current code. Returns the key (base32).
 */
export async function enrolTotp (page: Page): Promise<string> {
  await page.waitForURL((url) => url.pathname === '/me/security')
  await page.locator('#totp-start-submit').click()
  const key = page.locator('#totp-key')
  await key.waitFor({ state: 'visible' })
  const secret = (await key.inputValue()).replace(/\s+/g, '')
  await page.locator('#totp-code').fill(codeFor(secret))
  await Promise.all([page.waitForURL((url) => url.searchParams.get('done') === 'totp'), page.locator('#totp-confirm-submit').click()])
  return secret
}
