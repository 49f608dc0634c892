import fastifyMultipart from '@fastify/multipart'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ERROR_CODES, fail, type ErrorCode } from '../../core/errors.ts'
import type { FrequencyTable } from '../../core/markers/frequency-table.ts'
import { commitPackedImport, type StoredPerson } from '../../ingest/import-commit-chunked.ts'
import { recoverInterruptedImports } from '../../ingest/import-journal.ts'
import { ImportOptionsSchema, sexOverrideTarget } from '../../ingest/import-options-schema.ts'
import { previewJson } from '../../ingest/preview-transfer.ts'
import { createImportPool } from '../../runs/import-pool.ts'
import { createFrequencyTableRepository } from '../../storage/frequency-table-repository.ts'
import { mayReadSearch } from '../lab-visibility.ts'
import { requirePrincipal } from '../plugins/auth.ts'
import { errorResponses } from '../schemas/error.ts'

const Origin = { line: z.number().int().optional(), element: z.string().optional() }
const SamplePreviewSchema = z.object({
  id: z.string(),
  ...Origin,
  loci: z.record(z.string(), z.tuple([z.string(), z.string()]).readonly()),
  refused: z.array(z.object({ locus: z.string(), reason: z.string(), value: z.string().optional(), ...Origin })),
  ignored: z.array(z.object({ locus: z.string(), reason: z.string(), ...Origin })),
  amelogenin: z.array(z.string()).optional(),
  sex: z.enum(['male', 'female']).optional(),
  assignment: z.object({ side: z.enum(['reference', 'unidentified']), caseId: z.string().optional(), personId: z.string().optional(), relation: z.string().optional(), source: z.string() }).passthrough().optional(),
  warnings: z.array(z.string()),
  problems: z.array(z.string()),
  ok: z.boolean()
})
const ImportPreviewSchema = z.object({
  format: z.string(),
  fileName: z.string(),
  contentHash: z.string(),
  kit: z.string().optional(),
  samples: z.array(SamplePreviewSchema),
  frequencyTables: z.array(z.object({ id: z.string(), population: z.string(), loci: z.number(), alleles: z.number() })),
  pedigrees: z.array(z.object({ name: z.string(), persons: z.array(z.object({ id: z.string(), sex: z.string(), father: z.string().optional(), mother: z.string().optional() })).readonly(), missingPerson: z.string().optional() })),
  errors: z.array(z.string()),
  warnings: z.array(z.string())
})
const CommitResultSchema = z.object({
  mode: z.enum(['all-or-nothing', 'accepted-only']),
  committed: z.boolean(),
  importId: z.number().int().optional(),
  previousImportId: z.number().int().optional(),
  stored: z.object({
    unidentified: z.array(z.string()),
    references: z.array(z.object({ sampleId: z.string(), caseId: z.string(), personId: z.string() })),
    frequencyTables: z.array(z.object({ id: z.string(), version: z.string() })),
    lineage: z.array(z.object({ sampleId: z.string(), personId: z.string(), caseId: z.string().optional(), systems: z.array(z.enum(['yStr', 'mtDna'])) }))
      .optional().describe('lineage markers (issue 14) added to records already stored: which systems, to which person or reference')
  }),
  unchanged: z.array(z.string()),
  refused: z.array(z.object({ id: z.string(), reasons: z.array(z.string()) })),
  reason: z.string().optional()
})
// The counts are a caseworker's (src/http/lab-visibility.ts): a lab is told only whether the search ran now.
const SearchSchema = z.object({ compared: z.number().int().optional(), stored: z.number().int().optional(), deferred: z.boolean() })
const ImportAnswerSchema = z.object({ preview: ImportPreviewSchema, commit: CommitResultSchema.optional(), search: SearchSchema.optional() })

/** Up to this many new persons and changed cases are searched within the upload's request; more wait for a rerun. */
const SEARCH_NOW_LIMIT = 200

/**
 * The answer as JSON bytes. The preview of a 10^5-sample file is tens of MB: serialising it (and checking
 * it against the response schema) on the main thread would hold the event loop for seconds, so the
 * worker's JSON chunks are copied into the answer as they are; the schemas above still document it.
 */
