import { z } from 'zod'
import { PairLineageSchema } from './lineage.ts'

export const CandidateSchema = z.object({
  rank: z.number().int(),
  caseId: z.string(),
  personId: z.string(),
  slot: z.string().describe('the missing person of the case the LR is for: the slot of a per-slot list, else the one where the person fits best'),
  log10Lr: z.number().nullable(),
  combinedLog10Lr: z.number().nullable().describe('log10 of the autosomal LR times the lineage LRs (Y-STR, mtDNA; independent given the pedigree): the list is ranked by it; the autosomal figure alone when no lineage system was evaluated'),
  lineage: PairLineageSchema.nullable().describe('the Y-STR (paternal) and mtDNA (maternal) figures, each apart; null when neither could be evaluated'),
  status: z.enum(['scored', 'excluded']),
  inconsistentLoci: z.number().int(),
  comparedLoci: z.number().int(),
  decision: z.enum(['supported', 'excluded', 'inconclusive']),
  decisionRule: z.string(),
  decisionReason: z.string(),
  posterior: z.number(),
  log10PosteriorOdds: z.number().nullable(),
  undisputed: z.boolean(),
  review: z.enum(['awaiting-second-confirmation', 'confirmed', 'rejected']).nullable(),
  modelVersion: z.string(),
  frequencyTable: z.object({ id: z.string(), version: z.string() }),
  computedAt: z.string(),
  stale: z.boolean().describe('computed under another model or frequency table version than the current one; a rerun replaces it'),
  staleReason: z.string().nullable()
})

export const CandidateListSchema = z.object({
  caseId: z.string().optional(),
  personId: z.string().optional(),
  slot: z.string().optional().describe('a case with several missing persons: the slot this list ranks against'),
  candidates: z.array(CandidateSchema),
  prior: z.object({ value: z.number(), basis: z.string() }),
  threshold: z.object({ log10Lr: z.number() }),
  floor: z.object({ log10Lr: z.number().nullable() }).describe('every entry with LR at or above the floor is listed; null: every compared entry is, exclusions included'),
  searched: z.number().int().describe('open entries of the other side compared (the missing person\'s sex): the N of N/t'),
  scored: z.number().int().describe('of those, how many the exact engine scored; the rest were proven below the floor by the screen'),
  expectedChanceCandidates: z.number(),
  aboveThreshold: z.number().int(),
  notCandidates: z.object({ sexMismatch: z.number().int(), errors: z.number().int() }),
  standard: z.string()
})

export const CandidateQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  slot: z.string().min(1).max(100).optional().describe('a case with several missing persons: rank against this slot (MP1, MP2, ...); without it, each person at their best slot')
})
