import type { FrequencyTable } from '../core/markers/frequency-table.ts'
import type { LocusModel, LrOptions } from '../core/pedigree/kinship-case.ts'
import { DEFAULT_MICROVARIANT_RATE, defaultLocusMutation, PATERNAL_TO_MATERNAL_RATIO } from '../core/mutation/mutation-rates.ts'
import type { Config } from '../config.ts'
import { contentHash } from '../storage/stable-hash.ts'

/** Bumped whenever the way results are computed changes, so reruns see every pair as changed. */
export const ENGINE_VERSION = 'homeward-lr/1'

/** Everything a comparison depends on besides the two profiles and the pedigree. */
export interface MatchModel {
  table: FrequencyTable
  options: LrOptions
  /** Table loci as the engine sees them, with their mutation models; shared between jobs. */
  loci: Map<string, LocusModel>
  /** Readable and unique: engine, θ, mutation and unknown-allele rule, and a fingerprint of all parameters. */
  modelVersion: string
  description: { mutation: string, unknownAllele: string, theta: number, engineVersion: string }
}

export type ModelSettings = Pick<Config, 'theta' | 'mutation' | 'unknownAlleleFloor'>

/** Builds the model for one frequency table under the configured θ, mutation model and unknown-allele rule. */
export function buildMatchModel (table: FrequencyTable, settings: ModelSettings): MatchModel {
  const stepwise = settings.mutation.model === 'stepwise'
  const loci = new Map<string, LocusModel>()
  for (const [name, freqs] of Object.entries(table.loci)) {
    const model: LocusModel = { name, alleles: freqs.alleles, frequencies: freqs.frequencies }
    if (freqs.sampleSize !== undefined) model.sampleSize = freqs.sampleSize
    if (stepwise) model.mutation = defaultLocusMutation(name, settings.mutation)
    loci.set(name, model)
  }
  const options: LrOptions = {
    theta: settings.theta,
    mutation: stepwise
      ? defaultLocusMutation('', settings.mutation) // loci outside the published table: the configured default rates
      : { model: 'none' },
    unknownAllele: { rule: 'nrc2', fallbackFrequency: settings.unknownAlleleFloor }
  }
  const mutation = stepwise
    ? `stepwise, range ${settings.mutation.range}, microvariant rate ${DEFAULT_MICROVARIANT_RATE}; per-locus rates from the STRBase/AABB summary (17 loci, see src/core/mutation/mutation-rates.ts) split paternal:maternal ${PATERNAL_TO_MATERNAL_RATIO}:1, default ${settings.mutation.defaultPaternalRate} paternal / ${settings.mutation.defaultMaternalRate} maternal`
    : 'none'
  const unknownAllele = `NRC II 5/(2N) with the table's sample size, ${settings.unknownAlleleFloor} where N is unknown; locus renormalised`
  const fingerprint = contentHash({ engine: ENGINE_VERSION, options, mutations: [...loci.values()].map((l) => [l.name, l.mutation ?? null]) }).slice(0, 10)
  const short = stepwise ? `stepwise(r=${settings.mutation.range})` : 'no-mutation'
  return {
    table,
    options,
    loci,
    modelVersion: `${ENGINE_VERSION} theta=${settings.theta} ${short} nrc2(${settings.unknownAlleleFloor}) #${fingerprint}`,
    description: { mutation, unknownAllele, theta: settings.theta, engineVersion: ENGINE_VERSION }
  }
}
