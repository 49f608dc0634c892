import t from 'tap'
import { HomewardError } from '../../src/core/errors.ts'
import { checkRecordId, lookupRecordId, recordId, showId } from '../../src/core/record-id.ts'

/** The problem text of a refused id (fails the test when the id is accepted). */
function problem (raw: string): string {
  const c = checkRecordId(raw)
  return c.ok ? `accepted as ${JSON.stringify(c.id)}` : c.problem
}

t.test('ids are kept in NFC: the macOS (NFD) and Windows (NFC) spellings of one id are one id', async (t) => {
  const nfd = 'Jose\u0301-2024'
  const nfc = 'Jos\u00e9-2024'
  t.not(nfd, nfc, 'control: the two spellings differ as strings')
  t.same(checkRecordId(nfd), { ok: true, id: nfc })
  t.same(checkRecordId(nfc), { ok: true, id: nfc })
  t.equal(lookupRecordId(nfd), nfc)
  t.equal(recordId('Ange\u0301lique', 'sample id'), 'Ang\u00e9lique')
})

t.test('real ids pass unchanged: Latin, Chinese plates and case numbers, digits, whole-Cyrillic or Greek, single spaces', async (t) => {
  for (const id of ['UHR-2024-0042', 'CASE-2014-0173', '粤A-2024-0042', '京B·12345', '张伟-父', 'FAM1-8-PA', 'Иванов-1', 'ΩΨΦ-12', 'lab 3 sample 7', 'x']) {
    t.same(checkRecordId(id), { ok: true, id }, id)
  }
})

t.test('invisible, control, BIDI, private-use and unassigned code points are refused, named with their position', async (t) => {
  const cases: Array<[string, RegExp]> = [
    ['UHR\u200b-1', /^has U\+200B ZERO WIDTH SPACE at position 4 /],
    ['UHR-\u200d1', /U\+200D ZERO WIDTH JOINER at position 5/],
    ['UHR-1\u2060', /U\+2060 WORD JOINER at position 6/],
    ['\ufeffUHR-1', /U\+FEFF ZERO WIDTH NO-BREAK SPACE \(byte order mark\) at position 1/],
    ['UHR-\u202e1-2', /U\+202E RIGHT-TO-LEFT OVERRIDE at position 5/],
    ['UHR-\u2066A\u2069', /U\+2066 LEFT-TO-RIGHT ISOLATE at position 5/],
    ['UHR-\u200f1', /U\+200F RIGHT-TO-LEFT MARK/],
    ['UHR\u00ad1', /U\+00AD SOFT HYPHEN at position 4/],
    ['UHR\u0000', /U\+0000 NULL at position 4/],
    ['UHR\u001b[31m', /U\+001B ESCAPE at position 4/],
    ['UHR\t1', /U\+0009 CHARACTER TABULATION/],
    ['UHR\n1', /U\+000A LINE FEED/],
    ['UHR\u007f', /U\+007F DELETE/],
    ['UHR\ue000', /U\+E000 \(a private-use character\) at position 4/],
    ['UHR\u{F0000}', /U\+F0000 \(a private-use character\)/],
    ['UHR\u0378', /U\+0378 \(an unassigned code point\)/],
    ['UHR\ud800', /U\+D800 \(a lone surrogate, not a character\)/],
    ['UHR\u3164', /U\+3164 HANGUL FILLER/],
    ['UHR\ufe0f', /U\+FE0F \(an invisible character\)/],
    ['粤A\u200b-2024', /U\+200B ZERO WIDTH SPACE at position 3/], // positions count characters, not bytes
    ['\u{1F600}\u200b', /at position 2/] // an astral character is one position
  ]
  for (const [raw, expected] of cases) t.match(problem(raw), expected, JSON.stringify(raw))
})

t.test('spaces: only the plain space, never at either end, never doubled', async (t) => {
  t.match(problem(' UHR-1'), /^begins with a space \(U\+0020\)/)
  t.match(problem('UHR-1 '), /^ends with a space/)
  t.match(problem('UHR  1'), /^has two spaces in a row at position 4/)
  t.match(problem('UHR\u00a01'), /U\+00A0 NO-BREAK SPACE at position 4 \(only the plain space/)
  t.match(problem('粤A\u30002024'), /U\+3000 IDEOGRAPHIC SPACE at position 3/)
  t.match(problem('UHR\u20091'), /U\+2009 THIN SPACE/)
  t.match(problem('UHR\u20281'), /U\+2028 LINE SEPARATOR/)
  t.match(problem('\u00a0UHR'), /NO-BREAK SPACE at position 1/)
})

t.test('homoglyphs: Latin mixed with Cyrillic or Greek is refused, naming the odd letter', async (t) => {
  t.match(problem('U\u041dR-2024'), /^mixes Latin and Cyrillic letters: U\+041D \(Cyrillic letter "Н"\) at position 2/)
  t.match(problem('\u0421ASE-1'), /Cyrillic letter "С"\) at position 1/) // Cyrillic Es for C
  t.match(problem('UHR-\u03bf1'), /^mixes Latin and Greek letters: U\+03BF \(Greek letter "ο"\) at position 5/)
  t.match(problem('\u2126hm-1'), /Latin and Greek/) // OHM SIGN is Greek script (NFC makes it omega)
  t.match(problem('Иванов-P'), /mixes Cyrillic and Latin letters: U\+0050 \(Latin letter "P"\) at position 8/)
  t.match(problem('Ива\u03bdов'), /Cyrillic and Greek/)
  t.ok(checkRecordId('粤A-2024-0042').ok, 'Han with Latin and digits is not a confusable mix')
})

t.test('length: empty and over 100 characters are refused', async (t) => {
  t.match(problem(''), /^is empty/)
  t.match(problem('A'.repeat(101)), /^has 101 characters; at most 100/)
  t.ok(checkRecordId('A'.repeat(100)).ok)
})

t.test('recordId throws a BAD_REQUEST naming what the id is, the id (escaped) and the character', async (t) => {
  const err = t.throws(() => recordId('UHR\u200b-1', 'sample id')) as HomewardError
  t.ok(err instanceof HomewardError)
  t.equal(err.code, 'BAD_REQUEST')
  t.match(err.message, /^sample id "UHR<U\+200B>-1" has U\+200B ZERO WIDTH SPACE at position 4/)
  t.notOk(err.message.includes('\u200b'), 'the message itself shows no invisible character')
  t.equal(err.details.value, '"UHR<U+200B>-1"')
  t.equal(showId('A\u202eB\u00a0C'), '"A<U+202E>B<U+00A0>C"')
  t.equal(showId('x'.repeat(80)), `"${'x'.repeat(60)}…"`)
})
