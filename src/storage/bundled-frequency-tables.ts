import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { FrequencyTable, LocusFrequencies } from '../core/markers/frequency-table.ts'
import { lookupLocus } from '../core/markers/locus.ts'
import type { FrequencyTableRepository } from './frequency-table-repository.ts'

/**
 * The East Asian tables bundled so that a new install works with no set-up (fixtures/frequencies,
 * provenance in fixtures/frequencies/SOURCES.md). No verifiable public Chinese Han table exists there;
 * these are the closest: US Asian (NIST 1036, 29 loci incl. all expanded CODIS, D6S1043, Penta D/E,
 * with sample sizes for NRC II's 5/2N), norSTR East Asia (40 loci, no sample sizes), UK Chinese (16 loci).
 */
export const BUNDLED_TABLES = [
  { id: 'nist1036_asian', file: 'nist1036_asian.json', population: 'US Asian (NIST 1036)' },
  { id: 'norstr_eastasia', file: 'norstr_eastasia.json', population: 'East Asia (norSTR, Oslo)' },
  { id: 'ukdna17_chinese_ea5', file: 'ukdna17_chinese_ea5.json', population: 'UK Chinese EA5 (NDNAD DNA-17)' }
] as const

export const DEFAULT_TABLE_ID = 'nist1036_asian'

const DIR = new URL('../../fixtures/frequencies/', import.meta.url)

interface TableFile {
  population: string
  source: { repository: string, commit: string, path: string, object: string }
  sampleSizeAlleles?: Record<string, number>
  loci: Array<{ name: string, alleles: string[], frequencies: number[] }>
}

/** Reads one bundled table file, with canonical locus names (lookupLocus); loci Homeward does not know are left out. */
export function readBundledTable (entry: { id: string, file: string, population: string }): Omit<FrequencyTable, 'version'> {
  const raw = JSON.parse(readFileSync(fileURLToPath(new URL(entry.file, DIR)), 'utf8')) as TableFile
  const loci: Record<string, LocusFrequencies> = {}
  for (const l of raw.loci) {
    const name = lookupLocus(l.name)
    if (name === undefined) continue
    const sampleSize = raw.sampleSizeAlleles?.[l.name]
    loci[name] = sampleSize === undefined ? { alleles: l.alleles, frequencies: l.frequencies } : { alleles: l.alleles, frequencies: l.frequencies, sampleSize }
  }
  const s = raw.source
  return { id: entry.id, population: entry.population, source: `${s.repository}@${s.commit.slice(0, 12)} ${s.path} ${s.object} (fixtures/frequencies/${entry.file})`, loci }
}

/** Stores the bundled tables (a no-op for content already stored) and makes `defaultId` the default when none is set. */
export function installBundledTables (repo: FrequencyTableRepository, defaultId: string = DEFAULT_TABLE_ID): void {
  for (const entry of BUNDLED_TABLES) repo.add(readBundledTable(entry))
  if (repo.defaultId() === undefined && repo.current(defaultId) !== undefined) repo.setDefault(defaultId)
}
