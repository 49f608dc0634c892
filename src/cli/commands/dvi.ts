import { readFile } from 'node:fs/promises'
import { HomewardError } from '../../core/errors.ts'
import { dviReport, type DviReport } from '../../core/identification/dvi-report.ts'
import type { DviSolveOptions } from '../../core/identification/dvi-solve.ts'
import { readDviReference } from '../../ingest/dvi-reference.ts'
import { terminalSafe, terminalSafeJson } from '../terminal-text.ts'
import { parseArgs, stringFlag, UsageError } from '../trust-args.ts'

const USAGE = `usage: homeward dvi FILE.json [--json] [--threshold 1e4] [--threshold2 N] [--max-incomp 2] [--max-assign 1e5] [--strict] [--ignore-sex]
  FILE        a dvi-reference/1 document (victims, families with missing persons, loci)
  --json      one JSON object: pairwise, missing, victims, undisputed, components (see README)
`

/**
 * `homeward dvi FILE.json`: joint identification as dvir's dviSolve defines it, with exact LRs. Prints dvir's
 * AM table (or, with --json, the whole report). Exit 0 when solved, 1 when the file is refused (the reason,
 * naming the path, victim, family or locus, on stderr), 2 for a usage error.
 */
export async function run (args: string[]): Promise<number> {
  let file: string
  let options: DviSolveOptions
  let json: boolean
  try {
    const parsed = parseArgs(args, ['json', 'strict', 'ignore-sex'])
    if (parsed.positionals.length !== 1) throw new UsageError('give exactly one FILE')
    file = parsed.positionals[0]
    json = parsed.flags.has('json')
    const num = (name: string, integer: boolean): number | undefined => {
      const raw = stringFlag(parsed, name)
      if (raw === undefined) return undefined
      const n = Number(raw)
      if (!Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) throw new UsageError(`--${name} must be a ${integer ? 'whole ' : ''}number ≥ 0, not "${raw}"`)
      return n
    }
    options = { threshold: num('threshold', false), threshold2: num('threshold2', false), maxIncomp: num('max-incomp', true), maxAssign: num('max-assign', true), strict: parsed.flags.has('strict'), ignoreSex: parsed.flags.has('ignore-sex') }
    if (options.threshold !== undefined && !(options.threshold > 1)) throw new UsageError('--threshold must be larger than 1, as dvir requires')
  } catch (err) {
    if (!(err instanceof UsageError)) throw err
    process.stderr.write(`homeward dvi: ${err.message}\n${USAGE}`)
    return 2
  }
  let report: DviReport
  try {
    report = dviReport(readDviReference(JSON.parse(await readFile(file, 'utf8'))), options)
  } catch (err) {
    const message = err instanceof HomewardError || err instanceof SyntaxError || (err as NodeJS.ErrnoException).code === 'ENOENT' ? (err as Error).message : String(err)
    process.stderr.write(terminalSafe(`homeward dvi: ${file}: ${message}`) + '\n')
    return 1
  }
  if (json) process.stdout.write(terminalSafeJson(JSON.stringify(report)) + '\n')
  else process.stdout.write(table(report))
  return 0
}

/** dvir's AM table for a reader: one line per missing person. */
function table (report: DviReport): string {
  const head = ['family', 'missing', 'victim', 'log10 LR', 'log10 GLR', 'conclusion', 'comment']
  const fmt = (x: number | null): string => x === null ? '-' : (Math.abs(x) < 0.005 ? 0 : x).toFixed(2)
  const rows = report.missing.map((m) => [m.family, m.missing, m.victim ?? '-', fmt(m.log10Lr), fmt(m.log10Glr), m.conclusion ?? '(none)', m.comment ?? ''])
  const widths = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)))
  const line = (r: string[]): string => terminalSafe(r.map((c, k) => c.padEnd(widths[k])).join('  ').trimEnd())
  return [line(head), ...rows.map(line)].join('\n') + '\n'
}
