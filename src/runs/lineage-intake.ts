import { collectErrors, HomewardError } from '../core/errors.ts'
import { parseMitoProfile, type MitoProfile } from '../core/lineage/mito-profile.ts'
import { parseYHaplotype, type YHaplotype } from '../core/lineage/y-haplotype.ts'
import type { Sex } from '../core/markers/profile.ts'

/** Lineage markers as they arrive on the wire or from an import: Y-STR locus → alleles, mtDNA range and variants. */
export interface RawLineage {
  yStr?: Record<string, unknown>
  mtDna?: { range: string | Array<[number, number]>, variants: string | string[] }
}

export interface CanonicalLineage {
  yStr?: YHaplotype
  mtDna?: MitoProfile
}

/**
 * The canonical Y haplotype and mitotype of one sample (src/core/lineage), their problems added to
 * `problems` rather than thrown, so one answer names every sample, locus, position and value at fault
 * together with the autosomal ones.
 */
export function canonicalLineage (raw: RawLineage, sample: string, sex: Sex | undefined, problems: HomewardError[]): CanonicalLineage {
  const out: CanonicalLineage = {}
  // a woman has no Y chromosome: a haplotype under her name is a wrong sample or a wrong sex
  if (raw.yStr !== undefined && sex === 'female') problems.push(new HomewardError('INVALID_PROFILE', `sample ${sample}: a Y-STR haplotype is given for a female`, { sample, field: 'yStr' }))
  else if (raw.yStr !== undefined) {
    const y = collectErrors(problems, () => parseYHaplotype(raw.yStr!, { sample }))
    // an empty haplotype would be stored as typed and compared as matching every man: refused
    if (y !== undefined && Object.keys(y).length === 0) problems.push(new HomewardError('INVALID_PROFILE', `sample ${sample}: the Y-STR haplotype has no locus`, { sample, field: 'yStr' }))
    else if (y !== undefined) out.yStr = y
  }
  if (raw.mtDna !== undefined) {
    const mt = collectErrors(problems, () => parseMitoProfile(raw.mtDna!, { sample }))
    if (mt !== undefined) out.mtDna = mt
  }
  return out
}
