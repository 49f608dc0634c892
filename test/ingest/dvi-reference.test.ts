import { readFileSync } from 'node:fs'
import t from 'tap'
import { HomewardError } from '../../src/core/errors.ts'
import { readDviReference } from '../../src/ingest/dvi-reference.ts'
import { dviFixturePath } from '../helpers/dvi-datasets.ts'

const fire = (): Record<string, any> => JSON.parse(readFileSync(dviFixturePath('fire'), 'utf8'))

t.test('reads dvir\'s fire: 3 victims, one family with 3 slots, 23 loci, the mutation model', async (t) => {
  const p = readDviReference(fire())
  t.same(p.victims.map((v) => v.id), ['V1', 'V2', 'V3'])
  t.same(p.families.map((f) => [f.id, f.missing]), [['F1', ['M1', 'M2', 'M3']]])
  t.equal(p.loci.length, 23)
  t.same(p.options.mutation, { model: 'proportional', rate: 0.001 })
})

t.test('refusals name the JSON path and what is wrong', async (t) => {
  const cases: Array<[string, (d: Record<string, any>) => void, RegExp, string]> = [
    ['schema', (d) => { d.schema = 'dvi-reference/2' }, /^schema: /, 'INVALID_CASE'],
    ['duplicate victim', (d) => { d.victims[1].id = 'V1' }, /victims\.1: victim V1 is listed twice/, 'INVALID_CASE'],
    ['slot not in the pedigree', (d) => { d.families[0].missingPersons.push('M9') }, /families\.0\.missingPersons\.3: missing person M9 is not in family F1's pedigree/, 'INVALID_CASE'],
    ['typed slot', (d) => { d.families[0].genotypes.M1 = d.victims[0].genotypes }, /families\.0\.genotypes\.M1: missing person M1 of family F1 is typed/, 'INVALID_CASE'],
    ['unknown locus', (d) => { d.victims[0].genotypes.XYZ = ['10', '11'] }, /victims\.0\.genotypes\.XYZ: victim V1 is typed at locus XYZ, which has no frequency table/, 'UNKNOWN_LOCUS'],
    ['implausible allele', (d) => { d.victims[2].genotypes.TH01 = ['7', '999'] }, /victims\.2\.genotypes\.TH01: .*"999".*sample victim V3/, 'INVALID_ALLELE'],
    ['wrong genotype shape', (d) => { d.victims[0].genotypes.TH01 = ['7'] }, /^victims\.0\.genotypes\.TH01: a genotype is an array of exactly two allele strings/, 'INVALID_CASE'],
    ['one parent', (d) => { delete d.families[0].persons.find((p: any) => p.mother != null).mother }, /families\.0 \(family F1\): /, 'INVALID_PEDIGREE'],
    ['slot map disagrees', (d) => { d.missingPersonFamily.M2 = 'F9' }, /missingPersonFamily\.M2: says family F9, but family F1 holds M2/, 'INVALID_CASE'],
    ['frequencies', (d) => { d.loci[0].frequencies.pop() }, /loci\.0: locus D3S1358 has 12 alleles but 11 frequencies/, 'INVALID_FREQUENCIES']
  ]
  for (const [what, edit, message, code] of cases) {
    const doc = fire()
    edit(doc)
    try {
      readDviReference(doc)
      t.fail(`${what}: accepted`)
    } catch (err) {
      t.ok(err instanceof HomewardError, `${what}: a HomewardError`)
      t.match((err as HomewardError).message, message, `${what}: ${(err as Error).message}`)
      t.equal((err as HomewardError).code, code, `${what}: code`)
    }
  }
})

t.test('a pooled table allele such as Familias\' "Rest allele" is kept as a label', async (t) => {
  const doc = fire()
  doc.loci[0].alleles[0] = 'Rest allele'
  t.equal(readDviReference(doc).loci[0].alleles[0], 'Rest allele')
})
