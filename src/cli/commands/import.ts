import { existsSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { HomewardError } from '../../core/errors.ts'
import type { FrequencyTable } from '../../core/markers/frequency-table.ts'
import { checkImportSize, type ImportCaps } from '../../ingest/import-caps.ts'
import { commitPackedImport } from '../../ingest/import-commit-chunked.ts'
import type { CommitResult } from '../../ingest/import-commit.ts'
import { recoverInterruptedImports } from '../../ingest/import-journal.ts'
import { ImportMappingSchema, SexOverridesSchema, sexOverrideTarget } from '../../ingest/import-options-schema.ts'
import type { ImportOptions, ImportPreview } from '../../ingest/import-preview.ts'
import { unpackPreview, type PackedPreview } from '../../ingest/preview-transfer.ts'
import { createImportPool, type ImportParser } from '../../runs/import-pool.ts'
import { parseImportFile } from '../../ingest/parse-file.ts'
import { loadConfig } from '../../config.ts'
import { createInProcessRunner } from '../../runs/in-process-runner.ts'
import { createMatchService } from '../../runs/match-service.ts'
import { createAuditRepository } from '../../storage/audit-repository.ts'
import { openDatabase, type Database } from '../../storage/database.ts'
import { createFrequencyTableRepository } from '../../storage/frequency-table-repository.ts'
import { terminalSafe, terminalSafeJson } from '../terminal-text.ts'
import { databaseFile, parseArgs, stringFlag, UsageError, type ParsedArgs } from '../trust-args.ts'
import { recordCli } from '../operator.ts'

const USAGE = `usage: homeward import FILE ... [--dry-run] [--json] [--mapping MAPPING.json] [--rule REGEX]
  [--id-column NAME] [--default-side unidentified] [--kit NAME] [--frequency-table FILE|ID]
  [--mode all-or-nothing|accepted-only] [--sex-overrides OVERRIDES.json] [--db FILE]
  --dry-run   parse, validate and show; store nothing
  --json      one JSON object per file: {"format", "samples": [{"id", "loci", "refused", ...}], "errors", ...}
  --sex-overrides  {"SAMPLE": {"reason": "..."}}: keep the stated sex of an unidentified person whose amelogenin contradicts it
  --rule      naming rule with named groups case, relation (person), e.g. '^(?<case>FAM\\d+)-(?<person>\\d+)-(?<relation>[A-Z]+)$'
`

/**
 * `homeward import FILE ...`: detect, parse, validate and preview lab exports; without --dry-run, commit
 * the accepted samples to the database (HOMEWARD_DB or --db) in one transaction per file.
 * Exit 0 when every file was read (and, committing, stored or already stored); 1 when a file cannot be
 * read at all (reason on stderr) or a commit was refused; 2 for a usage error.
 */
export async function run (args: string[]): Promise<number> {
  let parsed: ParsedArgs
  try {
    parsed = parseArgs(args, ['dry-run', 'json'])
    if (parsed.positionals.length === 0) throw new UsageError('no FILE given')
    const mode = stringFlag(parsed, 'mode') ?? 'all-or-nothing'
    if (mode !== 'all-or-nothing' && mode !== 'accepted-only') throw new UsageError(`--mode must be all-or-nothing or accepted-only, not "${mode}"`)
    const side = stringFlag(parsed, 'default-side')
    if (side !== undefined && side !== 'unidentified') throw new UsageError('--default-side can only be "unidentified"')
  } catch (err) {
    if (!(err instanceof UsageError)) throw err
    process.stderr.write(`homeward import: ${err.message}\n${USAGE}`)
    return 2
  }
  const dryRun = parsed.flags.has('dry-run')
  const json = parsed.flags.has('json')
  let status = 0
  let options: ImportOptions
  try {
    options = await readOptions(parsed, dryRun)
  } catch (err) {
    process.stderr.write(terminalSafe(`homeward import: ${err instanceof HomewardError || err instanceof SyntaxError ? err.message : String(err)}`) + '\n')
    return 1
  }
  // The service's import path: read and previewed in the import worker (bounded heap, the configured
  // caps), committed in slices with its journal (import-commit-chunked.ts).
  const config = loadConfig(process.env)
  const caps = config.importCaps
  // The service's minimum loci: a sample below it is a problem of the preview, as in POST /imports.
  options.intakeRules = config.intakeRules
  const parser = createImportPool()
  try {
    for (const file of parsed.positionals) {
      status = Math.max(status, await importOne(file, parsed, options, caps, parser, dryRun, json))
    }
  } finally { await parser.close() }
  return status
}

/** One file: 0 when read (and, committing, stored or already stored), 1 otherwise. */
async function importOne (file: string, parsed: ParsedArgs, options: ImportOptions, caps: ImportCaps, parser: ImportParser, dryRun: boolean, json: boolean): Promise<number> {
  let status = 0
  try {
    checkImportSize((await stat(file)).size, caps)
    const packed = await parser.preview(await readFile(file), { ...options, fileName: basename(file), caps })
    const preview = unpackPreview(packed)
    let commit: CommitResult | undefined
    let search: SearchOutcome | undefined
    if (!dryRun) {
      const db = openDatabase(databaseFile(parsed))
      try {
        recoverInterruptedImports(db)
        commit = await commitRecorded(db, packed, stringFlag(parsed, 'mode') === 'accepted-only' ? 'accepted-only' : 'all-or-nothing', options.sexOverrides)
        if (commit.committed) search = await searchStored(db, commit)
      } finally { db.close() }
      if (!commit.committed) status = 1
    }
    // What a lab file holds is printed with its control characters made visible (terminal-text.ts).
    process.stdout.write(json ? terminalSafeJson(JSON.stringify(commit === undefined ? preview : { ...preview, commit, search })) + '\n' : describe(file, preview, commit, search))
  } catch (err) {
    const message = err instanceof HomewardError ? err.message : (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(err)
    process.stderr.write(terminalSafe(`homeward import: ${file}: ${message}`) + '\n')
    status = 1
  }
  return status
}

async function readOptions (parsed: ParsedArgs, dryRun: boolean): Promise<ImportOptions> {
  const options: ImportOptions = {}
  const mapping = stringFlag(parsed, 'mapping')
  if (mapping !== undefined) {
    const checked = ImportMappingSchema.safeParse(JSON.parse(await readFile(mapping, 'utf8')))
    if (!checked.success) throw new HomewardError('BAD_REQUEST', `--mapping ${mapping}: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
    options.mapping = checked.data
  }
  const overrides = stringFlag(parsed, 'sex-overrides')
  if (overrides !== undefined) {
    const checked = SexOverridesSchema.safeParse(JSON.parse(await readFile(overrides, 'utf8')))
    if (!checked.success) throw new HomewardError('BAD_REQUEST', `--sex-overrides ${overrides}: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
    options.sexOverrides = checked.data
  }
  for (const [flag, key] of [['rule', 'rule'], ['id-column', 'idColumn'], ['kit', 'kit']] as const) {
    const v = stringFlag(parsed, flag)
    if (v !== undefined) options[key] = v
  }
  if (stringFlag(parsed, 'default-side') === 'unidentified') options.defaultSide = 'unidentified'
  const table = stringFlag(parsed, 'frequency-table')
  if (table !== undefined) options.frequencyTable = await loadTable(table, parsed, dryRun)
  return options
}

/** A frequency table from a file (any supported layout with one population), or by id from the database. */
async function loadTable (ref: string, parsed: ParsedArgs, dryRun: boolean): Promise<FrequencyTable> {
  if (existsSync(ref)) {
    const tables = parseImportFile(await readFile(ref), { fileName: basename(ref) }).frequencyTables
    if (tables.length !== 1) throw new HomewardError('BAD_REQUEST', `--frequency-table ${ref}: the file holds ${tables.length} tables; give a file with one population`)
    return tables[0]
  }
  const file = databaseFile(parsed)
  if (dryRun && !existsSync(file)) throw new HomewardError('NOT_FOUND', `--frequency-table ${ref}: no such file, and no database at ${file} to look it up in`)
  const db = openDatabase(file)
  try { return createFrequencyTableRepository(db).require(ref) } finally { db.close() }
}

/**
 * Commits a previewed file and writes its audit entry (`import.upload`, under the operator's login and
 * host) in the same transaction: a crash leaves both or neither, never profiles stored unrecorded.
 * A refused file stored nothing; its entry (status 1) is written afterwards.
 */
export async function commitRecorded (db: Database, packed: PackedPreview, mode: CommitResult['mode'], sexOverrides?: ReadonlyMap<string, unknown>): Promise<CommitResult> {
  const audit = createAuditRepository(db)
  const target = (c: CommitResult): Record<string, string | number> => ({
    file: packed.head.fileName,
    contentHash: packed.head.contentHash,
    format: packed.head.format,
    samples: packed.sampleCount,
    stored: c.stored.unidentified.length + c.stored.references.length + c.stored.frequencyTables.length,
    refused: c.refused.length,
    committed: c.committed ? 1 : 0,
    ...(c.importId === undefined ? {} : { importId: c.importId }),
    ...sexOverrideTarget(sexOverrides)
  })
  const commit = await commitPackedImport(db, packed, mode, {
    inFinalTransaction: (c) => { recordCli(audit, 'import.upload', target(c), { inTransaction: true }) }
  })
  if (!commit.committed) recordCli(audit, 'import.upload', target(commit), { status: 1 })
  return commit
}

interface SearchOutcome { compared: number, stored: number, deferred: boolean }

/** Up to this many new persons and changed cases are searched right after the commit; more: `homeward rerun`. */
const SEARCH_NOW_LIMIT = 200

/** Compares what was stored against the other side, in-process, as the HTTP import does. */
async function searchStored (db: Database, commit: CommitResult): Promise<SearchOutcome> {
  const cases = [...new Set(commit.stored.references.map((r) => r.caseId))]
  const out = { compared: 0, stored: 0, deferred: commit.stored.unidentified.length + cases.length > SEARCH_NOW_LIMIT }
  if (out.deferred || commit.stored.unidentified.length + cases.length === 0) return out
  const runner = createInProcessRunner()
  try {
    const match = createMatchService({ db, runner, settings: loadConfig(process.env) })
    for (const id of commit.stored.unidentified) { const r = await match.searchPerson(id); out.compared += r.compared; out.stored += r.stored }
    for (const id of cases) { const r = await match.searchCase(id); out.compared += r.compared; out.stored += r.stored }
  } finally { await runner.close() }
  return out
}

function describe (file: string, p: ImportPreview, commit: CommitResult | undefined, search: SearchOutcome | undefined): string {
  const out = [`${file}: ${p.format}, ${p.samples.length} sample(s), ${p.frequencyTables.length} frequency table(s)`]
  for (const s of p.samples) {
    const where = s.assignment === undefined ? 'unassigned' : s.assignment.side === 'unidentified' ? 'unidentified' : `case ${s.assignment.caseId}${s.assignment.personId !== undefined ? ` person ${s.assignment.personId}` : ''}${s.assignment.relation !== undefined ? ` (${s.assignment.relation})` : ''}`
    out.push(`  ${s.ok ? 'ok     ' : 'REFUSED'} ${s.id}: ${Object.keys(s.loci).length} loci accepted, ${s.refused.length} refused; ${where}`)
    for (const r of s.refused) out.push(`      ${r.locus}: ${r.reason}${r.line !== undefined ? ` (line ${r.line})` : r.element !== undefined ? ` (${r.element})` : ''}`)
    for (const x of s.problems) out.push(`      ${x}`)
    for (const w of s.warnings) out.push(`      warning: ${w}`)
  }
  for (const t of p.frequencyTables) out.push(`  table ${t.id} (${t.population}): ${t.loci} loci, ${t.alleles} alleles`)
  for (const e of p.errors) out.push(`  error: ${e}`)
  for (const w of p.warnings) out.push(`  warning: ${w}`)
  if (commit !== undefined) {
    out.push(commit.committed
      ? `  committed: ${commit.stored.unidentified.length} unidentified, ${commit.stored.references.length} reference(s), ${commit.stored.frequencyTables.length} table(s) stored; ${commit.unchanged.length} already stored; ${commit.refused.length} refused`
      : `  NOT committed: ${commit.reason ?? 'refused'}`)
  }
  if (search !== undefined) {
    out.push(search.deferred ? '  search: too many new profiles to compare now; run `homeward rerun --all`' : `  search: ${search.compared} pair(s) compared, ${search.stored} result(s) stored`)
  }
  // Each entry is one line of ours: any control character in it (a newline included) came from the file.
  return out.map(terminalSafe).join('\n') + '\n'
}
