import type { labUploadMessages } from './lab-upload-messages.ts'

type T = ReturnType<typeof labUploadMessages>

/** The upload form's fields, as the technician left them (shown again with the preview). */
export interface UploadForm {
  assign: 'file' | 'rule' | 'mapping'
  rule: string
  mapping: string
  defaultSide: boolean
  mode: 'all-or-nothing' | 'accepted-only'
  action: 'preview' | 'commit'
  previewHash: string
}

export const EMPTY_FORM: UploadForm = { assign: 'file', rule: '', mapping: '', defaultSide: false, mode: 'all-or-nothing', action: 'preview', previewHash: '' }

/** The form from the multipart's text fields; unknown values fall back to the defaults. */
export function readUploadForm (fields: Readonly<Record<string, string>>): UploadForm {
  return {
    assign: fields.assign === 'rule' || fields.assign === 'mapping' ? fields.assign : 'file',
    rule: fields.rule ?? '',
    mapping: fields.mapping ?? '',
    defaultSide: fields.defaultSide === 'on',
    mode: fields.mode === 'accepted-only' ? 'accepted-only' : 'all-or-nothing',
    action: fields.action === 'commit' ? 'commit' : 'preview',
    previewHash: /^[0-9a-f]{64}$/.test(fields.previewHash ?? '') ? fields.previewHash : ''
  }
}

type Assignment = { side: 'unidentified' } | { side: 'reference', caseId: string, personId?: string, relation?: string }

/**
 * The mapping as typed: one sample a line, "SAMPLE unidentified" or "SAMPLE reference CASE [PERSON]
 * [RELATION]", tab- or space-separated (sample names from GeneMapper have no spaces). A technician
 * should not have to write JSON; the line at fault is named.
 */
export function parseMapping (text: string, t: T): { mapping: Record<string, Assignment> } | { error: string } {
  const out: Record<string, Assignment> = Object.create(null)
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const f = lines[i].trim().split(/\s+/).filter((x) => x !== '')
    if (f.length === 0) continue
    const [sample, side, caseId, personId, relation] = f
    if (side === 'unidentified' && f.length === 2) out[sample] = { side }
    else if (side === 'reference' && caseId !== undefined && f.length <= 5) {
      out[sample] = { side, caseId, ...(personId !== undefined ? { personId } : {}), ...(relation !== undefined ? { relation } : {}) }
    } else return { error: t('mappingLine', { line: i + 1, message: t('mappingShape') }) }
  }
  if (Object.keys(out).length === 0) return { error: t('noMapping') }
  return { mapping: out }
}

/** POST /imports's options (ImportOptionsSchema) for this form, or the form's own mistake. */
export function importOptions (form: UploadForm, t: T): { options: Record<string, unknown> } | { error: string } {
  const options: Record<string, unknown> = { dryRun: form.action !== 'commit', mode: form.mode }
  if (form.defaultSide) options.defaultSide = 'unidentified'
  if (form.assign === 'rule') {
    if (form.rule.trim() === '') return { error: t('noRule') }
    options.rule = form.rule.trim()
  } else if (form.assign === 'mapping') {
    const mapping = parseMapping(form.mapping, t)
    if ('error' in mapping) return mapping
    options.mapping = mapping.mapping
  }
  return { options }
}
