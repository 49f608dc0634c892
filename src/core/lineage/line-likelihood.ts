import type { LineageLine, LineMember } from './lineage-relations.ts'

/**
 * One marker (a Y locus, an mtDNA site) on a line: n states, the transition matrix of one meiosis
 * (row = parent's state, n × n), and per typed member the likelihood of their observation in each state
 * (1 where compatible, 0 where not).
 */
export interface LineMarker {
  n: number
  transition: Float64Array
  evidence: ReadonlyMap<string, Float64Array>
  /** The founder's prior over the states, default flat (1/n each); a state that stands for several bases weighs as many. */
  prior?: Float64Array
}

/**
 * P(the observations | the line), summed over every untyped member's state by peeling the line's tree
 * leaves first, with a prior over the founder's states (flat unless given). Members whose subtree holds no observation
 * are left out (a proper transition sums to 1 over the child's states).
 *
 * Used as a ratio, P(candidate and references) / P(references): the founder's population frequency is not
 * modelled, the flat prior standing for "any haplotype near the observed ones"; for one reference k meioses
 * away and a symmetric mutation model, the ratio is exactly the k-meiosis transition probability between
 * the two (the flat prior sums the path through the common ancestor).
 *
 * @example with one state kept (n = 1, transition [1]), any observations compatible with it give 1.
 */
export function lineLikelihood (members: readonly LineMember[], marker: LineMarker): number {
  const { n, transition, evidence, prior } = marker
  const children = new Map<string, string[]>()
  for (const m of members) {
    if (m.parent === undefined) continue
    const list = children.get(m.parent) ?? []
    list.push(m.id)
    children.set(m.parent, list)
  }
  const informative = new Set<string>()
  for (let i = members.length - 1; i >= 0; i--) {
    const m = members[i]
    if (evidence.has(m.id) || (children.get(m.id) ?? []).some((c) => informative.has(c))) informative.add(m.id)
  }
  const messages = new Map<string, Float64Array>()
  let total = 0
  for (let i = members.length - 1; i >= 0; i--) {
    const m = members[i]
    if (!informative.has(m.id)) continue
    const own = new Float64Array(n)
    const seen = evidence.get(m.id)
    for (let s = 0; s < n; s++) own[s] = seen === undefined ? 1 : seen[s]
    for (const c of children.get(m.id) ?? []) {
      const msg = messages.get(c)
      if (msg === undefined) continue
      for (let s = 0; s < n; s++) {
        if (own[s] === 0) continue
        let acc = 0
        for (let t = 0; t < n; t++) acc += transition[s * n + t] * msg[t]
        own[s] *= acc
      }
      messages.delete(c)
    }
    if (m.parent === undefined) {
      for (let s = 0; s < n; s++) total += own[s] * (prior === undefined ? 1 / n : prior[s])
    } else {
      messages.set(m.id, own)
    }
  }
  return total
}

/** The line's tree as text: equal for the lines of two cases of one shape, so their per-marker ratios can be shared. */
export function lineSignature (line: LineageLine): string {
  return `${line.missingPerson}:${line.members.map((x) => `${x.id}<${x.parent ?? ''}`).join(',')}`
}
