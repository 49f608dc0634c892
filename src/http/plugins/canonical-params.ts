import type { FastifyInstance } from 'fastify'
import { lookupRecordId } from '../../core/record-id.ts'

/**
 * Path parameters name records (`/persons/:id`, `/cases/:caseId/persons/:personId/report`), and
 * records are stored under the id rule in Unicode NFC (src/core/record-id.ts): a parameter is looked
 * up in that form, so "José" sent in NFD (as macOS types it) finds the record stored from Windows, and
 * a PUT's path agrees with its body. Nothing is refused here: an id that breaks the rule names no
 * stored record, so it is simply not found.
 */
export function installCanonicalParams (app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const params = request.params as Record<string, unknown> | null | undefined
    if (params === null || typeof params !== 'object') return
    for (const [name, value] of Object.entries(params)) {
      if (typeof value === 'string') params[name] = lookupRecordId(value)
    }
  })
}
