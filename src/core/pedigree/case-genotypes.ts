import { fail } from '../errors.ts'
import type { KinshipCase, LocusModel } from './kinship-case.ts'

/**
 * Checks that every genotype belongs to a person of the pedigree and is a pair of allele strings, and that
 * every locus model is well formed. Genotypes at loci outside `loci` are ignored: `loci` says what is evaluated.
 */
export function validateCaseGenotypes (kcase: KinshipCase, loci: readonly LocusModel[]): void {
  const ids = new Set(kcase.persons.map((p) => p.id))
  for (const [id, profile] of Object.entries(kcase.genotypes)) {
    if (!ids.has(id)) fail('INVALID_CASE', `genotypes are given for ${id}, who is not in the pedigree`, { person: id })
    for (const [locus, g] of Object.entries(profile)) {
      if (!Array.isArray(g) || g.length !== 2 || typeof g[0] !== 'string' || typeof g[1] !== 'string') {
        fail('INVALID_GENOTYPE', `person ${id} at locus ${locus}: a genotype is two allele strings, got ${JSON.stringify(g)}`, { person: id, locus, value: JSON.stringify(g) })
      }
    }
  }
  const names = new Set<string>()
  for (const locus of loci) {
    if (names.has(locus.name)) fail('INVALID_FREQUENCIES', `locus ${locus.name} is listed twice`, { locus: locus.name })
    names.add(locus.name)
    if (locus.alleles.length === 0) fail('INVALID_FREQUENCIES', `locus ${locus.name} has no alleles`, { locus: locus.name })
    if (new Set(locus.alleles).size !== locus.alleles.length) fail('INVALID_FREQUENCIES', `locus ${locus.name} lists an allele twice`, { locus: locus.name })
  }
}
