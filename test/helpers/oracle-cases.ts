import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** The oracle cases copied from shared/oracle-cases into fixtures, with their expected values. */
export interface OracleCase {
  file: string
  doc: { expected: { perLocus: Record<string, number>, total: number }, [key: string]: unknown }
}

export const ORACLE_DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'oracle-cases')

export function loadOracleCases (): OracleCase[] {
  return readdirSync(ORACLE_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, doc: JSON.parse(readFileSync(join(ORACLE_DIR, file), 'utf8')) }))
}

/** Relative difference, with zero equal only to zero. */
export function relativeDifference (got: number, expected: number): number {
  if (expected === 0 || got === 0) return got === expected ? 0 : Infinity
  return Math.abs(got - expected) / Math.abs(expected)
}
