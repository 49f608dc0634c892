import t from 'tap'
import { identifyLinks } from '../../../src/core/identification/link-identification.ts'
import { allAssignments, assignmentSpace, bestAssignment } from '../../../src/core/identification/link-assignment.ts'
import { linkComponents, type PairLink } from '../../../src/core/identification/link-graph.ts'

const link = (slot: string, person: string, log10Lr: number, inconsistentLoci = 0): PairLink => ({ slot, person, log10Lr, inconsistentLoci })
const slots = (...ids: string[]) => ids.map((id) => ({ id, family: `F-${id}` }))
const near = (a: number | null, b: number): boolean => a !== null && Math.abs(a - b) < 1e-9

t.test('a lone strong candidate: Undisputed, GLR its LR against "nobody", posterior LR/(LR+1)', async (t) => {
  const r = identifyLinks({ slots: slots('A'), links: [link('A', 'p', 6)] })
  const a = r.slots.get('A')!
  t.same([a.person, a.conclusion], ['p', 'Undisputed'])
  t.ok(near(a.log10Glr, 6))
  t.ok(near(a.posterior, 1e6 / (1e6 + 1)))
  t.equal(r.persons.get('p'), a, 'the person row is the same pair')
})

t.test('an unseen competitor at the floor: not undisputed (10^6 < 10^4 · 10^3), GLR counted against it', async (t) => {
  const r = identifyLinks({ slots: slots('A'), links: [link('A', 'p', 6)], unseenSlot: new Map([['A', 3]]) })
  const a = r.slots.get('A')!
  t.equal(a.conclusion, 'Probable', 'GLR 10^3 < threshold; LR above threshold2, no stored competitor')
  t.ok(near(a.log10Glr, 3))
})

t.test('two persons competing for one slot: Disputed, the runner-up named, posteriors sum to 1', async (t) => {
  const r = identifyLinks({ slots: slots('A'), links: [link('A', 'p', 5), link('A', 'q', 4.9)] })
  const a = r.slots.get('A')!
  t.same([a.person, a.conclusion, a.competitor?.person], ['p', 'Disputed', 'q'])
  t.ok(near(a.log10Glr, 0.1))
  const w = [1e5, 10 ** 4.9, 1]
  t.ok(near(a.posterior, w[0] / (w[0] + w[1] + w[2])))
  t.same([r.persons.get('q')!.slot, r.persons.get('q')!.conclusion], [null, 'Disputed'])
})

t.test('one person fitting two families: the joint decision places the other where pairwise ranking would not', async (t) => {
  // B's rank-1 by pairwise LR is p, but p fits A as well and q fits only B: A=p, B=q (10^8) beats B=p (10^5).
  const r = identifyLinks({ slots: slots('A', 'B'), links: [link('A', 'p', 5), link('B', 'p', 5), link('B', 'q', 3)] })
  t.same([r.slots.get('A')!.person, r.slots.get('B')!.person], ['p', 'q'])
  t.ok(near(r.slots.get('A')!.log10Glr, 3), 'against B=p with A empty: 10^8 / 10^5')
  t.equal(r.components.length, 1)
  t.equal(r.components[0].assignments, 5, 'empty, A=p, B=p, B=q, A=p+B=q')
  const byPerson = [...r.persons.values()].map((x) => x.posterior ?? 0)
  t.ok(byPerson.every((x) => x > 0 && x <= 1))
})

t.test('exclusions (> maxIncomp inconsistent loci) and links at or below the floor link nothing', async (t) => {
  const r = identifyLinks({ slots: slots('A', 'B'), links: [link('A', 'p', 7, 3), link('B', 'q', 2)] }, { log10Floor: 3 })
  t.equal(r.slots.size, 0)
  t.equal(r.persons.size, 0)
})

t.test('removing a person who was nobody\'s candidate changes nothing', async (t) => {
  const base = [link('A', 'p', 5), link('A', 'q', 4.5), link('B', 'q', 4)]
  const with_ = identifyLinks({ slots: slots('A', 'B', 'C'), links: [...base, link('C', 'z', 1, 4)] }, { log10Floor: 0 })
  const without = identifyLinks({ slots: slots('A', 'B', 'C'), links: base }, { log10Floor: 0 })
  t.same([...with_.slots], [...without.slots])
  t.same([...with_.persons], [...without.persons])
})

t.test('branch and bound finds the maximum that enumeration finds, with and without a forbidden pair', async (t) => {
  let seed = 7
  const rand = (): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31 }
  for (let trial = 0; trial < 60; trial++) {
    const links: PairLink[] = []
    for (let s = 0; s < 5; s++) for (let p = 0; p < 5; p++) if (rand() < 0.45) links.push(link(`S${s}`, `p${p}`, 8 * rand()))
    for (const c of linkComponents(links, 0, 2)) {
      const space = assignmentSpace(c, new Map(c.slots.map((s) => [s, `F-${s}`])), undefined, 1e5)
      const all = allAssignments(space, 1e6)!
      t.ok(near(bestAssignment(space)!.log10, Math.max(...all.map((a) => a.log10))), `trial ${trial}`)
      const f = c.links[0]
      const allowed = all.filter((a) => a.placement.get(f.slot) !== f.person).map((a) => a.log10 + (a.placement.has(f.slot) ? 0 : 1.5))
      t.ok(near(bestAssignment(space, { forbid: f, emptySlot: { slot: f.slot, log10: 1.5 } })!.log10, Math.max(...allowed)), `trial ${trial}, forbidden`)
    }
  }
})

t.test('two slots of one family are one component, scored by the family\'s joint LR (not the product)', async (t) => {
  // siblings placed together: the caller's joint LR says 10^1 more than the product (shared parents' alleles)
  const pairwise: Record<string, number> = { 'A1:p': 5, 'A2:q': 4 }
  const jointLog10 = (_family: string, placement: ReadonlyMap<string, string>): number =>
    [...placement].reduce((s, [slot, person]) => s + pairwise[`${slot}:${person}`], 0) + (placement.size === 2 ? 1 : 0)
  const r = identifyLinks({ slots: [{ id: 'A1', family: 'F' }, { id: 'A2', family: 'F' }], links: [link('A1', 'p', 5), link('A2', 'q', 4)], jointLog10 })
  t.equal(r.components.length, 1)
  t.same([r.slots.get('A1')!.person, r.slots.get('A2')!.person], ['p', 'q'])
  t.ok(near(r.slots.get('A2')!.log10Glr, 5), 'against A1=p alone: 10^10 / 10^5')
  t.equal(r.slots.get('A1')!.conclusion, 'Match (GLR)', 'never Undisputed in a family with several open slots')
  t.throws(() => identifyLinks({ slots: [{ id: 'A1', family: 'F' }, { id: 'A2', family: 'F' }], links: [link('A1', 'p', 5), link('A2', 'q', 4)] }), 'without the pedigree\'s joint LR it refuses to guess')
})
