import { z } from 'zod'
import { isTimeZone } from './i18n/format-date.ts'
import { ROLES, type Role } from './core/trust/token.ts'
import { MAX_IMPORT_BYTES, MAX_TABLE_ROWS } from './ingest/import-limits.ts'
import type { ImportCaps } from './ingest/import-caps.ts'

/**
 * The service's settings, from the environment, with defaults that give a working service with no
 * set-up. Pure: the caller passes the environment (process.env in src/server.ts, a literal in tests).
 */
const EnvSchema = z.object({
  HOMEWARD_DB: z.string().min(1).default('./data/homeward.sqlite'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Balding–Nichols θ; NRC II recommendation 4.10 suggests 0.01, 0.03 for small isolated populations. */
  HOMEWARD_THETA: z.coerce.number().min(0).max(0.25).default(0.01),
  /** Worker threads of the match pool; 0 = one fewer than the CPUs (at least 1). */
  HOMEWARD_WORKERS: z.coerce.number().int().min(0).max(256).default(0),
  /** The population used by cases that do not name one. */
  HOMEWARD_FREQUENCY_TABLE: z.string().min(1).default('nist1036_asian'),
  /** 'stepwise' (default, per-locus per-sex published rates) or 'none'. */
  HOMEWARD_MUTATION: z.enum(['stepwise', 'none']).default('stepwise'),
  /** Stepwise range: the weight of a ±k step is range^k (pedmut/Familias default 0.5). */
  HOMEWARD_MUTATION_RANGE: z.coerce.number().gt(0).lt(1).default(0.5),
  /** Mutation rates per meiosis for loci without a published rate. */
  HOMEWARD_MUTATION_DEFAULT_PATERNAL: z.coerce.number().min(0).max(0.1).default(0.002),
  HOMEWARD_MUTATION_DEFAULT_MATERNAL: z.coerce.number().min(0).max(0.1).default(0.0005),
  /** Frequency for an allele absent from the table when the locus sample size is unknown (NRC II 5/2N otherwise). */
  HOMEWARD_UNKNOWN_ALLELE_FLOOR: z.coerce.number().gt(0).lt(1).default(0.001),
  /** The lab or agency that issues match reports, printed at the head of each (a court asks who issued it). */
  HOMEWARD_AGENCY_NAME: z.string().trim().min(1).max(200).optional(),
  /** The IANA time zone reports print their times in (the national system runs on Beijing time). */
  HOMEWARD_TIME_ZONE: z.string().refine(isTimeZone, 'not an IANA time zone, e.g. Asia/Shanghai').default('Asia/Shanghai'),
  /** The LR threshold of a match (dvir and GB/T 37223: 10^4). */
  HOMEWARD_LR_THRESHOLD: z.coerce.number().gt(1).default(10000),
  /**
   * The candidate floor: every same-sex pair whose LR reaches it is scored and listed (dvir's "probable",
   * 10^3). Pairs that cannot reach it are screened out before the engine, which is what keeps searches of
   * 10^6 cases interactive. 0 scores and lists every same-sex pair (a small database can afford it).
   */
  HOMEWARD_CANDIDATE_LR: z.coerce.number().min(0).default(1000),
  /**
   * The weak-case bar: a case whose true child would reach LR 10^4 with a probability below it is listed for
   * outreach (issue 12). 0.5: a family more likely than not to miss its own child at the match level.
   */
  HOMEWARD_WEAK_POWER: z.coerce.number().gt(0).max(1).default(0.5),
  /** Genotype sets simulated per relative a family could still give (family power); more: smaller standard errors, slower. */
  HOMEWARD_POWER_SIMULATIONS: z.coerce.number().int().min(1).max(10_000).default(20),
  /**
   * 'on' (default): every case's power is computed when it is stored and swept when its inputs change.
   * 'on-request': only when the power is asked for (API, case page, report): for test runs, where the
   * in-process runner would compute on the event loop after every case a test stores.
   */
  HOMEWARD_POWER_ON_ENTRY: z.enum(['on', 'on-request']).default('on'),
  /**
   * Caps on one import (HTTP upload or `homeward import`): the file's size in bytes and the data rows of a
   * table (blank lines not counted). Each may lower, never raise, the importer's built-in bound
   * (src/ingest/import-limits.ts); a file over a cap is refused naming the variable and its value.
   */
  HOMEWARD_IMPORT_MAX_BYTES: z.coerce.number().int().min(1).max(MAX_IMPORT_BYTES).default(MAX_IMPORT_BYTES),
  HOMEWARD_IMPORT_MAX_ROWS: z.coerce.number().int().min(1).max(MAX_TABLE_ROWS).default(MAX_TABLE_ROWS),
  /**
   * The fewest STR loci an unidentified person's profile may have (a full kit types 15–27): below it an
   * unrelated person clears the match threshold against too many families. And the fewest of each typed
   * reference, lower because a relative's sample may be old, degraded or from remains and cannot always
   * be retyped (family power then shows whether the case can reach the match level).
   */
  HOMEWARD_MIN_LOCI: z.coerce.number().int().min(1).max(100).default(12),
  HOMEWARD_MIN_REFERENCE_LOCI: z.coerce.number().int().min(1).max(100).default(8),
  /** Minutes without a request after which a person's session ends (it also ends 12 h after sign-in). */
  HOMEWARD_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(720).default(30),
  /** '1': the session cookie is Secure (sent over HTTPS only); '0': not. Unset: Secure unless HOST is a loopback address. */
  HOMEWARD_COOKIE_SECURE: z.enum(['0', '1']).optional(),
  /** Roles that must give a TOTP code at sign-in, comma-separated; admin always does. */
  HOMEWARD_TOTP_ROLES: z.string().default('admin')
})

/** Addresses only this machine can reach: over them a cookie travels without TLS and stays on the host. */
function isLoopback (host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host)
}

