import t from 'tap'
import type { ParsedSample } from '../../src/ingest/import-types.ts'
import { ImportMappingSchema } from '../../src/ingest/import-options-schema.ts'
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
  t.equal(assignSample(s, { mapping: new Map([['FAM1-1', { side: 'unidentified', sex: 'male' }]]) }, rule)?.source, 'mapping')
  t.equal(assignSample(s, {}, rule)?.source, 'rule')
  t.equal(assignSample(s, {})?.source, 'file')
  t.same(assignSample(sample('X'), { defaultSide: 'unidentified' }), { side: 'unidentified', source: 'default' })
})

/** Milliseconds to compile a rule and assign one sample with it. */
function timeRule (rule: string, id: string): { ms: number, assignment: ReturnType<typeof assignSample> } {
  const t0 = performance.now()
  const assignment = assignSample(sample(id), {}, compileRule(rule))
  return { ms: performance.now() - t0, assignment }
}

t.test('naming rules run in linear time: rules that backtrack exponentially in JavaScript answer within 100 ms', async (t) => {
  timeRule('^(?<case>FAM\\d+)-', 'FAM1-') // warm up the engine once, so the timings below are the rules' own
  // Each doubles its JavaScript time per character on "aaa…a!": 28 characters took 10 s before.
  const evil: Array<[rule: string, matching: string]> = [['^(?<case>((a+))+)$', 'aaaa'], ['^(?<case>(a|a)+)$', 'aaaa'], ['^(?<case>(?:a|a)*)$', 'aaaa'],
    ['^(?<case>(a+)+)$', 'aaaa'], ['^(?<case>(\\w*)*)-x$', 'aaaa-x'], ['^(?<case>(ab|a+){2,})$', 'aaaa']]
  for (const [rule, matching] of evil) {
    for (const n of [28, 40, 199]) {
      const { ms, assignment } = timeRule(rule, 'a'.repeat(n) + '!')
      t.ok(ms < 100, `${rule} on ${n + 1} characters: ${ms.toFixed(1)} ms`)
      t.equal(assignment, undefined, 'and it does not match')
    }
    t.match(timeRule(rule, matching).assignment, { side: 'reference', caseId: 'aaaa' }, `${rule} still matches what it should`)
  }
})

t.test('rules RE2 cannot run, and rules too large, are refused naming the rule', async (t) => {
  t.throws(() => compileRule('^(?<case>(a)\\1)$'), { code: 'BAD_REQUEST', message: /^the naming rule .* is not a regular expression this service accepts \(RE2 syntax: no backreferences or lookaround\)/ })
  t.throws(() => compileRule('^(?<case>F(?=A))'), { code: 'BAD_REQUEST', message: /not a regular expression this service accepts/ })
  t.throws(() => compileRule('^(?<case>[a-z]{0,300})$'), { code: 'BAD_REQUEST', message: /is too large \(program size \d+; at most 300\)/ })
  t.ok(compileRule('^(?<case>FAM\\d+)-(?<person>\\d+)-(?<relation>[A-Z]+)$'), 'ordinary rules are fine')
  t.ok(compileRule('^(?<case>[A-Z]{2}\\d{4})(-(?<relation>\\w+))?$'), 'an optional group is fine')
  t.same(assignSample(sample('AB1234'), {}, compileRule('^(?<case>[A-Z]{2}\\d{4})(-(?<relation>\\w+))?$')), { side: 'reference', caseId: 'AB1234', source: 'rule' }, 'an optional group that did not take part is left out')
  t.equal(assignSample(sample('F' + '1'.repeat(300)), {}, compileRule('^(?<case>F\\d+)$')), undefined, 'ids longer than 200 characters are not matched')
})

const PROTOTYPE_NAMES = ['constructor', 'toString', '__proto__', 'hasOwnProperty']

t.test('samples named after Object.prototype members get what the mapping says, and nothing else', async (t) => {
  // As the mapping arrives: JSON text, with a "__proto__" key JSON.parse keeps as an own entry.
  const mapping = ImportMappingSchema.parse(JSON.parse('{"__proto__": {"side": "unidentified", "sex": "male"}, "toString": {"side": "reference", "caseId": "C1", "personId": "toString"}}'))
  t.same(assignSample(sample('__proto__'), { mapping }), { side: 'unidentified', sex: 'male', source: 'mapping' })
  t.same(assignSample(sample('toString'), { mapping }), { side: 'reference', caseId: 'C1', personId: 'toString', source: 'mapping' })
  t.equal(assignSample(sample('constructor'), { mapping }), undefined, 'not in the mapping: unassigned, not Object')
  t.equal(assignSample(sample('hasOwnProperty'), { mapping }), undefined)
  t.same(assignSample(sample('constructor'), { mapping, defaultSide: 'unidentified' }), { side: 'unidentified', source: 'default' })
})

t.test('samples named after Object.prototype members through the naming rule', async (t) => {
  const person = compileRule('^(?<case>C\\d+)-(?<person>\\w+)$')
  const whole = compileRule('^(?<case>\\w+)$')
  for (const name of PROTOTYPE_NAMES) {
    t.same(assignSample(sample(`C1-${name}`), {}, person), { side: 'reference', caseId: 'C1', personId: name, source: 'rule' })
    t.same(assignSample(sample(name), {}, whole), { side: 'reference', caseId: name, source: 'rule' })
  }
})
