/** The workspace's languages: Simplified Chinese (the users' own) and English. */
export type Locale = 'zh-CN' | 'en'
export const LOCALES: readonly Locale[] = ['zh-CN', 'en']

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

/**
 * The page language: an explicit choice (?lang= or the language cookie) wins, then the browser's
 * Accept-Language in its order of preference, then Chinese (the service's users work in Chinese).
 *
 * @example negotiateLocale('en-GB,en;q=0.9,zh;q=0.5') === 'en'; negotiateLocale(undefined) === 'zh-CN'
 */
export function negotiateLocale (acceptLanguage: string | undefined, explicit?: string): Locale {
  const chosen = explicit === undefined ? undefined : toLocale(explicit)
  if (chosen !== undefined) return chosen
  const ranked = (acceptLanguage ?? '').split(',').map((part, i) => {
    const [tag, ...rest] = part.trim().split(';')
    const q = rest.map((r) => r.trim()).find((r) => r.startsWith('q='))
    return { tag: tag.trim(), q: q === undefined ? 1 : Number(q.slice(2)) || 0, i }
  }).filter((x) => x.tag !== '' && x.q > 0).sort((a, b) => b.q - a.q || a.i - b.i)
  for (const { tag } of ranked) {
    const l = toLocale(tag)
    if (l !== undefined) return l
  }
  return 'zh-CN'
}

function toLocale (tag: string): Locale | undefined {
  const t = tag.toLowerCase()
  if (t === 'zh' || t.startsWith('zh-')) return 'zh-CN' // Traditional-script readers get Simplified rather than English
  if (t === 'en' || t.startsWith('en-')) return 'en'
  return undefined
}
