import type { FrequencyTable } from '../core/markers/frequency-table.ts'
import { locusFrequencyProblem } from '../core/markers/frequency-check.ts'
import { fail } from '../core/errors.ts'
import type { Database } from './database.ts'
import { contentHash } from './stable-hash.ts'

export interface FrequencyTableSummary {
  id: string
  version: string
  population: string
  source: string
  loci: number
  isDefault: boolean
  createdAt: string
}

interface Row {
  id: string
  version: string
  population: string
  source: string
  loci_json: string
  content_hash: string
  is_default: number
  created_at: string
}

/**
 * Frequency tables, versioned per population: adding a table with an existing id and new content adds
 * a version; the newest version of a population is the one new results use.
 */
export function createFrequencyTableRepository (db: Database) {
  const byVersion = db.prepare('SELECT * FROM frequency_tables WHERE id = ? AND version = ?')
  const latest = db.prepare('SELECT * FROM frequency_tables WHERE id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1')
  const latestVersion = db.prepare('SELECT version FROM frequency_tables WHERE id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1').pluck()
  const byHash = db.prepare('SELECT * FROM frequency_tables WHERE id = ? AND content_hash = ?')
  const insert = db.prepare(`INSERT INTO frequency_tables (id, version, population, source, loci_json, content_hash, is_default, created_at)
    VALUES (@id, @version, @population, @source, @loci_json, @content_hash, 0, @created_at)`)
  const list = db.prepare(`SELECT f.*, (SELECT count(*) FROM frequency_tables g WHERE g.id = f.id) AS versions FROM frequency_tables f
    WHERE f.rowid = (SELECT rowid FROM frequency_tables g WHERE g.id = f.id ORDER BY created_at DESC, rowid DESC LIMIT 1) ORDER BY f.id`)
  const clearDefault = db.prepare('UPDATE frequency_tables SET is_default = 0')
  const markDefault = db.prepare('UPDATE frequency_tables SET is_default = 1 WHERE id = ?')
  const getDefault = db.prepare('SELECT id FROM frequency_tables WHERE is_default = 1 LIMIT 1')

  function toTable (row: Row): FrequencyTable {
    return { id: row.id, version: row.version, population: row.population, source: row.source, loci: JSON.parse(row.loci_json) as FrequencyTable['loci'] }
  }

  return {
    /** The newest version of a population's table, or undefined. */
    current (id: string): FrequencyTable | undefined {
      const row = latest.get(id) as Row | undefined
      return row === undefined ? undefined : toTable(row)
    },
    /** The newest version's name only (cheap: the loci are not read), or undefined. */
    currentVersion: (id: string): string | undefined => latestVersion.get(id) as string | undefined,
    /** The newest version, or a NOT_FOUND error naming the population. */
    require (id: string): FrequencyTable {
      const row = latest.get(id) as Row | undefined
      if (row === undefined) fail('NOT_FOUND', `no frequency table "${id}"`, { value: id })
      return toTable(row)
    },
    get (id: string, version: string): FrequencyTable | undefined {
      const row = byVersion.get(id, version) as Row | undefined
      return row === undefined ? undefined : toTable(row)
    },
    /**
     * Stores a table (its `version` is ignored: the version is derived from the content, so the same
     * content is never two versions). Returns the stored table and whether it was new. Every table
     * passes here (POST /frequency-tables, imports, the bundled ones), so here a locus whose
     * frequencies are not all in (0, 1] or do not sum to about 1 refuses the table, naming the locus.
     */
    add (table: Omit<FrequencyTable, 'version'> & { version?: string }, now = new Date().toISOString()): { table: FrequencyTable, created: boolean } {
      for (const [locus, l] of Object.entries(table.loci)) {
        const problem = locusFrequencyProblem(l.alleles, l.frequencies)
        if (problem !== undefined) fail('INVALID_FREQUENCIES', `frequency table ${table.id}, locus ${locus}: ${problem}`, { locus, field: 'frequencies' })
      }
      const hash = contentHash({ population: table.population, loci: table.loci })
      const existing = byHash.get(table.id, hash) as Row | undefined
      if (existing !== undefined) return { table: toTable(existing), created: false }
      const version = hash.slice(0, 12)
      insert.run({ id: table.id, version, population: table.population, source: table.source, loci_json: JSON.stringify(table.loci), content_hash: hash, created_at: now })
      return { table: { id: table.id, version, population: table.population, source: table.source, loci: table.loci }, created: true }
    },
    /** Newest version of every population. */
    list (): FrequencyTableSummary[] {
      return (list.all() as Row[]).map((r) => ({
        id: r.id,
        version: r.version,
        population: r.population,
        source: r.source,
        loci: Object.keys(JSON.parse(r.loci_json) as object).length,
        isDefault: r.is_default === 1,
        createdAt: r.created_at
      }))
    },
    setDefault: db.transaction((id: string) => {
      if (latest.get(id) === undefined) fail('NOT_FOUND', `no frequency table "${id}"`, { value: id })
      clearDefault.run()
      markDefault.run(id)
    }),
    defaultId (): string | undefined {
      return (getDefault.get() as { id: string } | undefined)?.id
    }
  }
}

export type FrequencyTableRepository = ReturnType<typeof createFrequencyTableRepository>
