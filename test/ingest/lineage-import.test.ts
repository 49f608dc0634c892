// Issue 14: Y-STR haplotypes from GeneMapper ID-X tables and mitotypes from EMPOP-style text, through the
// import preview: read with the API's parsers, bad calls refused naming the locus or position and value.
import { readFileSync } from 'node:fs'
import t from 'tap'
import { previewImport } from '../../src/ingest/import-preview.ts'

const fixture = (name: string): Buffer => readFileSync(new URL(`../../fixtures/imports/lineage/${name}`, import.meta.url))
const UNIDENTIFIED = { defaultSide: 'unidentified' as const }

t.test('a GeneMapper ID-X Yfiler table: each sample a canonical haplotype, bad calls refused', async (t) => {
  const { preview } = previewImport(fixture('yfiler-genemapper-idx.txt'), UNIDENTIFIED)
  t.equal(preview.format, 'genemapper-long')
  const [good, other, bad] = preview.samples
  t.equal(good.id, 'UHR-Y-0001')
  t.equal(Object.keys(good.yStr ?? {}).length, 16, 'Yfiler\'s 17 loci, DYS385 a/b as one')
  t.same(good.yStr?.DYS385, ['13', '19'])
  t.same(good.yStr?.['Y-GATA-H4'], ['12'])
  t.same(good.loci, {}, 'no autosomal locus')
  t.same(good.refused, [])
  t.match(good.warnings, [/lineage markers only/], 'joins a stored record')
  t.ok(good.ok)
  t.same(other.yStr?.DYS458, ['17.2'], 'an intermediate allele')
  t.notOk(bad.ok)
  t.equal(bad.yStr, undefined, 'a sample with a bad Y call has no haplotype')
  const refusals = bad.refused.map((r) => `${r.locus}=${r.value ?? ''}`)
  t.ok(refusals.some((r) => r.startsWith('DYS19=OL')), `the off-ladder call at DYS19 (${refusals.join('; ')})`)
  t.ok(refusals.some((r) => r.startsWith('DYS390=22,23,24')), 'the three alleles at DYS390')
})

t.test('the Y-STRs of an autosomal kit stay ignored: too few for a haplotype', async (t) => {
  const rows = [['D3S1358', '15', '16'], ['vWA', '14', '17'], ['FGA', '22', '24'], ['AMEL', 'X', 'Y'], ['DYS391', '10', ''], ['Yindel', '2', '']]
  const table = ['Sample Name\tMarker\tAllele 1\tAllele 2', ...rows.map((r) => ['GF-1', ...r].join('\t'))].join('\n')
  const { preview } = previewImport(table, UNIDENTIFIED)
  const [s] = preview.samples
  t.equal(s.yStr, undefined)
  t.same(s.ignored.map((i) => i.locus).sort(), ['DYS391', 'Yindel'])
  t.match(s.ignored.find((i) => i.locus === 'DYS391')?.reason, /a haplotype needs at least 8/)
  t.same(Object.keys(s.loci).sort(), ['D3S1358', 'FGA', 'vWA'])
})

t.test('EMPOP-style text: mitotypes canonical, a variant outside the range and a bad base refused', async (t) => {
  const { preview } = previewImport(fixture('empop-mitotypes.txt'), UNIDENTIFIED)
  t.equal(preview.format, 'empop-text')
  t.same(preview.samples.map((s) => s.id), ['REF-MT-0001', 'REF-MT-0002', 'REF-MT-BAD'])
  const [d4, b4, bad] = preview.samples
  t.same(d4.mtDna?.ranges, [[1, 576], [16024, 16569]])
  t.ok(d4.mtDna?.variants.includes('315.1C'))
  t.same(b4.mtDna?.ranges, [[1, 576], [16024, 16569]], 'the range wrapping the origin')
  t.ok(b4.mtDna?.variants.includes('249DEL'))
  t.notOk(bad.ok)
  const text = bad.refused.map((r) => `${r.locus}: ${r.reason}`).join('\n')
  t.match(text, /16519/, 'the variant outside 16024-16365')
  t.match(text, /73Q/, 'the bad base')
  t.equal(preview.samples[0].line, 3, 'each sample keeps its line')
})

t.test('a Y haplotype for a sample stated female is a problem', async (t) => {
  const { preview } = previewImport(fixture('yfiler-genemapper-idx.txt'), { mapping: new Map([['UHR-Y-0001', { side: 'unidentified' as const, sex: 'female' as const }]]) })
  t.match(preview.samples[0].problems, [/a Y-STR haplotype for a sample stated female/])
})
