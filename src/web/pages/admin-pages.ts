import type { FastifyInstance } from 'fastify'
import { adminRerunsPages } from './admin-reruns-pages.ts'
import { adminTablesPages } from './admin-tables-pages.ts'
import { adminTokensPages } from './admin-tokens-pages.ts'
import { adminUsersPages } from './admin-users-pages.ts'

/** The admin's pages (issue 10): accounts, API tokens, frequency tables, batch reruns. */
export async function adminPages (app: FastifyInstance): Promise<void> {
  await adminUsersPages(app)
  await adminTokensPages(app)
  await adminTablesPages(app)
  await adminRerunsPages(app)
}
