import { html, type SafeHtml } from '../html.ts'
import type { labUploadMessages } from './lab-upload-messages.ts'

type T = ReturnType<typeof labUploadMessages>

/** What POST /imports answers, as far as the page shows it (src/http/routes/imports.ts's schemas). */
export interface SampleView {
  id: string
  line?: number
  element?: string
  loci: Record<string, readonly string[]>
  refused: Array<{ locus: string, reason: string, value?: string, line?: number }>
  ignored: Array<{ locus: string, reason: string }>
  assignment?: { side: 'reference' | 'unidentified', caseId?: string, personId?: string, relation?: string, source: string }
  warnings: string[]
  problems: string[]
  ok: boolean
}
export interface PreviewView {
  format: string
  fileName: string
  contentHash: string
  samples: SampleView[]
  frequencyTables: Array<{ id: string, population: string, loci: number, alleles: number }>
  pedigrees: Array<{ name: string, persons: readonly unknown[] }>
  errors: string[]
  warnings: string[]
}
export interface CommitView {
  committed: boolean
  importId?: number
  stored: { unidentified: string[], references: Array<{ sampleId: string, caseId: string, personId: string }>, frequencyTables: Array<{ id: string, version: string }>, lineage?: Array<{ sampleId: string, personId: string, caseId?: string, systems: string[] }> }
  unchanged: string[]
  refused: Array<{ id: string, reasons: string[] }>
  reason?: string
}

const SOURCE = { mapping: 'sourceMapping', rule: 'sourceRule', file: 'sourceFile', default: 'sourceDefault' } as const

function assignedTo (t: T, a: SampleView['assignment']): SafeHtml {
  if (a === undefined) return html`<span class="bad">${t('notAssigned')}</span>`
  const where = a.side === 'unidentified'
    ? t('toUnidentified')
    : a.personId === undefined ? t('toReferenceNoPerson', { caseId: a.caseId ?? '' }) : t('toReference', { caseId: a.caseId ?? '', personId: a.personId })
  const source = SOURCE[a.source as keyof typeof SOURCE]
  return html`${where}${a.relation !== undefined && html`<br>${t('relation', { relation: a.relation })}`}<br><span class="muted">${t('by', { source: source === undefined ? a.source : t(source) })}</span>`
}

function list (items: readonly string[], t: T): SafeHtml {
  return items.length === 0 ? html`<span class="muted">${t('none')}</span>` : html`<ul class="plain">${items.map((w) => html`<li>${w}</li>`)}</ul>`
}

/**
 * The dry run's preview, one row per sample: accepted loci (the lab's own calls, so it can check them
 * against its export), refused loci with the reason, the value and the line, warnings, and where the
 * sample goes. Problems come first in the summary: the technician is looking for what to fix.
 */
