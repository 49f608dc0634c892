import type { Locale } from './locale.ts'
import { EN } from './messages-en.ts'
import { ZH_CN } from './messages-zh-cn.ts'

export type MessageKey = keyof typeof EN

/** The `{name}` placeholders of a message, from its English text: t() asks for exactly these. */
type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never
export type MessageParams<K extends MessageKey> = Record<Placeholders<(typeof EN)[K]>, string | number>
type ParamArgs<K extends MessageKey> = [Placeholders<(typeof EN)[K]>] extends [never] ? [] : [params: MessageParams<K>]

export const CATALOGUES: Readonly<Record<Locale, { readonly [K in MessageKey]: string }>> = { en: EN, 'zh-CN': ZH_CN }

/**
 * The message `key` in `locale` with its placeholders filled. Strings go in as they are (escape them
 * where the output is HTML); numbers are written with the locale's digits and grouping.
 *
 * @example t('en', 'table.tested', { id: 'U-1' }) // 'U-1 (tested)'
 * @example t('zh-CN', 'table.tested', { id: 'U-1' }) // 'U-1（被检）'
 */
export function t<K extends MessageKey> (locale: Locale, key: K, ...args: ParamArgs<K>): string {
  const params = (args[0] ?? {}) as Record<string, string | number>
  return CATALOGUES[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name]
    if (v === undefined) return whole
    return typeof v === 'number' ? formatCount(locale, v) : v
  })
}

type CountKey = { [K in MessageKey]: K extends `${infer B}.one` ? (`${B}.other` extends MessageKey ? B : never) : never }[MessageKey]

/**
 * A message that has a singular (`.one`) and a plural (`.other`) form, chosen by `count`.
 *
 * @example tCount('en', 'decision.loci', 1, { count: 1 }) // '1 inconsistent locus'
 */
export function tCount<B extends CountKey> (locale: Locale, base: B, count: number, params: MessageParams<`${B}.other` & MessageKey>): string {
  const key = (count === 1 ? `${base}.one` : `${base}.other`) as MessageKey
  return (t as (l: Locale, k: MessageKey, p: Record<string, string | number>) => string)(locale, key, params)
}

/**
 * A number as the locale writes it, without a fixed precision: counts get grouping (1,000,000 in both
 * locales), fractions keep their digits. Large ids and years should be passed as strings.
 */
export function formatCount (locale: Locale, n: number): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 20 }).format(n)
}
