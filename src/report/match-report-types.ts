import type { Decision, DecisionRule, DecisionThresholds } from '../core/lr/decision.ts'
import type { FrequencyAdjustment, UnknownAlleleRule } from '../core/markers/frequency-table.ts'
import type { MutationSpec } from '../core/mutation/mutation-spec.ts'
import type { KinshipLrResult, LocusClass } from '../core/pedigree/kinship-case.ts'
import type { PedigreePerson } from '../core/pedigree/pedigree.ts'
import type { Profile, Sex } from '../core/markers/profile.ts'
import type { LocusMutation } from './describe-model.ts'
import type { ReportFamilyPower } from './report-power.ts'
import type { ReportLineage } from './report-lineage.ts'
import type { Scientific } from './format-number.ts'
import type { SexConsistency } from './sex-consistency.ts'

/** A typed relative of the missing person: a person of the pedigree with a profile. */
export interface ReportReference {
  /** The pedigree person's id. */
  id: string
  /** How the caseworker named the relation: 'father', 'maternal half sibling', ... */
  relation?: string
  /** The lab's sample id of the reference, when it differs from the pedigree id. */
  sampleId?: string
  profile: Profile
}

/** One missing person of a family with several, and the tested person's LR against them (null: excluded or not compared). */
export interface ReportSlot {
  id: string
  sex: Sex
  status: 'scored' | 'excluded' | 'sex-mismatch' | 'error'
  log10Lr: number | null
}

/** Everything a match report is computed from. No clock, no database: the caller gathers it. */
export interface MatchReportInput {
  case: {
    /** The case's external id. */
    id: string
    persons: readonly PedigreePerson[]
    /** The pedigree id of the missing person (their sex is that person's). */
    missingPerson: string
    /** A family with several missing persons: the person's LR against each of them (the report is for missingPerson). */
    missingPersons?: readonly ReportSlot[]
    /** Dates as recorded (ISO 8601 text), when known. */
    missingPersonBorn?: string
    missingSince?: string
    references: readonly ReportReference[]
  }
  /** The unidentified person tested in the missing person's slot. */
  person: {
    /** The sample id. */
    id: string
    sex?: Sex
    /** Amelogenin calls, e.g. ['X', 'Y'], when typed. */
    amelogenin?: readonly string[]
    /** The lab kept the declared sex against the amelogenin call, for this reason: the sex check trusts the declared sex. */
    sexOverride?: { reason: string }
    birthYear?: number
    foundWhere?: string
    foundWhen?: string
    profile: Profile
  }
  /** The engine's result for this pair (kinshipLr). */
  result: KinshipLrResult
  model: {
    frequencyTable: { id: string, version: string, population: string, source?: string }
    /** The mutation model in words, e.g. 'stepwise, rate 0.002 (male 0.003, female 0.001), range 0.5'. */
    mutation: string
    theta: number
    /** The unknown-allele rule in words, e.g. 'NRC II 5/(2N), fallback 0.001; renormalised'. */
    unknownAllele?: string
    /** Homeward's version, or the engine's. */
    engineVersion?: string
    /** The mutation model as data, so that a report can say it in any language; absent when unknown (a stale result). */
    mutationSpec?: MutationSpecFacts
    /** The unknown-allele rule as data, likewise. */
    unknownAlleleRule?: UnknownAlleleRule
  }
  /** The prior probability that the person is the missing person, and why that value (openCases: the count it came from). */
  prior: { value: number, basis: string, openCases?: number }
  /** The database search the pair came from, for the expected number of chance matches. */
  search: {
    /** Number of entries searched on the other side (families for a person, persons for a case). */
    databaseSize: number
    /** log10 of the LR threshold of candidate lists, e.g. 4. */
    log10Threshold: number
  }
  /** The case's family power (issue 12), as the service holds it for the case's current references and model. */
  familyPower?: ReportFamilyPower
  /** Y-STR and mtDNA evidence of the pair (issue 14), when a system was evaluated: inside the content hash. */
  lineage?: ReportLineage
  /** Set when the stored result was computed under another model or table version than the service uses now. */
  stale?: ReportStale
}

/**
 * A stale result (issue 16): what it was computed under and what the service uses now (null: its table is no
 * longer installed). Outside the content hash: the findings are the same, only the service around them moved on.
 */
export interface ReportStale {
  computedUnder: { modelVersion: string, frequencyTable: string, tableVersion: string }
  current: { modelVersion: string, tableVersion: string } | null
  /** The same in English words, as the API's staleReason. */
  reason: string
}

/** The default mutation model and every locus that has its own. */
export interface MutationSpecFacts {
  default: MutationSpec
  loci: LocusMutation[]
}

