import { HomewardError } from '../core/errors.ts'
import { loadConfig } from '../config.ts'

/**
 * Flag parsing shared by the trust commands (token, audit, backup, restore): `--name value` pairs,
 * bare `--flag` booleans and positionals. Small on purpose: these commands take a handful of options.
 */
export interface ParsedArgs {
  positionals: string[]
  flags: Map<string, string | true>
}

export function parseArgs (args: string[], booleans: readonly string[] = []): ParsedArgs {
  const positionals: string[] = []
  const flags = new Map<string, string | true>()
  for (let i = 0; i < args.length; i++) {
    const a = args[i]
    if (!a.startsWith('--')) { positionals.push(a); continue }
    const eq = a.indexOf('=')
    if (eq > 0) { flags.set(a.slice(2, eq), a.slice(eq + 1)); continue }
    const name = a.slice(2)
    if (booleans.includes(name) || i + 1 >= args.length || args[i + 1].startsWith('--')) flags.set(name, true)
    else flags.set(name, args[++i])
  }
  return { positionals, flags }
}

/** A string flag, or undefined; a flag given without its value is an error. */
export function stringFlag (parsed: ParsedArgs, name: string): string | undefined {
  const v = parsed.flags.get(name)
  if (v === true) throw new UsageError(`--${name} needs a value`)
  return v
}

/** The database file: `--db FILE`, else HOMEWARD_DB, else the service's default (src/config.ts). */
export function databaseFile (parsed: ParsedArgs): string {
  return stringFlag(parsed, 'db') ?? loadConfig(process.env).dbFile
}

/** A mistake in the command line: printed with the usage, exit code 2. */
export class UsageError extends Error {}

/**
 * Runs `homeward <command> <sub> ...` for commands made of subcommands (token, unit, user): the handler of
 * `sub` with the parsed flags; usage on an unknown one (exit 2, 0 for --help); a UsageError prints the
 * usage (exit 2), a HomewardError its message (exit 1).
 */
export async function runSubcommand (
  args: string[], usage: string, booleans: readonly string[],
  handlers: Record<string, (parsed: ParsedArgs) => number | Promise<number>>
): Promise<number> {
  const [sub, ...rest] = args
  try {
    const parsed = parseArgs(rest, booleans)
    const handler = sub === undefined || !Object.hasOwn(handlers, sub) ? undefined : handlers[sub]
    if (handler !== undefined) return await handler(parsed)
    process.stderr.write(usage)
    return sub === '--help' ? 0 : 2
  } catch (err) {
    if (err instanceof UsageError) { process.stderr.write(`${err.message}\n${usage}`); return 2 }
    if (err instanceof HomewardError) { process.stderr.write(`error: ${err.message}\n`); return 1 }
    throw err
  }
}
