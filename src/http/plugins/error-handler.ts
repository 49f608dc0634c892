import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod'
import { HomewardError } from '../../core/errors.ts'

/** The error body of every non-2xx answer. */
export interface ErrorBody {
  statusCode: number
  code: string
  error: string
  message: string
  details?: Record<string, unknown>
}

/**
 * The one place errors become HTTP answers: HomewardError by its catalogued status; a zod request
 * validation failure as 400 naming the path and value at fault; anything else unexpected as 500
 * without internals (the log keeps the stack, never the body, which may hold genotypes).
 */
export function errorHandler (error: FastifyError | HomewardError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof HomewardError) {
    return reply.status(error.statusCode).send(body(error.statusCode, error.code, error.message, error.details))
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
    return reply.status(500).send(body(500, 'INTERNAL', 'internal error'))
  }
  const fe = error as FastifyError
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    // Fastify's own 4xx: malformed JSON, body too large, unsupported media type.
    return reply.status(fe.statusCode).send(body(fe.statusCode, fe.code ?? 'BAD_REQUEST', fe.message))
  }
  request.log.error({ err: { message: error.message, stack: error.stack } }, 'unexpected error')
  return reply.status(500).send(body(500, 'INTERNAL', 'internal error'))
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

function body (statusCode: number, code: string, message: string, details?: Record<string, unknown>): ErrorBody {
  const b: ErrorBody = { statusCode, code, error: STATUS_TEXT[statusCode] ?? 'Error', message }
  if (details !== undefined && Object.keys(details).length > 0) b.details = details
  return b
}
