import t from 'tap'
import { HomewardError } from '../../src/core/errors.ts'
import { parseCodisCmf } from '../../src/ingest/codis-cmf.ts'
import { parseImportFile } from '../../src/ingest/parse-file.ts'

const cmf = (specimens: string, head = ''): string => `<?xml version="1.0" encoding="utf-8"?>${head}
<CODISImportFile xmlns="urn:CODISImportFile-schema">
  <HEADERVERSION>3.2</HEADERVERSION>
  <MESSAGETYPE>Import</MESSAGETYPE>
${specimens}
</CODISImportFile>`

const specimen = (id: string, loci: string): string => `  <SPECIMEN CASEID="C1"><SPECIMENID>${id}</SPECIMENID><SPECIMENCATEGORY>Unidentified Person</SPECIMENCATEGORY>
${loci}
  </SPECIMEN>`

t.test('entity expansion ("billion laughs") is refused before any parsing, naming the line', async (t) => {
  const bomb = cmf(specimen('&lol9;', '<LOCUS><LOCUSNAME>TH01</LOCUSNAME><ALLELE><ALLELEVALUE>6</ALLELEVALUE></ALLELE></LOCUS>'),
    '\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n' + Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('\n') + '\n]>')
  const err = t.throws(() => parseImportFile(bomb, { fileName: 'bomb.xml' })) as HomewardError
  t.equal(err.code, 'UNREADABLE_FILE')
  t.equal(err.message, 'line 2: XML with a <!DOCTYPE> declaration is refused (no DTDs or entities are accepted: they can expand without bound or read local files)')
})

t.test('an external entity (local file read) is refused, and its content never appears', async (t) => {
  const xxe = cmf(specimen('&xxe;', ''), '\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')
  const err = t.throws(() => parseCodisCmf(xxe)) as HomewardError
  t.equal(err.code, 'UNREADABLE_FILE')
  t.match(err.message, /^line 2: XML with a <!DOCTYPE> declaration is refused/)
  t.notMatch(err.message, /root:/)
})

t.test('an entity reference without a DTD is not expanded: it stays literal text', async (t) => {
  const r = parseCodisCmf(cmf(specimen('S&amp;1', '<LOCUS><LOCUSNAME>TH01</LOCUSNAME><ALLELE><ALLELEVALUE>&foo;</ALLELEVALUE></ALLELE></LOCUS>')))
  t.equal(r.samples[0].id, 'S&1') // predefined entities are decoded
  t.match(r.samples[0].refused, [{ locus: 'TH01', value: '&foo;', reason: 'allele "&foo;" is not a repeat number' }])
})

t.test('malformed XML: the validator line and message', async (t) => {
  const err = t.throws(() => parseCodisCmf(cmf('  <SPECIMEN><SPECIMENID>A</SPECIMENID>\n'))) as HomewardError
  t.equal(err.code, 'UNREADABLE_FILE')
  t.match(err.message, /^line \d+: malformed XML: /)
})

t.test('BOM, no namespace, Amelogenin locus, OL, duplicate specimen ids, missing LOCUSNAME', async (t) => {
  const loci = `<LOCUS><LOCUSNAME>Amelogenin</LOCUSNAME><ALLELE><ALLELEVALUE>X</ALLELEVALUE></ALLELE></LOCUS>
    <LOCUS><LOCUSNAME>THO1</LOCUSNAME><ALLELE><ALLELEVALUE>9.3</ALLELEVALUE></ALLELE></LOCUS>
    <LOCUS><LOCUSNAME>TP0X</LOCUSNAME><ALLELE><ALLELEVALUE>OL</ALLELEVALUE></ALLELE><ALLELE><ALLELEVALUE>8</ALLELEVALUE></ALLELE></LOCUS>
    <LOCUS><ALLELE><ALLELEVALUE>8</ALLELEVALUE></ALLELE></LOCUS>`
  const text = '\ufeff' + cmf(specimen('U1', loci) + '\n' + specimen('U1', '')).replace(' xmlns="urn:CODISImportFile-schema"', '')
  const r = parseImportFile(Buffer.from(text, 'utf8'), { fileName: 'u.xml' })
  t.equal(r.format, 'codis-cmf')
  t.equal(r.samples.length, 1)
  const [u] = r.samples
  t.same(u.loci, { TH01: ['9.3', '9.3'] })
  t.same(u.amelogenin, ['X'])
  t.same(u.refused.map((x) => [x.locus, x.reason]), [['TPOX', 'allele "OL" is an off-ladder call'], ['(none)', 'LOCUS element without LOCUSNAME']])
  t.match(r.errors, [/^SPECIMEN\[2\] \(line 11\): SPECIMENID U1 appears twice; specimen skipped$/])
})

