import type { Locale } from '../i18n/locale.ts'

export { LOCALES, negotiateLocale, type Locale } from '../i18n/locale.ts'

/** A message may name parameters as {name}; they are filled in as text (pages escape them on output). */
export type Translate<K extends string> = (key: K, params?: Record<string, string | number>) => string

/**
 * One page group's messages in both languages. The type makes a key missing from either language a
 * compile error, so no page can show an English string to a Chinese reader by oversight.
 *
 * @example const m = defineMessages({ en: { hi: 'Hello {name}' }, 'zh-CN': { hi: '{name}，您好' } })
 *          m('en')('hi', { name: 'Li' }) === 'Hello Li'
 */
export function defineMessages<K extends string> (catalogue: { en: Record<K, string>, 'zh-CN': Record<K, string> }): (locale: Locale) => Translate<K> {
  return (locale) => (key, params) => {
    const text = catalogue[locale][key]
    if (params === undefined) return text
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
  }
}
