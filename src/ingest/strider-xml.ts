import { fail } from '../core/errors.ts'
import type { FrequencyTable } from '../core/markers/frequency-table.ts'
import { createSafeXmlParser, decodeXmlText, parseXmlSafely, type XmlNode } from './safe-xml.ts'
import { FrequencyBuilder, tableId } from './frequency-builder.ts'
import type { ParsedFile } from './import-types.ts'

const asArray = (x: unknown): XmlNode[] => (Array.isArray(x) ? x : x === undefined ? [] : [x]) as XmlNode[]

const parser = createSafeXmlParser(['marker', 'origin', 'frequency'])

/**
 * STRidER (ENFSI/ISFG) frequency XML: `<frequencies><marker><name>VWA</name><origin name="AUSTRIA"
 * n="222"><frequency allele="18">2.59009e-1</frequency>...`. One table per origin (population);
 * `n` counts persons (frequencies × 2n are whole numbers), so the locus sample size is 2n alleles.
 */
export function parseStriderXml (text: string, fileName: string): ParsedFile {
  const doc = parseXmlSafely(text, parser)
  const root = doc.frequencies as XmlNode | undefined
  if (root === undefined) fail('UNREADABLE_FILE', 'not a STRidER frequency file (no <frequencies> root)')
  const version = decodeXmlText(root['@validity']) || '1'
  const warnings: string[] = []
  const builders = new Map<string, FrequencyBuilder>()
  for (const marker of asArray(root.marker)) {
    const locus = decodeXmlText(marker.name)
    for (const origin of asArray(marker.origin)) {
      const name = decodeXmlText(origin['@name'])
      let b = builders.get(name)
      if (b === undefined) { b = new FrequencyBuilder(name, warnings); builders.set(name, b) }
      for (const f of asArray(origin.frequency)) {
        b.add(locus, decodeXmlText(f['@allele']), Number(decodeXmlText(f['#text'])), `marker ${locus}, origin ${name}`)
      }
      const n = Number(decodeXmlText(origin['@n']))
      if (n > 0) b.setSampleSize(locus, 2 * n)
    }
  }
  const tables: FrequencyTable[] = []
  for (const [name, b] of builders) {
    const t = b.build({ id: tableId(fileName, name), source: fileName, version })
    if (t !== undefined) tables.push(t)
  }
  return { format: 'strider-xml', samples: [], frequencyTables: tables, pedigrees: [], errors: tables.length === 0 ? ['no usable allele frequencies in the file'] : [], warnings }
}
