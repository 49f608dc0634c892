import type { FastifyInstance } from 'fastify'
import { signInPages } from './sign-in-pages.ts'
import { caseworkerPages } from './caseworker-pages.ts'
import { adminPages } from './admin-pages.ts'
import { auditorPages } from './auditor-pages.ts'
import { securityPages } from './security-pages.ts'
import { labPages } from './lab-pages.ts'

/** Every page group of the workspace, registered by src/web/pages-plugin.ts (add a line per group). */
export const PAGE_GROUPS: ReadonlyArray<(app: FastifyInstance) => Promise<void>> = [
  signInPages,
  adminPages,
  auditorPages,
  securityPages,
  caseworkerPages,
  labPages
]

/** The static files the pages use (src/web/assets). */
export const ASSETS: readonly string[] = [
  'app.css',
  'sign-in.js',
  'admin-api-form.js',
  'admin-users.js',
  'admin-tokens.js',
  'admin-tables.js',
  'admin-reruns.js',
  'security.js',
  'caseworker-inbox.js',
  'lab-upload.js',
  'lab-case-form.js'
]