function totpRoles (text: string): Role[] {
  const named = text.split(',').map((r) => r.trim()).filter((r) => r !== '')
  for (const r of named) {
    if (!(ROLES as readonly string[]).includes(r)) throw new Error(`invalid configuration: HOMEWARD_TOTP_ROLES: "${r}" is not a role (${ROLES.join(', ')})`)
  }
  // Admins hold the keys to every account: their second factor is not a policy choice.
  return ROLES.filter((r) => r === 'admin' || named.includes(r))
}

export interface Config {
  dbFile: string
  port: number
  host: string
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  theta: number
  workers: number
  defaultFrequencyTable: string
  mutation: {
    model: 'stepwise' | 'none'
    range: number
    defaultPaternalRate: number
    defaultMaternalRate: number
  }
  unknownAlleleFloor: number
  /** Who issues reports and in which time zone they print times. */
  report: { agency: string | null, timeZone: string }
  lrThreshold: number
  candidateLr: number
  /** The weak-case bar on P(LR ≥ 10^4 | the true child) (family power). */
  weakPower: number
  /** Simulations per next relative of family power. */
  powerSimulations: number
  /** False: family power only on request (HOMEWARD_POWER_ON_ENTRY=on-request). */
  powerOnEntry: boolean
  /** Caps on one imported file (HOMEWARD_IMPORT_MAX_BYTES, HOMEWARD_IMPORT_MAX_ROWS). */
  importCaps: ImportCaps
  /** The least a profile must hold to be stored (HOMEWARD_MIN_LOCI, HOMEWARD_MIN_REFERENCE_LOCI). */
  intakeRules: { minPersonLoci: number, minReferenceLoci: number }
  /** People's sign-in (src/http/plugins/session.ts). */
  signIn: {
    idleMinutes: number
    cookieSecure: boolean
    totpRoles: Role[]
  }
}

/** Parses the environment; an invalid value throws a message naming the variable. */
export function loadConfig (env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
    throw new Error(`invalid configuration: ${issues}`)
  }
  const e = parsed.data
  if (e.HOMEWARD_CANDIDATE_LR > e.HOMEWARD_LR_THRESHOLD) {
    throw new Error(`invalid configuration: HOMEWARD_CANDIDATE_LR (${e.HOMEWARD_CANDIDATE_LR}) is above HOMEWARD_LR_THRESHOLD (${e.HOMEWARD_LR_THRESHOLD}): matches at the threshold would be screened out`)
  }
  return {
    dbFile: e.HOMEWARD_DB,
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    theta: e.HOMEWARD_THETA,
    workers: e.HOMEWARD_WORKERS,
    defaultFrequencyTable: e.HOMEWARD_FREQUENCY_TABLE,
    mutation: {
      model: e.HOMEWARD_MUTATION,
      range: e.HOMEWARD_MUTATION_RANGE,
      defaultPaternalRate: e.HOMEWARD_MUTATION_DEFAULT_PATERNAL,
      defaultMaternalRate: e.HOMEWARD_MUTATION_DEFAULT_MATERNAL
    },
    unknownAlleleFloor: e.HOMEWARD_UNKNOWN_ALLELE_FLOOR,
    report: { agency: e.HOMEWARD_AGENCY_NAME ?? null, timeZone: e.HOMEWARD_TIME_ZONE },
    lrThreshold: e.HOMEWARD_LR_THRESHOLD,
    candidateLr: e.HOMEWARD_CANDIDATE_LR,
    weakPower: e.HOMEWARD_WEAK_POWER,
    powerSimulations: e.HOMEWARD_POWER_SIMULATIONS,
    powerOnEntry: e.HOMEWARD_POWER_ON_ENTRY === 'on',
    importCaps: { maxBytes: e.HOMEWARD_IMPORT_MAX_BYTES, maxRows: e.HOMEWARD_IMPORT_MAX_ROWS },
    intakeRules: { minPersonLoci: e.HOMEWARD_MIN_LOCI, minReferenceLoci: e.HOMEWARD_MIN_REFERENCE_LOCI },
    signIn: {
      idleMinutes: e.HOMEWARD_SESSION_IDLE_MINUTES,
      cookieSecure: e.HOMEWARD_COOKIE_SECURE === undefined ? !isLoopback(e.HOST) : e.HOMEWARD_COOKIE_SECURE === '1',
      totpRoles: totpRoles(e.HOMEWARD_TOTP_ROLES)
    }
  }
}
