import { adjustLocus } from '../markers/frequency-table.ts'
import type { Genotype, Sex } from '../markers/profile.ts'
import type { PedigreePerson } from '../pedigree/pedigree.ts'
import type { LocusModel, LrOptions } from '../pedigree/kinship-case.ts'

/** An unidentified person ("victim", dvir's PM sample): a sample id, a sex and a profile. */
export interface DviVictim {
  id: string
  sex: Sex
  /** locus → genotype; untyped loci left out. */
  genotypes: Record<string, Genotype>
}

/**
 * A reference family (dvir's AM component): one pedigree holding one or more missing-person slots and the
 * typed references. Slot ids are unique over the whole problem (they name the missing person).
 */
export interface DviFamily {
  id: string
  persons: PedigreePerson[]
  missing: string[]
  /** person id → locus → genotype, references only. */
  genotypes: Record<string, Record<string, Genotype>>
}

/** A many-to-many identification problem: every victim against every missing slot of every family. */
export interface DviProblem {
  victims: DviVictim[]
  families: DviFamily[]
  loci: LocusModel[]
  options: LrOptions
}

/**
 * The locus tables completed once for the whole problem: every allele seen in a victim or a reference and
 * absent from a table is added by the unknown-allele rule and the table renormalised. One table per locus for
 * every pair keeps the victims' own likelihoods the same in every family, so joint likelihoods of different
 * families multiply and a victim's LRs against two families are comparable (dvir's marker tables are shared
 * the same way).
 *
 * @example // a table {12: 0.5, 13: 0.5}, a victim 12/14, fixed rule 0.001: {12: 0.4995, 13: 0.4995, 14: 0.000999}
 */
export function completeLoci (problem: Pick<DviProblem, 'victims' | 'families' | 'loci' | 'options'>): LocusModel[] {
  return problem.loci.map((locus) => {
    const seen: string[] = []
    for (const v of problem.victims) {
      const g = v.genotypes[locus.name]
      if (g !== undefined) seen.push(g[0], g[1])
    }
    for (const f of problem.families) {
      for (const profile of Object.values(f.genotypes)) {
        const g = profile[locus.name]
        if (g !== undefined) seen.push(g[0], g[1])
      }
    }
    const adjusted = adjustLocus(locus.name, locus, seen, problem.options.unknownAllele)
    return { ...locus, alleles: adjusted.alleles, frequencies: [...adjusted.frequencies] }
  })
}

/** The family of every slot. */
export function familyOfSlot (problem: Pick<DviProblem, 'families'>): Map<string, DviFamily> {
  const out = new Map<string, DviFamily>()
  for (const f of problem.families) for (const m of f.missing) out.set(m, f)
  return out
}
