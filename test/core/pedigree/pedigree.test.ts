import t from 'tap'
import { HomewardError } from '../../../src/core/errors.ts'
import { validatePedigree, type PedigreePerson } from '../../../src/core/pedigree/pedigree.ts'

const check = (persons: PedigreePerson[], missingPerson = 'MP'): HomewardError => {
  try {
    validatePedigree({ persons, missingPerson })
  } catch (err) {
    if (err instanceof HomewardError) return err
    throw err
  }
  throw new Error('expected a HomewardError')
}

t.test('a valid pedigree comes back parents first', async (t) => {
  const order = validatePedigree({
    persons: [
      { id: 'MP', sex: 'male', father: 'F', mother: 'M' },
      { id: 'F', sex: 'male', father: 'GF', mother: 'GM' },
      { id: 'GF', sex: 'male' }, { id: 'GM', sex: 'female' }, { id: 'M', sex: 'female' }
    ],
    missingPerson: 'MP'
  }).map((p) => p.id)
  t.ok(order.indexOf('GF') < order.indexOf('F') && order.indexOf('F') < order.indexOf('MP') && order.indexOf('M') < order.indexOf('MP'))
})

t.test('a cousin marriage (a loop) is fine', async (t) => {
  const persons: PedigreePerson[] = [
    { id: 'GF', sex: 'male' }, { id: 'GM', sex: 'female' }, { id: 'X', sex: 'female' }, { id: 'Y', sex: 'male' },
    { id: 'A', sex: 'male', father: 'GF', mother: 'GM' }, { id: 'B', sex: 'female', father: 'GF', mother: 'GM' },
    { id: 'C1', sex: 'male', father: 'A', mother: 'X' }, { id: 'C2', sex: 'female', father: 'Y', mother: 'B' },
    { id: 'MP', sex: 'male', father: 'C1', mother: 'C2' }
  ]
  t.equal(validatePedigree({ persons, missingPerson: 'MP' }).length, 9)
})

t.test('every validation error names what is wrong', async (t) => {
  const base: PedigreePerson[] = [{ id: 'F', sex: 'male' }, { id: 'M', sex: 'female' }]
  const cases: Array<[string, PedigreePerson[], RegExp, string?]> = [
    ['female father', [{ id: 'F', sex: 'female' }, { id: 'M', sex: 'female' }, { id: 'MP', sex: 'male', father: 'F', mother: 'M' }], /MP has father F, who is female/],
    ['male mother', [{ id: 'F', sex: 'male' }, { id: 'M', sex: 'male' }, { id: 'MP', sex: 'male', father: 'F', mother: 'M' }], /mother M, who is male/],
    ['one parent', [...base, { id: 'MP', sex: 'male', father: 'F' }], /MP has only one parent/],
    ['unknown father', [...base, { id: 'MP', sex: 'male', father: 'Z', mother: 'M' }], /father Z, who is not in the pedigree/],
    ['duplicate id', [...base, { id: 'F', sex: 'male' }, { id: 'MP', sex: 'male' }], /F is listed twice/],
    ['bad sex', [...base, { id: 'MP', sex: 'x' as 'male' }], /MP has sex "x"/],
    ['missing MP', base, /missing person MP is not in the pedigree/],
    ['cycle', [{ id: 'A', sex: 'male', father: 'B', mother: 'M' }, { id: 'B', sex: 'male', father: 'A', mother: 'M' }, { id: 'M', sex: 'female' }, { id: 'MP', sex: 'male' }], /own ancestor/]
  ]
  for (const [what, persons, message] of cases) {
    const err = check(persons)
    t.equal(err.code, 'INVALID_PEDIGREE', what)
    t.match(err.message, message, what)
  }
  t.match(check(Array.from({ length: 201 }, (_, i) => ({ id: `P${i}`, sex: 'male' as const }))).message, /at most 200/)
})
