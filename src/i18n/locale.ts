/**
 * The languages Homeward speaks, and how a request chooses one. Shared by the reports and the web pages.
 */
export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = typeof LOCALES[number]

/**
 * Chinese when nothing says otherwise: the people who read these reports work in Chinese police labs and
 * courts, and a request with no preference (a script, a printer, a browser that sends none) is far more
 * likely theirs than an English reader's, who can ask with ?lang=en or Accept-Language.
 */
export const DEFAULT_LOCALE: Locale = 'zh-CN'

export function isLocale (value: unknown): value is Locale {
  return (LOCALES as readonly unknown[]).includes(value)
}

/**
 * The locale of a request: an explicit choice (?lang=) when it names one we have, else the best match of
 * the Accept-Language header (RFC 9110 q-values; any Chinese tag, zh-TW included, reads zh-CN, the only
 * Chinese we have; any English tag reads en), else DEFAULT_LOCALE.
 *
 * @example negotiateLocale('en-GB,en;q=0.9,zh;q=0.8') // 'en'
 * @example negotiateLocale('fr, zh-Hans;q=0.5, en;q=0.4') // 'zh-CN'
 * @example negotiateLocale('en', 'zh-CN') // 'zh-CN'
 */
export function negotiateLocale (acceptLanguage: string | undefined, explicit?: string): Locale {
  if (isLocale(explicit)) return explicit
  let best: { locale: Locale, q: number } | undefined
  for (const part of (acceptLanguage ?? '').slice(0, 1000).split(',')) {
    const [tag = '', ...params] = part.trim().split(';')
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    const q = qParam === undefined ? 1 : Number(qParam.slice(2))
    if (!(q > 0 && q <= 1)) continue // q=0 means "not this one"; a malformed q is ignored
    const locale = localeOfTag(tag.trim())
    if (locale !== undefined && (best === undefined || q > best.q)) best = { locale, q }
  }
  return best?.locale ?? DEFAULT_LOCALE
}

function localeOfTag (tag: string): Locale | undefined {
  const primary = tag.toLowerCase().split('-')[0]
  if (primary === 'zh') return 'zh-CN'
  if (primary === 'en') return 'en'
  if (primary === '*') return DEFAULT_LOCALE
  return undefined
}
