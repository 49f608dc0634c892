import t from 'tap'
import type { ParsedSample } from '../../src/ingest/import-types.ts'
import { assignSample, compileRule } from '../../src/ingest/sample-assignment.ts'

const sample = (id: string, extra: Partial<ParsedSample> = {}): ParsedSample => ({ id, loci: {}, refused: [], ignored: [], ...extra })

t.test('naming rule with case, person and relation groups', async (t) => {
  const rule = compileRule('^(?<case>FAM\\d+)-(?<person>\\d+)-(?<relation>[A-Z]+)$')
  t.same(assignSample(sample('FAM9-10-MHS'), {}, rule), { side: 'reference', caseId: 'FAM9', personId: '10', relation: 'MHS', source: 'rule' })
  t.equal(assignSample(sample('U-2024-001'), {}, rule), undefined, 'a name the rule does not match is not guessed')
  const noPerson = compileRule('^(?<case>\\w+)_(?<relation>mother|father)$')
  t.same(assignSample(sample('C7_mother'), {}, noPerson), { side: 'reference', caseId: 'C7', relation: 'mother', source: 'rule' })
})

t.test('the file\'s own facts: CMF categories and CASEID, table columns', async (t) => {
  t.same(assignSample(sample('U1', { category: 'Unidentified Person' }), {}), { side: 'unidentified', source: 'file' })
  t.same(assignSample(sample('R1', { category: 'Biological Mother', caseId: 'MP-2019-7' }), {}), { side: 'reference', caseId: 'MP-2019-7', relation: 'Biological Mother', source: 'file' })
  t.equal(assignSample(sample('E1', { category: 'Forensic, Unknown', caseId: 'X' }), {}), undefined, 'crime-scene categories are not family references')
  t.same(assignSample(sample('S1', { caseId: 'FAM1', relation: 'Mother' }), {}), { side: 'reference', caseId: 'FAM1', relation: 'Mother', source: 'file' })
})

t.test('precedence: mapping, then rule, then file, then the default side', async (t) => {
  const rule = compileRule('^(?<case>FAM\\d+)-')
  const s = sample('FAM1-1', { category: 'Unidentified Person' })
  t.equal(assignSample(s, { mapping: { 'FAM1-1': { side: 'unidentified', sex: 'male' } } }, rule)?.source, 'mapping')
  t.equal(assignSample(s, {}, rule)?.source, 'rule')
  t.equal(assignSample(s, {})?.source, 'file')
  t.same(assignSample(sample('X'), { defaultSide: 'unidentified' }), { side: 'unidentified', source: 'default' })
})

t.test('rules that could run for exponential time are refused', async (t) => {
  for (const evil of ['^(?<case>(a+)+)$', '^(?<case>(\\w*)*)-x$', '^(?<case>(ab|a+){2,})']) {
    t.throws(() => compileRule(evil), { code: 'BAD_REQUEST', message: /repeats a group that already repeats/ }, evil)
  }
  t.ok(compileRule('^(?<case>FAM\\d+)-(?<person>\\d+)-(?<relation>[A-Z]+)$'), 'ordinary rules are fine')
  t.ok(compileRule('^(?<case>[A-Z]{2}\\d{4})(-(?<relation>\\w+))?$'), 'an optional group is fine')
})