export function previewSection (t: T, p: PreviewView): SafeHtml {
  const bad = p.samples.filter((s) => !s.ok).length
  return html`<section class="card" id="preview" aria-labelledby="preview-h">
<h2 id="preview-h">${t('previewTitle', { file: p.fileName })}</h2>
<p>${t('previewFacts', { format: p.format, samples: p.samples.length, ok: p.samples.length - bad, bad })}</p>
<p class="muted">${t('previewedHash')}: <code>${p.contentHash}</code></p>
${p.errors.length > 0 && html`<div class="notice error" role="alert"><h3>${t('fileErrors')}</h3>${list(p.errors, t)}</div>`}
${p.warnings.length > 0 && html`<div class="notice info">${list(p.warnings, t)}</div>`}
${p.samples.length > 0 && html`<div class="scroll"><table id="preview-samples">
<thead><tr><th scope="col">${t('sample')}</th><th scope="col">${t('status')}</th><th scope="col">${t('assignedTo')}</th><th scope="col">${t('acceptedLoci')}</th><th scope="col">${t('refusedLoci')}</th><th scope="col">${t('warnings')}</th></tr></thead>
<tbody>${p.samples.map((s) => html`<tr data-sample="${s.id}">
<th scope="row">${s.id}${s.line !== undefined && html`<br><span class="muted">${t('line')} ${s.line}</span>`}</th>
<td><span class="pill ${s.ok ? 'ok' : 'bad'}">${s.ok ? t('accepted') : t('refusedSample')}</span></td>
<td>${assignedTo(t, s.assignment)}</td>
<td class="loci">${Object.keys(s.loci).length}: ${Object.entries(s.loci).map(([l, a]) => html`<span class="locus">${l} ${a.join('/')}</span> `)}</td>
<td>${s.refused.length === 0 ? html`<span class="muted">${t('none')}</span>` : html`<ul class="plain">${s.refused.map((r) => html`<li class="bad"><strong>${r.locus}</strong>: ${r.reason}${r.value !== undefined && html` (“${r.value}”)`}${r.line !== undefined && html`, ${t('line')} ${r.line}`}</li>`)}</ul>`}</td>
<td>${list([...s.problems, ...s.warnings, ...s.ignored.map((i) => `${i.locus}: ${i.reason}`)], t)}</td>
</tr>`)}</tbody></table></div>`}
${p.frequencyTables.length > 0 && html`<h3>${t('frequencyTables')}</h3>${list(p.frequencyTables.map((f) => `${f.id} (${f.population}): ${f.loci} loci, ${f.alleles} alleles`), t)}`}
${p.pedigrees.length > 0 && html`<h3>${t('pedigrees')}</h3>${list(p.pedigrees.map((g) => `${g.name}: ${g.persons.length}`), t)}`}
</section>`
}

/** What a commit stored (counts and ids) or why it stored nothing. */
export function commitSection (t: T, c: CommitView, deferred: boolean | undefined): SafeHtml {
  const lineage = c.stored.lineage ?? []
  // markers added to stored records are a stored change: a lineage-only file is not "nothing new"
  const stored = c.stored.unidentified.length + c.stored.references.length + c.stored.frequencyTables.length + lineage.length
  const heading = !c.committed ? t('refusedTitle') : stored === 0 ? t('committedNothingNew') : t('committedTitle', { id: c.importId ?? '' })
  const group = (title: string, items: readonly string[]): SafeHtml | false => items.length > 0 && html`<h3>${title} (${items.length})</h3>${list(items, t)}`
  return html`<section class="card" id="commit-result" aria-labelledby="commit-h">
<h2 id="commit-h" class="${c.committed ? 'ok' : 'bad'}">${heading}</h2>
${c.reason !== undefined && html`<div class="notice error" role="alert">${c.reason}</div>`}
${group(t('storedUnidentified'), c.stored.unidentified)}
${group(t('storedReferences'), c.stored.references.map((r) => `${r.sampleId} → ${r.caseId} / ${r.personId}`))}
${group(t('storedTables'), c.stored.frequencyTables.map((f) => `${f.id} ${f.version}`))}
${group(t('storedLineage'), lineage.map((l) => `${l.sampleId} → ${l.caseId === undefined ? l.personId : `${l.caseId} / ${l.personId}`}: ${l.systems.map((x) => t(x === 'yStr' ? 'lineageY' : 'lineageMt')).join(', ')}`))}
${group(t('unchanged'), c.unchanged)}
${c.refused.length > 0 && html`<h3>${t('refusedSamples')} (${c.refused.length})</h3><table id="refused-samples"><thead><tr><th scope="col">${t('sample')}</th><th scope="col">${t('reasons')}</th></tr></thead>
<tbody>${c.refused.map((r) => html`<tr><th scope="row">${r.id}</th><td>${list(r.reasons, t)}</td></tr>`)}</tbody></table>`}
${c.committed && stored > 0 && deferred !== undefined && html`<p class="muted">${deferred ? t('searchDeferred') : t('searchDone')}</p>`}
</section>`
}
