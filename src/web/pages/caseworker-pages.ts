import type { FastifyInstance } from 'fastify'
import { caseworkerInboxPages } from './caseworker-inbox-pages.ts'
import { caseworkerListPages } from './caseworker-list-pages.ts'
import { caseworkerPairPages } from './caseworker-pair-pages.ts'
import { caseworkerRecordPages } from './caseworker-record-pages.ts'
import { weakCasesPages } from './weak-cases-pages.ts'

/** The caseworker's pages (issue 10): inbox, lists, case and person pages, the pair page with review. */
export async function caseworkerPages (app: FastifyInstance): Promise<void> {
  await caseworkerInboxPages(app)
  await caseworkerListPages(app)
  await caseworkerRecordPages(app)
  await caseworkerPairPages(app)
  await weakCasesPages(app)
}
