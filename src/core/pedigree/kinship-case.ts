import type { Allele } from '../markers/allele.ts'
import type { FrequencyAdjustment, UnknownAlleleRule } from '../markers/frequency-table.ts'
import type { MutationSpec } from '../mutation/mutation-spec.ts'
import type { Pedigree } from './pedigree.ts'
import type { Genotype } from '../markers/profile.ts'

/**
 * One kinship question: a family pedigree with its typed references, and the profile of the person
 * tested in the missing person's slot (genotypes[missingPerson]). Locus names are matched exactly
 * between genotypes and the locus models; callers canonicalise beforehand.
 */
export interface KinshipCase extends Pedigree {
  /** person id → locus → genotype; only typed persons and typed loci. */
  genotypes: Record<string, Record<string, Genotype>>
}

/** A locus as the likelihood sees it: the population's alleles and frequencies and, optionally, its own mutation model. */
export interface LocusModel {
  name: string
  alleles: Allele[]
  frequencies: number[]
  /** Alleles sampled (2N), for the NRC II rule. */
  sampleSize?: number
  mutation?: MutationSpec
}

/** Options of a likelihood-ratio computation. */
export interface LrOptions {
  /** Balding–Nichols θ (Fst), 0 for none; typical 0.01. */
  theta: number
  /** Default mutation model for loci without their own. */
  mutation: MutationSpec
  unknownAllele: UnknownAlleleRule
}

/**
 * consistent: the data fit the pedigree without mutation;
 * inconsistent: only a mutation (or a wrong relationship) explains the data: what GB/T 37223 counts;
 * untyped: the tested person or every reference is untyped here, so the LR is 1.
 */
export type LocusClass = 'consistent' | 'inconsistent' | 'untyped'

/** The LR at one locus. `log10Lr` is null when the LR is 0 (an exclusion without a mutation model). */
export interface LocusLr {
  locus: string
  lr: number
  log10Lr: number | null
  class: LocusClass
  adjustments: FrequencyAdjustment[]
}

/** H1 (the tested person is MP) against H2 (unrelated), per locus and in total. */
export interface KinshipLrResult {
  /** log10 of the product of the per-locus LRs; null when any locus excludes (LR 0). */
  log10Lr: number | null
  perLocus: LocusLr[]
  /** Loci where only a mutation explains the data (GB/T 37223 counts these). */
  inconsistentLoci: number
  /** Loci where both the tested person and at least one reference are typed. */
  comparedLoci: number
}
