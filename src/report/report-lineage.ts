import type { Locale } from '../i18n/locale.ts'
import { t } from '../i18n/translate.ts'
import type { LineageFigure } from '../runs/lineage-evidence.ts'
import { scientificFromLog10, scientificText } from './format-number.ts'
import type { Facts } from './report-sections.ts'

/**
 * The lineage markers of a pair in a report (issue 14): each system's LR with what it rests on (the
 * references on the line and their meioses, the loci or range compared, the differences, the haplotype's
 * count in the database and the correction), and the LR combined with the autosomal one. Figures only:
 * the haplotypes themselves are in the lab's records, not in the report.
 */
export interface ReportLineage {
  paternal?: LineageFigure
  maternal?: LineageFigure
  /** log10 of autosomal × Y × mtDNA (independent given the pedigree); null for an exclusion. */
  combinedLog10Lr: number | null
}

const lrOf = (log10: number | null): string => log10 === null ? '0' : scientificText(scientificFromLog10(log10))

function systemFact (locale: Locale, kind: 'paternal' | 'maternal', f: LineageFigure): [string, string] {
  return [t(locale, `lineage.${kind}`), t(locale, 'lineage.value', {
    lr: lrOf(f.log10Lr),
    log10: f.log10Lr === null ? '−∞' : f.log10Lr.toFixed(3),
    relatives: f.relatives.map((r) => t(locale, 'lineage.relative', { id: r.id, meioses: r.meioses })).join(locale === 'zh-CN' ? '、' : ', '),
    compared: kind === 'paternal' ? t(locale, 'lineage.loci', { count: f.compared.length }) : f.compared.join(' '),
    differences: f.differences,
    matches: f.matches,
    size: f.size,
    method: f.method
  })]
}

/** The lineage section's facts, in print order (HTML and PDF lay out the same list). */
export function lineageFacts (lineage: ReportLineage, autosomalLog10: number | null, locale: Locale): Facts {
  const out: Facts = []
  if (lineage.paternal !== undefined) out.push(systemFact(locale, 'paternal', lineage.paternal))
  if (lineage.maternal !== undefined) out.push(systemFact(locale, 'maternal', lineage.maternal))
  out.push([t(locale, 'lineage.combined'), lineage.combinedLog10Lr === null
    ? t(locale, 'summary.exclusion')
    : t(locale, 'lineage.combinedValue', { lr: lrOf(lineage.combinedLog10Lr), log10: lineage.combinedLog10Lr.toFixed(3), autosomal: lrOf(autosomalLog10) })])
  return out
}
