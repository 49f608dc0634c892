import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { HomewardError } from '../../src/core/errors.ts'
import { MAX_XML_ATTRIBUTES, MAX_XML_ELEMENTS } from '../../src/ingest/import-limits.ts'
import { parseImportFile } from '../../src/ingest/parse-file.ts'
import { checkXmlBounds } from '../../src/ingest/safe-xml.ts'
import { parseInChild } from './bounded-parse.ts'

const cmf = (body: string): string => `<?xml version="1.0" encoding="utf-8"?>\n<CODISImportFile>\n${body}\n</CODISImportFile>\n`

t.test('one CMF element with 2·10^6 attributes is refused fast, in bounded memory', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-xml-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const attributes = Array.from({ length: 2_000_000 }, (_, i) => `a${i}="1"`).join(' ')
  writeFileSync(join(dir, 'attributes.xml'), cmf(`<SPECIMEN ${attributes}><SPECIMENID>U1</SPECIMENID></SPECIMEN>`))
  // Before the bound the parser took 42 s and 2.8 GB on this file.
  const r = parseInChild(join(dir, 'attributes.xml'), 256)
  t.equal(r.status, 0, `the child survived a 256 MiB heap ${r.stderr}`)
  t.equal(r.code, 'UNREADABLE_FILE')
  t.equal(r.message, `line 3: element <SPECIMEN> has more than ${MAX_XML_ATTRIBUTES} attributes`)
  t.ok((r.ms ?? Infinity) < 3000, `refused in ${r.ms?.toFixed(0)} ms`)
})

t.test('the element count is bounded; comments, CDATA and quoted values do not count', async (t) => {
  const many = cmf('<X/>'.repeat(MAX_XML_ELEMENTS))
  const err = t.throws(() => parseImportFile(many, { fileName: 'many.xml' })) as HomewardError
  t.equal(err.code, 'UNREADABLE_FILE')
  t.equal(err.message, `line 3: more than ${MAX_XML_ELEMENTS} XML elements; split the file`)
  t.same(err.details, { line: 3, element: 'X', limit: MAX_XML_ELEMENTS })
  const equalsInside = `<A note="${'x='.repeat(200)}" b='>=' ${'c="1" '.repeat(MAX_XML_ATTRIBUTES - 2)}/>\n<!-- ${'<B a="1">'.repeat(100)} -->\n<![CDATA[ ${'<C d=1>'.repeat(MAX_XML_ELEMENTS)} ]]>`
  t.doesNotThrow(() => checkXmlBounds(equalsInside), 'exactly the maximum of attributes, "=" in values, markup in comments and CDATA')
  const one = t.throws(() => checkXmlBounds('<R>\n\n<A ' + 'c="1" '.repeat(MAX_XML_ATTRIBUTES + 1) + '/></R>')) as HomewardError
  t.equal(one.message, `line 3: element <A> has more than ${MAX_XML_ATTRIBUTES} attributes`)
})
