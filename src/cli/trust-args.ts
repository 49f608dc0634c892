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
