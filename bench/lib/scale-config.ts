import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** What one run of the national-scale benchmark does; every field can be set from the environment. */
export interface ScaleConfig {
  /** Family cases and unidentified persons already in the database. */
  cases: number
  persons: number
  /**
   * Cases whose screening tables are built (the first ones); the rest are only in the database. Building
   * a table costs the engine milliseconds per case, so a run can load 10^6 cases and index fewer.
   */
  indexCases: number
  /** Share of persons who are some case's true missing child. */
  plantedFraction: number
  seed: number
  /** Reporting threshold: pairs whose LR can reach it are scored exactly and stored (10^3: "probable"). */
  threshold: number
  theta: number
  workers: number
  /** New records timed one at a time (medians over this many). */
  queries: number
  /** Nightly batch: new cases and new persons, 1,000 each at full scale, scaled down with the database. */
  batch: number
  /** Planted and unrelated persons whose quality figures are computed. */
  plantedSample: number
  unrelatedSample: number
  dbFile: string
}

/**
 * HOMEWARD_BENCH_SCALE=full: 10^6 cases × 10^6 persons; otherwise a reduced scale (10,000 × 10,000) that
 * runs in a few minutes. HOMEWARD_BENCH_CASES, _PERSONS, _INDEX_CASES, _THETA, _THRESHOLD, _WORKERS, _SEED, _DB override.
 */
export function scaleConfigFromEnv (env: NodeJS.ProcessEnv = process.env): ScaleConfig {
  const full = env.HOMEWARD_BENCH_SCALE === 'full'
  const num = (name: string, fallback: number): number => {
    const v = env[`HOMEWARD_BENCH_${name}`]
    return v === undefined || v === '' ? fallback : Number(v)
  }
  const cases = num('CASES', full ? 1_000_000 : 10_000)
  const persons = num('PERSONS', full ? 1_000_000 : 10_000)
  return {
    cases,
    persons,
    indexCases: Math.min(cases, num('INDEX_CASES', cases)),
    plantedFraction: 0.1,
    seed: num('SEED', 20260101),
    threshold: num('THRESHOLD', 1e3),
    theta: num('THETA', 0),
    workers: num('WORKERS', 2),
    queries: num('QUERIES', 15),
    batch: Math.max(10, Math.round(1000 * Math.max(cases, persons) / 1_000_000)),
    plantedSample: num('PLANTED_SAMPLE', 1000),
    unrelatedSample: num('UNRELATED_SAMPLE', 2000),
    dbFile: env.HOMEWARD_BENCH_DB ?? join(tmpdir(), `homeward-bench-${process.pid}.sqlite`)
  }
}
