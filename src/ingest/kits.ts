import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { lookupLocus } from '../core/markers/locus.ts'

/** A commercial kit and the canonical autosomal loci it types. */
export interface Kit {
  name: string
  loci: Set<string>
}

const KITS_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'kits', 'KITS.tsv')
let cache: Kit[] | undefined

const fold = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '')

/** The kits of fixtures/kits/KITS.tsv (OSIRIS, STR-validator, EuroForMix, literature), read once. */
export function loadKits (file = KITS_FILE): Kit[] {
  if (cache !== undefined && file === KITS_FILE) return cache
  const lines = readFileSync(file, 'utf8').split('\n').slice(1).filter((l) => l.trim() !== '')
  const kits = lines.map((line) => {
    const [name, , loci] = line.split('\t')
    return { name, loci: new Set((loci ?? '').split(' ').map((l) => lookupLocus(l.replace(/_/g, ' '))).filter((l) => l !== undefined)) }
  })
  if (file === KITS_FILE) cache = kits
  return kits
}

/**
 * Finds a kit by the name a lab or a CMF file uses: "GlobalFiler", "PowerPlex 16", "Identifiler Plus",
 * "Investigator 24plex QS Kit"... matched on letters and digits against the short name (after the
 * source prefix) and the full name in parentheses. Undefined when nothing matches.
 *
 * @example findKit('PowerPlex 16')?.loci.has('Penta D') // true
 */
export function findKit (name: string, kits: Kit[] = loadKits()): Kit | undefined {
  const want = fold(name)
  if (want === '') return undefined
  for (const kit of kits) {
    const m = /^[^:]+:([^(]+?)\s*(?:\(([^)]*)\))?\s*(\[.*\])?$/.exec(kit.name)
    const names = [kit.name, m?.[1] ?? '', m?.[2] ?? ''].map(fold)
    if (names.includes(want)) return kit
  }
  return undefined
}