function answerBytes (preview: Buffer, rest: Record<string, unknown>): Buffer {
  const tail = JSON.stringify(rest)
  return Buffer.concat([Buffer.from('{"preview":'), preview, Buffer.from(tail.length > 2 ? ',' : ''), Buffer.from(tail.slice(1))])
}

/**
 * POST /imports (multipart): a `file` part (a lab export) and an optional `options` part holding JSON
 * (ImportOptionsSchema: dryRun, default true; mode; idColumn; rule; mapping; defaultSide; kit;
 * frequencyTableId). A dry run answers 200 with the preview and stores nothing. A commit answers
 * 201 when it stored something, 200 when everything was already stored, and 422 (nothing stored)
 * when all-or-nothing met a bad sample; the 422 details carry the preview and the refusals.
 * Stored persons and changed cases are then searched (`search`), unless the batch is large.
 */
export const importRoutes: FastifyPluginAsyncZod = async (app) => {
  const caps = app.config.importCaps
  await app.register(fastifyMultipart, { limits: { fileSize: caps.maxBytes, files: 1, fields: 4, fieldSize: 1024 * 1024 } })
  const tables = createFrequencyTableRepository(app.db)
  // Reading and previewing run in a worker thread; the commit stays here, in slices (import-commit-chunked.ts).
  const parser = createImportPool()
  app.addHook('onClose', async () => { await parser.close() })
  // An import a crash interrupted is removed before the first request (import-journal.ts).
  const recovered = recoverInterruptedImports(app.db)
  if (recovered.length > 0) app.log.warn({ imports: recovered }, 'removed imports interrupted by a crash')

  app.post('/imports', {
    bodyLimit: caps.maxBytes + 2 * 1024 * 1024,
    schema: { tags: ['imports'], consumes: ['multipart/form-data'], response: { 200: ImportAnswerSchema, 201: ImportAnswerSchema, ...errorResponses } },
    config: { roles: ['lab'], audit: 'import.upload' }
  }, async (request, reply) => {
    if (!request.isMultipart()) fail('BAD_REQUEST', 'send the export as multipart/form-data: a "file" part and an optional "options" part (JSON)')
    let file: { name: string, bytes: Buffer } | undefined
    let rawOptions: unknown = {}
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') fail('BAD_REQUEST', `unexpected file part "${part.fieldname}": send the export as "file"`, { field: part.fieldname })
        const tooLarge = (): never => fail('PAYLOAD_TOO_LARGE', `the file is larger than ${caps.maxBytes} bytes; imports are capped at ${caps.maxBytes} bytes (HOMEWARD_IMPORT_MAX_BYTES): split the file`, { limit: caps.maxBytes })
        // @fastify/multipart throws its own "request file too large" at the cap: answered naming the cap instead
        const bytes = await part.toBuffer().catch((err: { code?: string }) => err.code === 'FST_REQ_FILE_TOO_LARGE' ? tooLarge() : Promise.reject(err))
        if (part.file.truncated) fail('PAYLOAD_TOO_LARGE', `the file is larger than ${caps.maxBytes} bytes; imports are capped at ${caps.maxBytes} bytes (HOMEWARD_IMPORT_MAX_BYTES): split the file`, { limit: caps.maxBytes })
        file = { name: part.filename, bytes }
      } else if (part.fieldname === 'options') {
        try { rawOptions = JSON.parse(String(part.value)) } catch { fail('BAD_REQUEST', 'the options part is not JSON', { field: 'options' }) }
      } else {
        fail('BAD_REQUEST', `unexpected field "${part.fieldname}": only "file" and "options" are accepted`, { field: part.fieldname })
      }
    }
    if (file === undefined) fail('BAD_REQUEST', 'no file part: send the export as multipart field "file"', { field: 'file' })
    const checked = ImportOptionsSchema.safeParse(rawOptions)
    if (!checked.success) fail('BAD_REQUEST', `options: ${checked.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`, { field: 'options' })
    const { dryRun, mode, frequencyTableId, ...options } = checked.data
    const frequencyTable: FrequencyTable | undefined = frequencyTableId === undefined ? undefined : tables.require(frequencyTableId)
    const packed = await parser.preview(file.bytes, { ...options, fileName: file.name, caps, intakeRules: app.config.intakeRules, ...(frequencyTable !== undefined ? { frequencyTable } : {}) })
    request.auditTarget = { file: file.name, contentHash: packed.head.contentHash, format: packed.head.format, samples: packed.sampleCount, dryRun: dryRun ? 1 : 0, ...sexOverrideTarget(options.sexOverrides) }
    const preview = previewJson(packed)
    reply.type('application/json; charset=utf-8')
    if (dryRun) return await reply.status(200).send(answerBytes(preview, {}) as never)
    const who = requirePrincipal(request)
    // The profiles and the upload's audit entry are one transaction (the commit's final one): a crash
    // leaves both or neither.
    let newPersons: StoredPerson[] = []
    const commit = await commitPackedImport(app.db, packed, mode, {
      account: who.userId,
      onPersonsCommitted: (written) => { newPersons = written },
      inFinalTransaction: (c) => {
        const storedNow = c.stored.unidentified.length + c.stored.references.length + c.stored.frequencyTables.length + (c.stored.lineage?.length ?? 0)
        request.auditTarget = { ...request.auditTarget, stored: storedNow, refused: c.refused.length, committed: 1, ...(c.importId === undefined ? {} : { importId: c.importId }) }
        request.audit.inTransaction(storedNow > 0 ? 201 : 200)
      }
    })
    const stored = commit.stored.unidentified.length + commit.stored.references.length + commit.stored.frequencyTables.length + (commit.stored.lineage?.length ?? 0)
    if (!commit.committed) {
      // a refused file stored nothing: its 422 is recorded after the answer, as any refusal
      request.auditTarget = { ...request.auditTarget, stored: 0, refused: commit.refused.length, committed: 0 }
      const code: ErrorCode = 'IMPORT_REFUSED'
      const head = JSON.stringify({ statusCode: ERROR_CODES[code], code, error: 'Unprocessable Entity', message: commit.reason ?? 'import refused' })
      const details = Buffer.concat([Buffer.from('{"details":{"preview":'), preview, Buffer.from(`,"commit":${JSON.stringify(commit)}},`), Buffer.from(head.slice(1))])
      return await reply.status(ERROR_CODES[code]).send(details as never)
    }
    // New profiles are compared at once, as the persons and cases routes do; a national-size batch is
    // left to POST /reruns rather than hold the request for hours.
    // The new persons go to the screen as written (a resync would read back and decrypt every one of
    // them, seconds of the event loop for a national batch); cases and tables changed make it resync.
    if (commit.stored.references.length > 0 || commit.stored.frequencyTables.length > 0 || (commit.stored.lineage?.length ?? 0) > 0) app.services.match.noteBulkWrite()
    await app.services.match.noteImportedPersons(newPersons)
    // lineage markers added to stored records (issue 14) change their pairs' lineage LRs: searched again as new ones are
    const lineage = commit.stored.lineage ?? []
    const cases = [...new Set([...commit.stored.references.map((r) => r.caseId), ...lineage.flatMap((l) => l.caseId === undefined ? [] : [l.caseId])])]
    const people = [...commit.stored.unidentified, ...lineage.flatMap((l) => l.caseId === undefined ? [l.personId] : [])]
    const search = { compared: 0, stored: 0, deferred: people.length + cases.length > SEARCH_NOW_LIMIT }
    if (!search.deferred) {
      for (const id of people) add(search, await app.services.match.searchPerson(id))
      for (const id of cases) add(search, await app.services.match.searchCase(id))
    }
    return await reply.status(stored > 0 ? 201 : 200).send(answerBytes(preview, { commit, search: mayReadSearch(who) ? search : { deferred: search.deferred } }) as never)
  })
}

function add (total: { compared: number, stored: number }, part: { compared: number, stored: number }): void {
  total.compared += part.compared
  total.stored += part.stored
}
