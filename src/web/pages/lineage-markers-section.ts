import { lineageRelations, type LineageRelations } from '../../core/lineage/lineage-relations.ts'
import type { MitoProfile } from '../../core/lineage/mito-profile.ts'
import { formatRanges } from '../../core/lineage/mito-range.ts'
import { yKitOf } from '../../core/lineage/y-kit.ts'
import type { YHaplotype } from '../../core/lineage/y-haplotype.ts'
import { Y_LOCI } from '../../core/lineage/y-loci.ts'
import type { CaseRecord } from '../../storage/case-repository.ts'
import { html, type SafeHtml } from '../html.ts'
import type { Locale } from '../messages.ts'
import { lineageMessages, type LineageTranslate } from './lineage-markers-messages.ts'

interface Lineage { yStr?: YHaplotype, mtDna?: MitoProfile }

/**
 * The Y haplotype as a table of locus and alleles, in the order of the kit it fits (the order labs read
 * their electropherograms in), other loci after in name order; a multi-copy or duplicated locus's values
 * joined by a comma ('11,14'), as the kits' reports write them.
 */
function yTable (m: LineageTranslate, sample: string, y: YHaplotype): SafeHtml {
  const typed = Object.keys(y)
  const fit = yKitOf(typed)
  const order = new Map([...new Set([...(fit?.loci ?? []), ...Y_LOCI])].map((l, i) => [l, i]))
  const loci = typed.sort((a, b) => (order.get(a) ?? 1e6) - (order.get(b) ?? 1e6) || a.localeCompare(b, 'en'))
  return html`<h4>${m('yStr')}</h4>
<p class="muted y-kit">${fit === undefined ? m('noKit', { typed: typed.length }) : m('kit', { kit: fit.kit, typed: fit.typed, total: fit.loci.length })}</p>
<table class="y-haplotype" data-sample="${sample}"><caption class="visually-hidden">${m('yCaption', { id: sample })}</caption>
<thead><tr><th scope="col">${m('locus')}</th><th scope="col">${m('alleles')}</th></tr></thead>
<tbody>${loci.map((l) => html`<tr><th scope="row">${l}</th><td>${y[l].join(',')}</td></tr>`)}</tbody></table>`
}

/** The mitotype as EMPOP writes it: the sequenced range(s) and the differences from rCRS, in position order. */
function mitotype (m: LineageTranslate, sample: string, mt: MitoProfile): SafeHtml {
  return html`<h4>${m('mtDna')}</h4>
<dl class="facts mitotype" data-sample="${sample}">
  <dt>${m('range')}</dt><dd>${formatRanges(mt.ranges)}</dd>
  <dt>${m('variants')}</dt><dd>${mt.variants.length === 0 ? html`<span class="muted">${m('noVariants')}</span>` : html`<code>${mt.variants.join(' ')}</code>`}</dd>
</dl>`
}

function markers (m: LineageTranslate, sample: string, l: Lineage): SafeHtml {
  return html`${l.yStr !== undefined && yTable(m, sample, l.yStr)}${l.mtDna !== undefined && mitotype(m, sample, l.mtDna)}`
}

const hasMarkers = (l: Lineage): boolean => l.yStr !== undefined || l.mtDna !== undefined

/** The person page's lineage markers: the person's Y haplotype and mitotype, or a line saying there are none. */
export function personLineageSection (locale: Locale, id: string, p: Lineage): SafeHtml {
  const m = lineageMessages(locale)
  return hasMarkers(p) ? markers(m, id, p) : html`<p class="muted">${m('none')}</p>`
}

/** Which line each reference is on, per missing person: "paternal line, 3 meioses from MP". */
function lineText (m: LineageTranslate, ref: string, lines: ReadonlyArray<{ slot: string, relations: LineageRelations }>): string {
  const said = lines.flatMap(({ slot, relations }) => [relations.paternal, relations.maternal].flatMap((line) => {
    const r = line?.relatives.find((x) => x.id === ref)
    return r === undefined || line === undefined ? [] : [m(line.kind, { n: r.meioses, mp: slot })]
  }))
  return said.length > 0 ? said.join('; ') : m('offLine', { mp: lines.map((l) => l.slot).join(', ') })
}

/**
 * The case page's lineage markers: each reference with a Y haplotype or a mitotype, the line it is on
 * relative to each missing person and the meioses between them (lineage-relations.ts, the same lines the
 * lineage LRs are computed on), then its markers.
 */
export function caseLineageSection (locale: Locale, c: CaseRecord, slots: readonly string[]): SafeHtml {
  const m = lineageMessages(locale)
  const refs = Object.entries(c.references).filter(([, r]) => hasMarkers(r))
  if (refs.length === 0) return html`<p class="muted">${m('noLineReference')}</p>`
  const typed = refs.map(([id]) => id)
  const lines = slots.map((slot) => ({ slot, relations: lineageRelations({ persons: c.persons, missingPerson: slot }, typed) }))
  const relation = (id: string): string | undefined => c.persons.find((p) => p.id === id)?.relation
  return html`${refs.map(([id, r]) => html`<article class="lineage-reference" data-reference="${id}" aria-labelledby="lineage-${id}">
<h3 id="lineage-${id}">${id}${relation(id) !== undefined && html` <span class="muted">${relation(id)}</span>`}</h3>
<p class="lineage-line">${lineText(m, id, lines)}</p>
${markers(m, id, r)}
</article>`)}`
}
