import t from 'tap'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { benchLoci } from '../../bench/lib/population-model.ts'
import { runCli } from '../helpers/run-cli.ts'

const loci = benchLoci().slice(0, 4)
/** A kinship-lr-case/1 file: father typed at four loci, the missing child untyped. */
function caseFile (dir: string, change: (doc: Record<string, any>) => void = () => {}): string {
  const doc: Record<string, any> = {
    schema: 'kinship-lr-case/1',
    options: { theta: 0.01, mutation: { model: 'stepwise', rate: 0.002, range: 0.1 }, unknownAlleleFrequency: 0.001 },
    persons: [{ id: 'F', sex: 'male' }, { id: 'M', sex: 'female' }, { id: 'MP', sex: 'female', father: 'F', mother: 'M' }],
    missingPerson: 'MP',
    genotypes: { F: Object.fromEntries(loci.map((l) => [l.name, [l.alleles[1], l.alleles[3]]])) },
    loci: loci.map((l) => ({ name: l.name, alleles: l.alleles, frequencies: l.frequencies }))
  }
  change(doc)
  const file = join(dir, 'case.json')
  writeFileSync(file, JSON.stringify(doc))
  return file
}

t.test('homeward power --json prints the issue\'s fields, next relatives best first', async (t) => {
  const out = runCli(['power', caseFile(t.testdir({})), '--json', '--simulations', '4'])
  t.equal(out.code, 0, out.stderr)
  const r = JSON.parse(out.stdout)
  t.ok(r.exclusionPower > 0.5 && r.exclusionPower < 1)
  t.equal(r.inconsistentLociUnrelated.length, 5)
  t.ok(Math.abs(r.inconsistentLociUnrelated.reduce((a: number, b: number) => a + b, 0) - 1) < 1e-12)
  t.ok(r.pLrAtLeast['1000'] >= r.pLrAtLeast['10000'])
  t.ok(r.pLrAtLeastBounds['10000'].lower <= r.pLrAtLeast['10000'] && r.pLrAtLeast['10000'] <= r.pLrAtLeastBounds['10000'].upper)
  t.type(r.expectedLog10Lr, 'number')
  t.ok(r.unrelated.pLrAtLeast['1000'] < 0.01)
  t.notOk(r.nextRelatives.some((x: { relation: string }) => x.relation === 'father'))
  t.equal(r.nextRelatives[0].relation === 'mother' || r.nextRelatives[0].relation === 'child', true, r.nextRelatives[0].relation)
  for (const x of r.nextRelatives) t.ok(typeof x.pLrAtLeast10000 === 'number' && typeof x.exclusionPower === 'number')
  for (let i = 1; i < r.nextRelatives.length; i++) t.ok(r.nextRelatives[i - 1].gainPLrAtLeast >= r.nextRelatives[i].gainPLrAtLeast)
})

t.test('without --json a readable table', async (t) => {
  const out = runCli(['power', caseFile(t.testdir({})), '--simulations', '2'])
  t.equal(out.code, 0, out.stderr)
  t.match(out.stdout, /exclusion power/)
  t.match(out.stdout, /P\(LR ≥ 10000\)/)
  t.match(out.stdout, /mother/)
  // the next relatives' figures are exact (homeward-power/2): no '± 0.0%' standard error beside them
  t.notMatch(out.stdout, /± 0\.0/)
})

t.test('errors exit 1 naming what is wrong; bad usage exits 2', async (t) => {
  const typed = runCli(['power', caseFile(t.testdir({}), (d) => { d.genotypes.MP = { [loci[0].name]: [loci[0].alleles[0], loci[0].alleles[1]] } })])
  t.equal(typed.code, 1)
  t.match(typed.stderr, /missing person MP has a genotype/)
  const badAllele = runCli(['power', caseFile(t.testdir({}), (d) => { d.genotypes.F[loci[1].name] = ['x', '9'] })])
  t.equal(badAllele.code, 1)
  t.match(badAllele.stderr, new RegExp(`person F, locus ${loci[1].name}`))
  const undefinedLocus = runCli(['power', caseFile(t.testdir({}), (d) => { d.genotypes.F.FOO = ['9', '10'] })])
  t.equal(undefinedLocus.code, 1)
  t.match(undefinedLocus.stderr, /locus FOO/)
  const missing = runCli(['power', '/nonexistent/case.json'])
  t.equal(missing.code, 1)
  t.equal(runCli(['power']).code, 2)
  t.equal(runCli(['power', 'a.json', '--simulations', 'many']).code, 2)
})
