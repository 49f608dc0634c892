import { RE2JS } from 're2js'
import { fail } from '../core/errors.ts'
import type { Sex } from '../core/markers/profile.ts'
import { MAX_RULE_INPUT, MAX_RULE_PROGRAM_SIZE } from './import-limits.ts'
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
  /**
   * sample id → assignment, written by the technician; wins over everything else. A Map, not an
   * object: sample ids such as "constructor" or "__proto__" must find only what the technician wrote.
   */
  mapping?: ReadonlyMap<string, AssignmentInput>
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

/** A compiled naming rule: the RE2 program and which of the optional groups it has. */
export interface NamingRule {
  readonly source: string
  readonly pattern: RE2JS
  readonly hasPerson: boolean
  readonly hasRelation: boolean
}

/**
 * Compiles the naming rule with RE2 (re2js), which matches in time linear in the id: a rule written by
 * a lab is untrusted input, and JavaScript's backtracking engine takes exponential time on rules such
 * as `((a+))+`, `(a|a)+` or `(?:a|a)*`. RE2 has no backreferences or lookaround (naming rules do not
 * need them); a rule using them, one that is not a regular expression, one without the `case` group,
 * or one larger than MAX_RULE_PROGRAM_SIZE is refused, naming the rule.
 */
export function compileRule (rule: string): NamingRule {
  let pattern: RE2JS
  try {
    pattern = RE2JS.compile(rule)
  } catch (err) {
    fail('BAD_REQUEST', `the naming rule ${JSON.stringify(rule)} is not a regular expression this service accepts (RE2 syntax: no backreferences or lookaround): ${(err as Error).message}`, { field: 'rule', value: rule })
  }
  const groups = pattern.namedGroups()
  if (!Object.hasOwn(groups, 'case')) fail('BAD_REQUEST', `the naming rule ${JSON.stringify(rule)} has no named group (?<case>...)`, { field: 'rule', value: rule })
  if (pattern.programSize() > MAX_RULE_PROGRAM_SIZE) {
    fail('BAD_REQUEST', `the naming rule ${JSON.stringify(rule)} is too large (program size ${pattern.programSize()}; at most ${MAX_RULE_PROGRAM_SIZE}): write shorter repetitions`, { field: 'rule', value: rule, limit: MAX_RULE_PROGRAM_SIZE })
  }
  return { source: rule, pattern, hasPerson: Object.hasOwn(groups, 'person'), hasRelation: Object.hasOwn(groups, 'relation') }
}

/** The groups of a rule that matches the id (anywhere in it, as RegExp.exec), or undefined. */
function matchRule (rule: NamingRule, id: string): { caseId: string, person?: string, relation?: string } | undefined {
  if (id.length > MAX_RULE_INPUT) return undefined
  const m = rule.pattern.matcher(id)
  if (!m.find()) return undefined
  const caseId = m.group('case')
  if (caseId === null) return undefined
  const person = rule.hasPerson ? m.group('person') : null
  const relation = rule.hasRelation ? m.group('relation') : null
  return { caseId, ...(person !== null ? { person } : {}), ...(relation !== null ? { relation } : {}) }
}

/**
 * The assignment of one sample, from (in order) the request's mapping, the naming rule, what the file
 * itself says (CMF category and CASEID, Familias DVI sections, case/relation columns), the default side.
 * Undefined when nothing assigns it: such a sample is previewed but cannot be committed.
 */
export function assignSample (sample: ParsedSample, options: AssignmentOptions, rule?: NamingRule): SampleAssignment | undefined {
  const mapped = options.mapping?.get(sample.id)
  if (mapped !== undefined) return { ...mapped, source: 'mapping' }
  const m = rule === undefined ? undefined : matchRule(rule, sample.id)
  if (m !== undefined) {
    const { caseId, person, relation } = m
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
