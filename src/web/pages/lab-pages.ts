import type { FastifyInstance } from 'fastify'
import { labCasePages } from './lab-case-pages.ts'
import { labPersonPages } from './lab-person-pages.ts'
import { labUploadPages } from './lab-upload-pages.ts'
import { labUploadsPages } from './lab-uploads-pages.ts'

/** The lab technician's pages (issue 10): upload with preview and commit, a family case, a person, own uploads. */
export async function labPages (app: FastifyInstance): Promise<void> {
  await labUploadPages(app)
  await labCasePages(app)
  await labPersonPages(app)
  await labUploadsPages(app)
}
