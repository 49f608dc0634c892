import { type ParsedArgs, stringFlag, UsageError } from './trust-args.ts'

/** `--NAME N`: a unit id (`homeward unit list` shows them), or undefined when the flag is absent. */
export function unitFlag (parsed: ParsedArgs, name = 'unit'): number | undefined {
  const text = stringFlag(parsed, name)
  if (text === undefined) return undefined
  if (!/^[1-9]\d{0,9}$/.test(text)) throw new UsageError(`--${name} takes a unit id (a number: homeward unit list shows them), not "${text}"`)
  return Number(text)
}