t.test('a CMF file with no SPECIMEN is read, with a file error', async (t) => {
  const r = parseCodisCmf(cmf(''))
  t.same(r.samples, [])
  t.same(r.errors, ['<CODISImportFile> has no SPECIMEN element: nothing to import'])
})

t.test('deep nesting and out-of-range character references are unreadable or literal, never a crash', async (t) => {
  const deep = '<CODISImportFile>' + '<a>'.repeat(20_000) + '</a>'.repeat(20_000) + '</CODISImportFile>'
  const err = t.throws(() => parseImportFile(deep, { fileName: 'deep.xml' })) as HomewardError
  t.ok(err instanceof HomewardError)
  t.equal(err.code, 'UNREADABLE_FILE')
  const r = parseCodisCmf(cmf(specimen('S&#x110000;', '<LOCUS><LOCUSNAME>TH01</LOCUSNAME><ALLELE><ALLELEVALUE>&#57;</ALLELEVALUE></ALLELE></LOCUS>')))
  t.equal(r.samples[0].id, 'S&#x110000;') // beyond U+10FFFF: kept as written
  t.same(r.samples[0].loci, { TH01: ['9', '9'] }) // &#57; is "9"
})

t.test('the id element is configurable: a child element or a SPECIMEN attribute', async (t) => {
  const text = cmf(specimen('U9', '<LOCUS><LOCUSNAME>TH01</LOCUSNAME><ALLELE><ALLELEVALUE>6</ALLELEVALUE></ALLELE></LOCUS>'))
  t.equal(parseImportFile(text, { fileName: 'a.xml' }).samples[0].id, 'U9')
  t.equal(parseImportFile(text, { fileName: 'a.xml', idColumn: 'CASEID' }).samples[0].id, 'C1')
  t.same(parseImportFile(text, { fileName: 'a.xml', idColumn: 'NOPE' }).errors, ['SPECIMEN[1] (line 5): no NOPE; specimen skipped'])
})

t.test('an empty ALLELE element beside a value refuses the locus, naming the element: never read as a homozygote', async (t) => {
  const loci = `<LOCUS><LOCUSNAME>D8S1179</LOCUSNAME><ALLELE></ALLELE><ALLELE>11</ALLELE></LOCUS>
    <LOCUS><LOCUSNAME>VWA</LOCUSNAME><ALLELE><ALLELEVALUE>16</ALLELEVALUE></ALLELE><ALLELE><ALLELEVALUE></ALLELEVALUE></ALLELE></LOCUS>
    <LOCUS><LOCUSNAME>TH01</LOCUSNAME><ALLELE><ALLELEVALUE>9.3</ALLELEVALUE></ALLELE></LOCUS>`
  const r = parseImportFile(Buffer.from(cmf(specimen('U7', loci)), 'utf8'), { fileName: 'u.xml' })
  const [u] = r.samples
  t.equal(u.id, 'U7')
  t.same(u.loci, { TH01: ['9.3', '9.3'] }, 'a single ALLELE element is still a homozygote')
  t.same(u.refused.map((x) => [x.locus, x.element, x.value]), [
    ['D8S1179', 'SPECIMEN[1]/LOCUS[1]/ALLELE[1] (line 6)', ',11'],
    ['vWA', 'SPECIMEN[1]/LOCUS[2]/ALLELE[2] (line 7)', '16,']
  ])
  t.match(u.refused[0].reason, /^ALLELE element 1 of 2 is empty beside 11: a homozygote is one ALLELE element/)
})
