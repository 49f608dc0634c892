import type { LocusModel } from '../core/pedigree/kinship-case.ts'
import type { Profile } from '../core/markers/profile.ts'
import type { AlleleDictionary } from '../core/screening/screening-table.ts'
import { UNTYPED } from '../core/simulation/simulate-population.ts'
import type { Database } from '../storage/database.ts'

/**
 * The allele dictionary of the screening index, kept stable across restarts: the locus models' own alleles
 * first, then alleles outside the table in the order first seen, persisted in screening_alleles (migration
 * 041). Persisted screening tables store codes, so a code must never change meaning.
 */
export interface AlleleCodebook {
  dict: AlleleDictionary
  /** A profile as codes (loci × 2, smaller code first, UNTYPED where untyped or the locus is not modelled). */
  encode: (profile: Profile) => Uint8Array
}

/** `tableKey` names the frequency table version (e.g. "nist1036_asian@1") the base codes come from. */
export function createAlleleCodebook (db: Database, tableKey: string, loci: readonly LocusModel[]): AlleleCodebook {
  const names = loci.map((l) => l.name)
  const alleles = loci.map((l) => [...l.alleles])
  const codes = alleles.map((list) => new Map(list.map((a, i) => [a, i])))
  const insert = db.prepare('INSERT INTO screening_alleles (table_key, locus, allele, code) VALUES (?, ?, ?, ?)')
  const known = db.prepare('SELECT locus, allele, code FROM screening_alleles WHERE table_key = ? ORDER BY locus, code').all(tableKey) as Array<{ locus: string, allele: string, code: number }>
  const newer = db.prepare('SELECT allele, code FROM screening_alleles WHERE table_key = ? AND locus = ? AND code >= ? ORDER BY code')
  const learn = (l: number, allele: string, code: number): void => {
    if (code !== alleles[l].length || codes[l].has(allele)) throw new Error(`screening allele code ${code} of ${names[l]} ${allele} does not follow table ${tableKey}`)
    alleles[l].push(allele)
    codes[l].set(allele, code)
  }
  for (const row of known) {
    const l = names.indexOf(row.locus)
    if (l >= 0) learn(l, row.allele, row.code)
  }
  // Immediate: another process (a CLI import beside the server) may be handing out codes for the same
  // table; the write lock orders us, and the codes it gave out first are learnt before a new one is added.
  const addAllele = db.transaction((l: number, allele: string): number => {
    for (const row of newer.all(tableKey, names[l], alleles[l].length) as Array<{ allele: string, code: number }>) learn(l, row.allele, row.code)
    const have = codes[l].get(allele)
    if (have !== undefined) return have
    const code = alleles[l].length
    if (code >= UNTYPED) throw new RangeError(`locus ${names[l]} has more than ${UNTYPED} alleles`)
    insert.run(tableKey, names[l], allele, code)
    learn(l, allele, code)
    return code
  })
  const codeOf = (l: number, allele: string): number => codes[l].get(allele) ?? addAllele.immediate(l, allele)
  const dict: AlleleDictionary = { loci: names, alleles, base: loci.map((l) => l.alleles.length) }
  return {
    dict,
    encode (profile) {
      const out = new Uint8Array(names.length * 2).fill(UNTYPED)
      names.forEach((name, l) => {
        const g = profile[name]
        if (g === undefined) return
        const a = codeOf(l, g[0])
        const b = codeOf(l, g[1])
        out[2 * l] = Math.min(a, b)
        out[2 * l + 1] = Math.max(a, b)
      })
      return out
    }
  }
}
