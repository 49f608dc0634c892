import t from 'tap'
import { spawnSync } from 'node:child_process'
import { writeFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ORACLE_DIR, relativeDifference } from '../helpers/oracle-cases.ts'

const BIN = join(import.meta.dirname, '..', '..', 'src', 'cli', 'bin.mjs')
const lr = (file: string): { status: number | null, stdout: string, stderr: string } =>
  spawnSync(process.execPath, [BIN, 'lr', file], { encoding: 'utf8' })

t.test('homeward lr prints the case LR as JSON', async (t) => {
  const file = join(ORACLE_DIR, 'tb_duo_father_textbook.json')
  const expected = JSON.parse(readFileSync(file, 'utf8')).expected
  const out = lr(file)
  t.equal(out.status, 0, out.stderr)
  const result = JSON.parse(out.stdout)
  t.ok(relativeDifference(10 ** result.log10Lr, expected.total) < 1e-9)
  for (const [locus, want] of Object.entries(expected.perLocus)) {
    t.ok(relativeDifference(10 ** result.perLocus[locus].log10Lr, want as number) < 1e-9, locus)
  }
})

t.test('an exclusion is log10Lr null', async (t) => {
  const out = lr(join(ORACLE_DIR, 'fullsib_unrelated.json'))
  t.equal(out.status, 0)
  const doc = JSON.parse(readFileSync(join(ORACLE_DIR, 'trio_excl_stepwise.json'), 'utf8'))
  doc.options.mutation = { model: 'none' }
  for (const l of doc.loci) delete l.mutation
  const file = join(t.testdir({}), 'excl.json')
  writeFileSync(file, JSON.stringify(doc))
  const excl = JSON.parse(lr(file).stdout)
  t.equal(excl.log10Lr, null)
  t.ok(Object.values(excl.perLocus).some((l) => (l as { log10Lr: number | null }).log10Lr === null))
})

t.test('a malformed case exits non-zero naming the culprit', async (t) => {
  const base = JSON.parse(readFileSync(join(ORACLE_DIR, 'tb_duo_father_textbook.json'), 'utf8'))
  const dir = t.testdir({})
  const variants: Array<[string, (d: typeof base) => void, RegExp]> = [
    ['numeric allele', (d) => { d.genotypes.AF.TH01 = [9, '9.3'] }, /person AF, locus TH01/],
    ['off-ladder allele', (d) => { d.genotypes.MP.TH01 = ['OL', '9.3'] }, /person MP, locus TH01.*off-ladder/],
    ['three alleles', (d) => { d.genotypes.AF.TH01 = ['6', '7', '9.3'] }, /two allele strings.*person AF, locus TH01/],
    ['female father', (d) => { d.persons.find((p: { id: string }) => p.id === 'AF').sex = 'female' }, /father AF, who is female/],
    ['unknown person', (d) => { d.genotypes.ZZ = { TH01: ['6', '7'] } }, /ZZ, who is not in the pedigree/],
    ['locus the case does not define', (d) => { d.genotypes.AF.CSF1PO = ['10', '12'] }, /person AF, locus CSF1PO: .*loci do not define/],
    ['not JSON', () => undefined, /JSON/]
  ]
  for (const [what, mutate, message] of variants) {
    const doc = structuredClone(base)
    mutate(doc)
    const file = join(dir, `${what.replace(/ /g, '-')}.json`)
    writeFileSync(file, what === 'not JSON' ? '{"schema": ' : JSON.stringify(doc))
    const out = lr(file)
    t.equal(out.status, 1, what)
    t.match(out.stderr, message, what)
  }
})
