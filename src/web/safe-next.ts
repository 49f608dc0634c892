/**
 * A `next` address that stays on this site: a path, never `//host`, `/\host` or a scheme, and not a
 * sign-in page; anything else is undefined (the caller then uses the role's start page).
 *
 * @example safeNext('/cases/C1') === '/cases/C1'; safeNext('//evil.example/') === undefined
 */
export function safeNext (next: unknown): string | undefined {
  return typeof next === 'string' && /^\/(?![/\\])[^\s]*$/.test(next) && !next.startsWith('/sign-') ? next : undefined
}
