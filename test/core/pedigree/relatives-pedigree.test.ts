import { readFileSync } from 'node:fs'
import t from 'tap'
import type { LocusModel, LrOptions } from '../../../src/core/pedigree/kinship-case.ts'
import { kinshipLr } from '../../../src/core/lr/kinship-lr.ts'
import { makeGenotype } from '../../../src/core/markers/profile.ts'
import { relativesToPedigree, type Relative } from '../../../src/core/pedigree/relatives-pedigree.ts'
import type { Sex, Genotype } from '../../../src/core/markers/profile.ts'

interface OracleCase {
  options: { theta: number, unknownAlleleFrequency: number }
  genotypes: Record<string, Record<string, string[]>>
  loci: LocusModel[]
  expected: { total: number }
}

function oracle (name: string): OracleCase {
  return JSON.parse(readFileSync(new URL(`../../../fixtures/oracle-cases/${name}.json`, import.meta.url), 'utf8')) as OracleCase
}

// Each oracle case restated in the relatives form: the built pedigree must give the oracle's LR.
const RESTATED: Array<{ file: string, mpSex: Sex, relatives: Relative[] }> = [
  { file: 'halfsib_true', mpSex: 'female', relatives: [{ id: 'HS', relation: 'paternal-half-sibling', sex: 'male' }] },
  { file: 'gp_both_true', mpSex: 'male', relatives: [{ id: 'GF', relation: 'paternal-grandfather' }, { id: 'GM', relation: 'paternal-grandmother' }] },
  { file: 'uncle_true', mpSex: 'male', relatives: [{ id: 'U', relation: 'paternal-uncle' }] },
  { file: 'mother_mgm_true', mpSex: 'female', relatives: [{ id: 'AM', relation: 'mother' }, { id: 'MGM', relation: 'maternal-grandmother' }] }
]

for (const r of RESTATED) {
  t.test(`relatives form of ${r.file} gives the oracle LR`, async (t) => {
    const c = oracle(r.file)
    const { persons, missingPerson } = relativesToPedigree({ id: 'MP', sex: r.mpSex }, r.relatives)
    const genotypes: Record<string, Record<string, Genotype>> = {}
    for (const [id, profile] of Object.entries(c.genotypes)) {
      genotypes[id] = Object.fromEntries(Object.entries(profile).map(([l, g]) => [l, makeGenotype(g)]))
    }
    const options: LrOptions = { theta: c.options.theta, mutation: { model: 'none' }, unknownAllele: { rule: 'fixed', frequency: c.options.unknownAlleleFrequency } }
    const result = kinshipLr({ persons, missingPerson, genotypes }, c.loci, options)
    t.ok(result.log10Lr !== null && Math.abs(10 ** (result.log10Lr - Math.log10(c.expected.total)) - 1) < 1e-9, `${r.file}: 10^${result.log10Lr} vs ${c.expected.total}`)
  })
}

t.test('connecting persons are added and named; children hang under the missing person and a partner', async (t) => {
  const { persons } = relativesToPedigree({ id: 'MP', sex: 'female' }, [
    { id: 'Kid', relation: 'child', sex: 'male' },
    { id: 'Husband', relation: 'spouse' },
    { id: 'Bro', relation: 'maternal-half-sibling', sex: 'male' }
  ])
  const byId = new Map(persons.map((p) => [p.id, p]))
  t.match(byId.get('Kid'), { father: 'Husband', mother: 'MP' })
  t.match(byId.get('Husband'), { sex: 'male', relation: 'spouse' })
  t.match(byId.get('Bro'), { mother: 'untyped-mother', father: 'untyped-mother-partner' })
  t.match(byId.get('MP'), { father: 'untyped-father', mother: 'untyped-mother' })
})

t.test('refusals name the relative', async (t) => {
  t.throws(() => relativesToPedigree({ id: 'MP', sex: 'male' }, [{ id: 'A', relation: 'father' }, { id: 'B', relation: 'father' }]), /only one father/)
  t.throws(() => relativesToPedigree({ id: 'MP', sex: 'male' }, [{ id: 'A', relation: 'mother', sex: 'male' }]), /A is the mother but has sex male/)
  t.throws(() => relativesToPedigree({ id: 'MP', sex: 'male' }, [{ id: 'MP', relation: 'father' }]), /listed twice/)
  t.throws(() => relativesToPedigree({ id: 'MP', sex: 'male' }, [{ id: 'untyped-x', relation: 'father' }]), /reserved/)
  t.throws(() => relativesToPedigree({ id: 'MP', sex: 'male' }, [{ id: 'S', relation: 'spouse', of: 'Q' }]), /spouse S of Q/)
  t.throws(() => relativesToPedigree({ id: 'MP', sex: 'male' }, [{ id: 'X', relation: 'cousin' as never }]), /relation "cousin"/)
})
