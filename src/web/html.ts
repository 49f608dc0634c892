import { escapeXml } from '../report/escape.ts'

/** Markup that is already safe to write into a page: built only by `html`, `raw` or `joinHtml`. */
export class SafeHtml {
  readonly value: string
  constructor (value: string) { this.value = value }
  toString (): string { return this.value }
}

type Interpolation = SafeHtml | string | number | boolean | null | undefined | readonly Interpolation[]

function render (v: Interpolation): string {
  if (v === null || v === undefined || v === false) return ''
  if (v instanceof SafeHtml) return v.value
  if (Array.isArray(v)) return (v as readonly Interpolation[]).map(render).join('')
  return escapeXml(String(v))
}

/**
 * The only way pages write markup: every interpolated value is escaped unless it is SafeHtml already, so
 * a case id, a place or a lab's sample name can never become markup. Arrays are joined; null, undefined
 * and false write nothing (so `cond && html\`...\`` works).
 *
 * @example html`<td>${'<b>'}</td>`.value === '<td>&lt;b&gt;</td>'
 */
export function html (strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0]
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]
  return new SafeHtml(out)
}

/** Trusted markup made by our own code (an SVG from pedigree-svg.ts, which escapes its text itself). */
export function raw (markup: string): SafeHtml {
  return new SafeHtml(markup)
}
