/**
 * The one catalogue of Homeward's domain errors. Every error carries a stable `code`
 * and the coordinates of what was wrong (sample, person, locus, allele, line), so the
 * HTTP error handler and the CLI can both name the culprit without parsing messages.
 */
export const ERROR_CODES = {
  INVALID_ALLELE: 422,
  INVALID_GENOTYPE: 422,
  UNKNOWN_LOCUS: 422,
  INVALID_PEDIGREE: 422,
  INVALID_CASE: 422,
  INVALID_FREQUENCIES: 422,
  INVALID_MUTATION_MODEL: 422,
  INVALID_PROFILE: 422,
  INVALID_HAPLOTYPE: 422, // a Y-STR haplotype call that is not one (sample, locus, value named)
  INVALID_MITOTYPE: 422, // an mtDNA profile's range or variant that is not one (sample, position, value named)
  UNREADABLE_FILE: 422,
  IMPORT_REFUSED: 422, // an all-or-nothing import met a bad sample: nothing was stored
  TOO_COMPLEX: 422,
  NOT_FOUND: 404,
  CONFLICT: 409,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  CSRF_REFUSED: 403, // a session's state change without its CSRF token, or from another site
  SIGN_IN_INCOMPLETE: 403, // a session that must first enrol its second factor or change a temporary password
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429
} as const

export type ErrorCode = keyof typeof ERROR_CODES

/** Where an error points: any of these that are known. */
export interface ErrorDetails {
  sample?: string
  person?: string
  locus?: string
  allele?: string
  value?: string
  line?: number
  field?: string
  [key: string]: string | number | undefined
}

export class HomewardError extends Error {
  readonly code: ErrorCode
  readonly details: ErrorDetails
  /** Every problem of one request when there are several (this error is then their summary). */
  readonly problems: readonly HomewardError[]

  constructor (code: ErrorCode, message: string, details: ErrorDetails = {}, problems: readonly HomewardError[] = []) {
    super(message)
    this.name = 'HomewardError'
    this.code = code
    this.details = details
    this.problems = problems
  }

  /** The HTTP status this error maps to. */
  get statusCode (): number {
    return ERROR_CODES[this.code]
  }
}

/** Shorthand for throwing a catalogued error. */
export function fail (code: ErrorCode, message: string, details: ErrorDetails = {}): never {
  throw new HomewardError(code, message, details)
}

/**
 * Runs `fn`; a HomewardError it throws is added to `into` (its own problems, when it has several)
 * instead of stopping the caller, so one request's mistakes are all reported together.
 */
export function collectErrors<T> (into: HomewardError[], fn: () => T): T | undefined {
  try {
    return fn()
  } catch (err) {
    if (!(err instanceof HomewardError)) throw err
    into.push(...(err.problems.length > 0 ? err.problems : [err]))
    return undefined
  }
}

/**
 * Throws the collected problems, if any: one as itself, several as one error of the first one's code
 * whose message lists them all and whose `problems` keep each one's details (sample, locus, value).
 */
export function failAll (problems: readonly HomewardError[]): void {
  if (problems.length === 0) return
  if (problems.length === 1) throw problems[0]
  throw new HomewardError(problems[0].code, `${problems.length} problems: ${problems.map((p) => p.message).join('; ')}`, problems[0].details, problems)
}
