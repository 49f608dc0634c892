/**
 * `homeward COMMAND ...`: each command lives in its own module under src/cli/commands and exports
 * `run(args: string[]): Promise<number>` (the exit code). Add a command by adding a line here.
 */
import { EncryptionKeyError } from '../storage/keyring.ts'

const COMMANDS: Record<string, { module: string, summary: string }> = {
  lr: { module: './commands/lr.ts', summary: 'lr CASE.json: the kinship LR of a kinship-lr-case/1 file, as JSON' },
  power: { module: './commands/power.ts', summary: 'power CASE.json [--json]: family power and the relatives to sample next, for a case file without the missing person' },
  token: { module: './commands/token.ts', summary: 'token create|list|revoke: API tokens (the first admin token comes from here)' },
  unit: { module: './commands/unit.ts', summary: 'unit create|list|move: the tree of units (national, provinces, city labs, ...) that accounts and records belong to' },
  user: { module: './commands/user.ts', summary: 'user create|password|totp-reset|disable: accounts that sign in with a password (read from stdin)' },
  audit: { module: './commands/audit.ts', summary: 'audit verify|list: check the hash chain of the audit trail, read it' },
  backup: { module: './commands/backup.ts', summary: 'backup FILE: online backup of the live database' },
  restore: { module: './commands/restore.ts', summary: 'restore BACKUP [--force]: put a checked backup in place (server stopped)' },
  rerun: { module: './commands/rerun.ts', summary: 'rerun [--all] [--resume ID] [--cancel ID]: recompute changed pairs, with a progress bar' },
  key: { module: './commands/key.ts', summary: 'key rotate|status: reseal encrypted values under the current key, retire old keys' },
  import: { module: './commands/import.ts', summary: 'import FILE ... [--dry-run] [--json]: read lab exports (GeneMapper, CMF, CSV, Familias, frequencies), preview, commit' },
  dvi: { module: './commands/dvi.ts', summary: 'dvi FILE.json [--json]: joint identification of victims and missing persons (dvir\'s dviSolve, exact LRs)' }
}

export async function main (argv: string[]): Promise<number> {
  const [name, ...args] = argv
  const command = name === undefined ? undefined : COMMANDS[name]
  if (command === undefined) {
    const list = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(8)} ${c.summary}`).join('\n')
    process.stderr.write(`${name === undefined || name === '--help' ? '' : `unknown command "${name}"\n`}usage: homeward COMMAND ...\n${list}\n`)
    return name === '--help' ? 0 : 2
  }
  const mod = await import(command.module) as { run: (args: string[]) => Promise<number> }
  try {
    return await mod.run(args)
  } catch (err) {
    // every command opens the database, which refuses a missing or wrong key: said plainly, not as a stack
    if (!(err instanceof EncryptionKeyError)) throw err
    process.stderr.write(`error: ${err.message}\n`)
    return 1
  }
}
