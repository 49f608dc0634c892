import { z } from 'zod'
import type { JointAssignment } from '../../runs/joint-assignment.ts'

export const JointAssignmentSchema = z.object({
  caseId: z.string(),
  assigned: z.array(z.object({ slot: z.string(), personId: z.string(), log10Lr: z.number().nullable().describe('the pairwise LR of the person in this slot alone') })),
  log10JointLr: z.number().nullable().describe('every assigned person in their slot at once, exact on the pedigree; null: impossible (LR 0)'),
  log10PairwiseProduct: z.number().nullable().describe('the product of the same pairwise LRs: not the joint LR when the slots are related'),
  log10OverNextBest: z.number().nullable().describe('how many times (log10) the next best assignment is less likely; null when there is no other possible one'),
  assignmentsCompared: z.number().int()
}) satisfies z.ZodType<JointAssignment>

export const CaseJointAssignmentSchema = z.object({
  caseId: z.string(),
  slots: z.array(z.string()),
  jointAssignment: JointAssignmentSchema.nullable().describe('null: the case has one missing person, or fewer than two of its slots have a candidate')
})