/**
 * The issue of a report: who issued which numbered version, for whom. Outside the content hash: the hash
 * identifies the findings, and the number is bound to it (one number per pair, one version per hash).
 */
export interface ReportIssue {
  /** HOMEWARD_AGENCY_NAME; null when not configured (the report says so). */
  agency: string | null
  /** e.g. 'HW-2026-000042': one per case/person pair, never reused. */
  reportNumber: string
  /** 1 for the pair's first findings, +1 each time the findings (the content hash) change. */
  version: number
  /** The account that first produced this version. */
  analyst: string
  issuedAt: string
}

/** One caseworker decision on the pair, as the review repository records it. */
export interface ReportReview {
  decision: 'confirmed' | 'rejected' | 'reopened'
  /** Which confirmation of the four-eyes rule, for a confirmation. */
  confirmation?: 'first' | 'second' | 'single'
  reviewer?: string
  note: string
  /** Set when a confirmation went against the standard's decision. */
  overrideReason?: string
  /** The standard's decision the reviewer saw. */
  lrDecision?: Decision
  /** The log10 LR the reviewer saw (null: an exclusion). */
  log10Lr: number | null
  at: string
}

export interface ReportPedigreePerson {
  id: string
  sex: Sex
  father?: string
  mother?: string
  isMissingPerson: boolean
  typed: boolean
  relation?: string
}

export interface ReportLocusRow {
  locus: string
  /** Reference id → genotype text ("9.3/12"), null when that reference is untyped here. */
  references: Record<string, string | null>
  person: string | null
  /** null when the LR is 0. */
  log10Lr: number | null
  lrText: string
  class: LocusClass
  adjustments: FrequencyAdjustment[]
}

export interface MatchReport {
  schema: 'homeward-match-report/1'
  /** When the report was rendered (ISO 8601), outside the content hash. */
  generatedAt: string
  /** 'sha256:' + hex of the canonical JSON of everything else (see report-hash.ts). */
  contentHash: string
  case: {
    id: string
    missingPerson: { id: string, sex: Sex, born?: string, missingSince?: string }
    /** Every missing person of a family with several, with the person's LR against each. */
    missingPersons?: ReportSlot[]
    pedigree: ReportPedigreePerson[]
  }
  references: Array<{ id: string, relation?: string, sampleId?: string, sex: Sex, typedLoci: number }>
  person: { id: string, sex?: Sex, birthYear?: number, foundWhere?: string, foundWhen?: string, typedLoci: number }
  loci: ReportLocusRow[]
  /** Loci typed in someone's profile but not evaluated (no frequency data, or a sex marker). */
  lociNotEvaluated: string[]
  total: {
    log10Lr: number | null
    scientific: Scientific | null
    lrText: string
    comparedLoci: number
    inconsistentLoci: number
  }
  decision: {
    decision: Decision
    rule: DecisionRule | 'sex-mismatch'
    reason: string
    standard: string
    thresholds: DecisionThresholds
  }
  verbal: string
  posterior: {
    prior: number
    priorBasis: string
    /** The number of open cases the prior came from, when it came from them. */
    openCases?: number
    priorText: string
    /** In [0, 1]; rounds to 1 past odds of ~10^16, so read log10PosteriorOdds beside it. */
    posterior: number
    log10PosteriorOdds: number | null
    text: string
  }
  chanceMatches: {
    databaseSize: number
    log10Threshold: number
    /** Upper bound N/t on unrelated entries expected at or above the threshold. */
    expected: number
    aboveThreshold: boolean
    note: string
  }
  sex: SexConsistency
  frequencyAdjustments: FrequencyAdjustment[]
  methods: {
    frequencyTable: { id: string, version: string, population: string, source?: string }
    mutationModel: string
    theta: number
    unknownAllele?: string
    engineVersion?: string
    mutationSpec?: MutationSpecFacts
    unknownAlleleRule?: UnknownAlleleRule
  }
  /**
   * What the family's references can do whoever is tested (issue 12). Inside the content hash: it is a
   * finding about the same references and model as the LR, and a court reads the two together.
   */
  familyPower?: ReportFamilyPower
  /** Y-STR and mtDNA evidence of the pair (issue 14), when a system was evaluated: inside the content hash. */
  lineage?: ReportLineage
  /** Computed under another model or table version than the one in use now: marked until a rerun; outside the content hash. */
  stale?: ReportStale
  /** The numbered issue of this version: attached by the service, outside the content hash. */
  issue?: ReportIssue
  /** Every review decision on the pair, in order: attached by the service, outside the content hash. */
  reviews?: ReportReview[]
}

export type { KinshipLrResult }
