import { fail } from '../core/errors.ts'
import type { Sex } from '../core/markers/profile.ts'
import type { ParsedSample } from './import-types.ts'

/** Which side of the comparison a sample goes to: a relative in a family case, or an unidentified person. */
export type SampleAssignment =
  | { side: 'reference', caseId: string, personId?: string, relation?: string, sex?: Sex, source: AssignmentSource }
  | { side: 'unidentified', sex?: Sex, source: AssignmentSource }

export type AssignmentSource = 'mapping' | 'rule' | 'file' | 'default'

/** What a request may say about one sample (the mapping entries of an upload). */
export type AssignmentInput =
  | { side: 'reference', caseId: string, personId?: string, relation?: string, sex?: Sex }
  | { side: 'unidentified', sex?: Sex }

export interface AssignmentOptions {
  /** sample id → assignment, written by the technician; wins over everything else. */
  mapping?: Record<string, AssignmentInput>
  /**
   * A naming rule: a regular expression over the sample id with named groups `case` and `relation`
   * (and optionally `person`), e.g. `^(?<case>FAM\d+)-(?<person>\d+)-(?<relation>[A-Z]+)$` for `FAM1-8-PA`.
   * A sample that matches is a reference of that case; one that does not is left to the other sources.
   */
  rule?: string
  /** Where samples that nothing else assigns go (a batch of rescued children: 'unidentified'). */
  defaultSide?: 'unidentified'
}

/** CODIS CMF specimen categories for relatives of a missing person (CMF-2017.xsd enumeration). */
const CMF_RELATIVES = new Set(['biological mother', 'biological father', 'biological child', 'biological sibling', 'maternal relative',
  'paternal relative', 'alleged mother', 'alleged father', 'spouse'])

/** Sample ids longer than this are not matched against a naming rule (bounds the regex work). */
const MAX_RULE_INPUT = 200

/** Compiles the naming rule, refusing one that is not a regular expression or lacks the `case` group. */
export function compileRule (rule: string): RegExp {
  let re: RegExp
  try {
    re = new RegExp(rule)
  } catch (err) {
    fail('BAD_REQUEST', `the naming rule ${JSON.stringify(rule)} is not a regular expression: ${(err as Error).message}`, { field: 'rule', value: rule })
  }
  if (!rule.includes('(?<case>')) fail('BAD_REQUEST', `the naming rule ${JSON.stringify(rule)} has no named group (?<case>...)`, { field: 'rule', value: rule })
  // A quantified group that itself holds a quantifier, e.g. (a+)+, can take exponential time on a
  // crafted id and would stall the server: such rules are refused (naming rules never need them).
  if (/\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)[+*{]/.test(rule)) {
    fail('BAD_REQUEST', `the naming rule ${JSON.stringify(rule)} repeats a group that already repeats (like (a+)+): refused, it can run for exponential time`, { field: 'rule', value: rule })
  }
  return re
}

/**
 * The assignment of one sample, from (in order) the request's mapping, the naming rule, what the file
 * itself says (CMF category and CASEID, Familias DVI sections, case/relation columns), the default side.
 * Undefined when nothing assigns it: such a sample is previewed but cannot be committed.
 */
export function assignSample (sample: ParsedSample, options: AssignmentOptions, rule?: RegExp): SampleAssignment | undefined {
  const mapped = options.mapping?.[sample.id]
  if (mapped !== undefined) return { ...mapped, source: 'mapping' }
  const m = sample.id.length <= MAX_RULE_INPUT ? rule?.exec(sample.id) : undefined
  if (m?.groups?.case !== undefined) {
    const { case: caseId, person, relation } = m.groups
    return { side: 'reference', caseId, ...(person !== undefined ? { personId: person } : {}), ...(relation !== undefined ? { relation } : {}), source: 'rule' }
  }
  const category = sample.category?.toLowerCase()
  if (category === 'unidentified person') return { side: 'unidentified', source: 'file' }
  if (sample.caseId !== undefined && (category === undefined || CMF_RELATIVES.has(category))) {
    const relation = sample.relation ?? sample.category
    return { side: 'reference', caseId: sample.caseId, ...(relation !== undefined ? { relation } : {}), source: 'file' }
  }
  if (options.defaultSide === 'unidentified') return { side: 'unidentified', source: 'default' }
  return undefined
}
