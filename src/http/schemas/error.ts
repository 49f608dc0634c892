import { z } from 'zod'

/** The body of every error answer (see src/http/plugins/error-handler.ts). */
export const ErrorSchema = z.object({
  statusCode: z.number().int(),
  code: z.string(),
  error: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional()
})

/** Response schemas for the error statuses a route may answer (auth, validation, not found, conflict, limits). */
export const errorResponses = {
  400: ErrorSchema,
  401: ErrorSchema,
  403: ErrorSchema,
  404: ErrorSchema,
  409: ErrorSchema,
  413: ErrorSchema,
  422: ErrorSchema,
  429: ErrorSchema
} as const
