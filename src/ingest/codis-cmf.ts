import { fail } from '../core/errors.ts'
import { MAX_SAMPLES } from './import-limits.ts'
import type { ParsedFile } from './import-types.ts'
import { lookupLocus } from '../core/markers/locus.ts'
import { isMissingCell } from './normalise-call.ts'
import { SampleBuilder } from './sample-builder.ts'
import { createSafeXmlParser, decodeXmlText, parseXmlSafely, type XmlNode } from './safe-xml.ts'

const ROOTS = ['CODISImportFile', 'CODISRapidImportFile']

const parser = createSafeXmlParser(['SPECIMEN', 'LOCUS', 'ALLELE'])

/**
 * CODIS CMF 3.x import files (`<CODISImportFile>`, also the Rapid DNA variant): one sample per
 * SPECIMEN, id from SPECIMENID (or the child element / attribute named by `idElement`), alleles from ALLELE (text or ALLELEVALUE child). Homozygotes are
 * written once, as the spec requires; `<6` / `>15` style values are refused per locus.
 */
export function parseCodisCmf (text: string, idElement = 'SPECIMENID'): ParsedFile {
  const doc = parseXmlSafely(text, parser)
  const rootName = Object.keys(doc).find((k) => !k.startsWith('?'))
  if (rootName === undefined || !ROOTS.includes(rootName)) {
    fail('UNREADABLE_FILE', `root element <${rootName ?? '(none)'}> is not a CODIS import file (expected <CODISImportFile>)`, { element: rootName ?? '' })
  }
  const root = (doc[rootName] ?? {}) as XmlNode
  const locusLines = elementLines(text, 'LOCUS')
  const specimenLines = elementLines(text, 'SPECIMEN')
  const specimens = (root.SPECIMEN ?? []) as XmlNode[]
  const errors: string[] = []
  if (specimens.length === 0) errors.push(`<${rootName}> has no SPECIMEN element: nothing to import`)
  if (specimens.length > MAX_SAMPLES) fail('UNREADABLE_FILE', `${specimens.length} SPECIMEN elements; at most ${MAX_SAMPLES} are read from one file: split it`, { element: 'SPECIMEN', limit: MAX_SAMPLES })
  const seen = new Set<string>()
  const samples = []
  let locusIndex = 0
  for (let s = 0; s < specimens.length; s++) {
    const spec = specimens[s]
    // The id element is configurable (idColumn): a SPECIMEN child such as SPECIMENID, or an attribute such as CASEID.
    // Own properties only: an id element named "constructor" or "__proto__" must not reach the prototype.
    const id = decodeXmlText(ownValue(spec, idElement) ?? ownValue(spec, `@${idElement}`))
    const loci = (spec.LOCUS ?? []) as XmlNode[]
    const where = `SPECIMEN[${s + 1}]`
    if (id === '' || seen.has(id)) {
      errors.push(`${where} (line ${specimenLines[s] ?? '?'}): ${id === '' ? `no ${idElement}` : `${idElement} ${id} appears twice`}; specimen skipped`)
      locusIndex += loci.length
      continue
    }
    seen.add(id)
    const builder = new SampleBuilder(id, { line: specimenLines[s], element: where })
    const category = decodeXmlText(spec.SPECIMENCATEGORY)
    if (category !== '') builder.sample.category = category
    const caseId = decodeXmlText(spec['@CASEID'])
    if (caseId !== '') builder.sample.caseId = caseId
    for (let l = 0; l < loci.length; l++, locusIndex++) {
      const locus = loci[l]
      const name = decodeXmlText(locus.LOCUSNAME)
      const line = locusLines[locusIndex]
      if (name === '') {
        builder.sample.refused.push({ locus: '(none)', reason: 'LOCUS element without LOCUSNAME', element: `${where}/LOCUS[${l + 1}]`, line })
        continue
      }
      const alleles = ((locus.ALLELE ?? []) as unknown[]).map(alleleText)
      const element = `${where}/LOCUS[${l + 1}]`
      // CMF writes a homozygote as one ALLELE element, so an empty one beside a value is not "the same
      // again": it is a call the lab's software lost. Reading it as 11/11 would invent a homozygote.
      const empty = alleles.findIndex(isMissingCell)
      if (empty >= 0 && alleles.some((a) => !isMissingCell(a))) {
        builder.refuse({
          locus: lookupLocus(name) ?? name,
          reason: `ALLELE element ${empty + 1} of ${alleles.length} is empty beside ${alleles.filter((a) => !isMissingCell(a)).join(', ')}: a homozygote is one ALLELE element, so a value is missing; the locus is not read`,
          value: alleles.join(','),
          element: `${element}/ALLELE[${empty + 1}] (line ${line ?? '?'})`
        })
        continue
      }
      builder.add({ locus: name, alleles, element: `${element} (line ${line ?? '?'})` })
    }
    samples.push(builder.sample)
  }
  const kit = decodeXmlText(root.KIT)
  return { format: 'codis-cmf', samples, frequencyTables: [], pedigrees: [], errors, warnings: [], ...(kit !== '' ? { kit } : {}) }
}

function ownValue (node: XmlNode, key: string): unknown {
  return Object.hasOwn(node, key) ? node[key] : undefined
}

function alleleText (node: unknown): string {
  if (typeof node === 'object' && node !== null) {
    const n = node as XmlNode
    return decodeXmlText(n.ALLELEVALUE ?? n['#text'])
  }
  return decodeXmlText(node)
}

/** 1-based line of every opening tag with this local name, in document order. */
function elementLines (text: string, name: string): number[] {
  const lines: number[] = []
  const re = new RegExp(`<(?:[\\w.-]+:)?${name}[\\s>/]`, 'g')
  let line = 1
  let last = 0
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    for (let i = last; i < m.index; i++) if (text.charCodeAt(i) === 10) line++
    last = m.index
    lines.push(line)
  }
  return lines
}
