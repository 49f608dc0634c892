/**
 * Mutation models as Familias and pedmut define them (see the oracle README):
 * - none: no mutation;
 * - equal: every other allele equally likely, total rate `rate`;
 * - proportional: to the allele frequencies, total rate `rate`;
 * - stepwise: ±k repeats with weight range^k, `rate` within a microvariant group, `rate2` across groups.
 * Rates are per meiosis (per transmission), e.g. 0.002.
 */
export type MutationModelSpec =
  | { model: 'none' }
  | { model: 'equal', rate: number }
  | { model: 'proportional', rate: number }
  | { model: 'stepwise', rate: number, range?: number, rate2?: number }

/** One model for both sexes, or one per sex of the transmitting parent. */
export type MutationSpec = MutationModelSpec | { male: MutationModelSpec, female: MutationModelSpec }

/** The stepwise defaults of pedmut and Familias. */
export const STEPWISE_DEFAULT_RANGE = 0.5
export const STEPWISE_DEFAULT_RATE2 = 0

/** The model for transmissions from a parent of the given sex. */
export function modelForSex (spec: MutationSpec, sex: 'male' | 'female'): MutationModelSpec {
  return 'model' in spec ? spec : spec[sex]
}
