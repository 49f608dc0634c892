import { z } from 'zod'

const ThresholdPowerSchema = z.object({
  lr: z.number().describe('the threshold as a plain LR'),
  probability: z.number().min(0).max(1),
  lower: z.number().min(0).max(1).describe('guaranteed lower bound'),
  upper: z.number().min(0).max(1).describe('guaranteed upper bound'),
  method: z.enum(['exact', 'bounded'])
})

const InputsSchema = z.object({
  frequencyTable: z.object({ id: z.string(), version: z.string() }),
  modelVersion: z.string(),
  method: z.string()
}).describe('what the value was computed from; it is served only while these are today\'s')

const NextRelativeSchema = z.object({
  relation: z.string(),
  label: z.string(),
  pLrAtLeast: z.array(z.object({ lr: z.number(), expected: z.number(), standardError: z.number() })),
  exclusionPower: z.number(),
  exclusionPowerStandardError: z.number(),
  gainPLrAtLeast: z.number().describe('expected P(LR ≥ 10^4) once typed minus today\'s: the ranking key'),
  gainExclusionPower: z.number(),
  simulations: z.number().int()
})

export const FamilyPowerReadySchema = z.object({
  caseId: z.string(),
  status: z.literal('ready'),
  computedAt: z.string(),
  inputs: InputsSchema,
  loci: z.number().int(),
  informativeLoci: z.number().int(),
  trueChild: z.object({
    pLrAtLeast: z.array(ThresholdPowerSchema),
    expectedLog10Lr: z.number().nullable().describe('null: the true child can have LR 0 (no mutation model), E = −∞'),
    medianLog10Lr: z.object({ lower: z.number(), upper: z.number() }),
    inconsistentLoci: z.array(z.number()).describe('index k: P(exactly k loci inconsistent without mutation)'),
    pExcludedByRule: z.number().describe('P(3 or more inconsistent loci): how often the exclusion rule would drop the true child')
  }),
  unrelated: z.object({
    exclusionPower: z.number(),
    inconsistentLoci: z.array(z.number()),
    pExcludedByRule: z.number(),
    pLrAtLeast: z.array(ThresholdPowerSchema),
    expectedChanceCandidates: z.array(z.object({ lr: z.number(), expected: z.number() })).describe('at today\'s database size, from the upper bounds'),
    databaseSize: z.number().int()
  }),
  nextRelatives: z.array(NextRelativeSchema).describe('best first'),
  simulation: z.object({ seed: z.number().int(), simulations: z.number().int() })
})

export const FamilyPowerFailedSchema = z.object({
  caseId: z.string(),
  status: z.literal('failed'),
  computedAt: z.string(),
  inputs: InputsSchema,
  error: z.string().describe('why the family could not be computed (the engine\'s refusal)')
})

export const FamilyPowerComputingSchema = z.object({
  caseId: z.string(),
  status: z.literal('computing')
}).describe('queued or running; ask again')

export const WeakCasesQuerySchema = z.object({
  sort: z.enum(['gain', 'power']).default('gain').describe('gain: the best next relative\'s gain first; power: the weakest first'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0)
})

export const WeakCaseSchema = z.object({
  caseId: z.string(),
  missingPerson: z.object({ sex: z.enum(['male', 'female']), born: z.string().optional(), missingSince: z.string().optional() }),
  assignee: z.string().optional(),
  pLrAtLeast: z.object({ 1000: z.number(), 10000: z.number() }).describe('P(LR ≥ t | the true child)'),
  exclusionPower: z.number(),
  bestNext: z.object({ relation: z.string(), label: z.string(), pLrAtLeast10000: z.number(), gain: z.number() }).nullable(),
  computedAt: z.string(),
  current: z.boolean().describe('false: computed under an older table or model; being recomputed')
})

export const WeakCaseListSchema = z.object({
  bar: z.number().describe('HOMEWARD_WEAK_POWER: listed when P(LR ≥ 10^4 | the true child) is below it'),
  sort: z.enum(['gain', 'power']),
  limit: z.number().int(),
  offset: z.number().int(),
  hasMore: z.boolean(),
  cases: z.array(WeakCaseSchema)
})
