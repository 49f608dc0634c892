import { validateHeaderValue } from 'node:http'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod'
import { ERROR_CODES, HomewardError, type ErrorCode } from '../../core/errors.ts'

/** The error body of every non-2xx answer. */
export interface ErrorBody {
  statusCode: number
  code: string
  error: string
  message: string
  details?: Record<string, unknown>
}

/** The code of an unexpected failure: the only code outside the catalogue a client ever sees. */
const INTERNAL = 'INTERNAL'

/**
 * Error answers, in one place: the error handler, the 404 of a URL no route serves, and a last guard
 * on the way out. Call before the routes are registered.
 */
export function installErrorHandling (app: FastifyInstance): void {
  app.setErrorHandler(errorHandler)
  app.setNotFoundHandler(notFoundHandler)
  app.addHook('onSend', guardErrorAnswer)
}

/**
 * The one place errors become HTTP answers: HomewardError by its catalogued status; a zod request
 * validation failure as 400 naming the path and value at fault; Fastify's own refusals (malformed
 * JSON, body too large, unsupported media type) with their message under the catalogue code of their
 * status; anything else as 500 with a generic message and the request id. Node, SQLite and Fastify
 * codes and messages never reach the client (they describe the server, not the request); the log
 * keeps them, never the body, which may hold genotypes.
 */
export function errorHandler (error: FastifyError | HomewardError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  // A header the route set before failing (a file name with a character HTTP cannot carry) would
  // make this answer fail too, and Fastify's fallback would send the raw error: drop it.
  dropInvalidHeaders(reply)
  if (error instanceof HomewardError) {
    // several problems of one request: each with its code, message and coordinates (sample, locus, value)
    const details = error.problems.length === 0 ? error.details : { ...error.details, problems: error.problems.map((p) => ({ code: p.code, message: p.message, ...p.details })) }
    return reply.status(error.statusCode).send(body(error.statusCode, error.code, error.message, details))
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((v) => {
      const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.')
      return `${error.validationContext ?? 'body'}${path === '' ? '' : '.' + path}: ${v.message}`
    })
    return reply.status(400).send(body(400, 'BAD_REQUEST', issues.join('; '), { issues: error.validation.map((v) => ({ path: v.instancePath, message: v.message })) }))
  }
  if (isResponseSerializationError(error)) {
    request.log.error({ err: { message: error.message, method: error.method, url: error.url } }, 'response failed its schema')
    return reply.status(500).send(internalBody(request.id))
  }
  const fe = error as FastifyError
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    // Fastify's own 4xx: the message is about the request (the client's own bytes), the code is not ours.
    return reply.status(fe.statusCode).send(body(fe.statusCode, codeOfStatus(fe.statusCode), fe.message))
  }
  request.log.error({ err: { code: fe.code, message: error.message, stack: error.stack } }, 'unexpected error')
  return reply.status(500).send(internalBody(request.id))
}

/** A URL that no route serves: 404 naming the method and path (not the query string). */
export function notFoundHandler (request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const path = request.url.split('?')[0].slice(0, 200)
  return reply.status(404).send(body(404, 'NOT_FOUND', `no route ${request.method} ${path}`))
}

/**
 * The last guard: when an error happens while an error answer is being sent (the audit record of a
 * refused request cannot be written, say), Fastify answers with its own handler, which puts the raw
 * code and message in the body (`SQLITE_IOERR_WRITE`, under the first answer's status). Such an answer
 * is replaced here by the generic 500. Bodies without a code (a page's own) are left alone.
 */
async function guardErrorAnswer (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  if (reply.statusCode < 400 || typeof payload !== 'string' || !payload.startsWith('{')) return payload
  let code: unknown
  let message: unknown
  try {
    ({ code, message } = JSON.parse(payload) as { code?: unknown, message?: unknown })
  } catch {
    return payload
  }
  if (typeof code !== 'string' || code === INTERNAL || Object.hasOwn(ERROR_CODES, code)) return payload
  request.log.error({ err: { code, message }, statusCode: reply.statusCode }, 'an internal error reached an answer: replaced by a generic 500')
  dropInvalidHeaders(reply)
  reply.status(500).header('content-type', 'application/json; charset=utf-8')
  return JSON.stringify(internalBody(request.id))
}

function dropInvalidHeaders (reply: FastifyReply): void {
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value === undefined) continue
    try {
      for (const v of [value].flat()) validateHeaderValue(name, String(v))
    } catch {
      reply.removeHeader(name)
    }
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error'
}

/** The catalogue code of a 4xx status that Fastify or a plugin produced (BAD_REQUEST when none fits). */
const CODE_OF_STATUS: Record<number, ErrorCode> = {
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED'
}
function codeOfStatus (status: number): ErrorCode {
  return CODE_OF_STATUS[status] ?? 'BAD_REQUEST'
}

function internalBody (requestId: string): ErrorBody {
  return body(500, INTERNAL, `internal error: the service could not answer this request; the operator finds it in the log under request id ${requestId}`, { requestId })
}

function body (statusCode: number, code: string, message: string, details?: Record<string, unknown>): ErrorBody {
  const b: ErrorBody = { statusCode, code, error: STATUS_TEXT[statusCode] ?? 'Error', message }
  if (details !== undefined && Object.keys(details).length > 0) b.details = details
  return b
}
