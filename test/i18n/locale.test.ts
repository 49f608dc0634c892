import t from 'tap'
import { DEFAULT_LOCALE, negotiateLocale } from '../../src/i18n/locale.ts'
import { formatInstant, formatRecordedDate, isTimeZone } from '../../src/i18n/format-date.ts'

t.test('an explicit choice wins over the header; an unknown one is ignored', async (t) => {
  t.equal(negotiateLocale('en', 'zh-CN'), 'zh-CN')
  t.equal(negotiateLocale('zh-CN', 'en'), 'en')
  t.equal(negotiateLocale('en', 'fr'), 'en')
})

t.test('Accept-Language by q-value, any Chinese to zh-CN, any English to en', async (t) => {
  t.equal(negotiateLocale('en-GB,en;q=0.9,zh;q=0.8'), 'en')
  t.equal(negotiateLocale('fr, zh-Hans;q=0.5, en;q=0.4'), 'zh-CN')
  t.equal(negotiateLocale('zh-TW'), 'zh-CN')
  t.equal(negotiateLocale('de;q=1, en-US;q=0.3'), 'en')
  t.equal(negotiateLocale('en;q=0, zh;q=0.1'), 'zh-CN', 'q=0 refuses a language')
  t.equal(negotiateLocale('EN-us'), 'en', 'tags are case-insensitive')
})

t.test('no usable preference: the default, Chinese', async (t) => {
  t.equal(DEFAULT_LOCALE, 'zh-CN')
  for (const header of [undefined, '', 'fr-FR, de;q=0.5', '*', 'en;q=abc', ';;;,,,']) t.equal(negotiateLocale(header), 'zh-CN', String(header))
})

t.test('recorded dates, partial or whole, per locale; anything else kept as entered', async (t) => {
  t.equal(formatRecordedDate('zh-CN', '2014-08'), '2014年8月')
  t.equal(formatRecordedDate('zh-CN', '2009-05-12'), '2009年5月12日')
  t.equal(formatRecordedDate('zh-CN', '2009'), '2009年')
  t.equal(formatRecordedDate('en', '2014-08'), 'August 2014')
  t.equal(formatRecordedDate('en', '2009-05-12'), 'May 12, 2009')
  t.equal(formatRecordedDate('en', '2009-02-31'), '2009-02-31', 'not a date: not shifted to March')
  t.equal(formatRecordedDate('zh-CN', '约2014年夏'), '约2014年夏')
})

t.test('instants in the agency\'s zone with the offset written out', async (t) => {
  t.equal(formatInstant('zh-CN', '2026-12-01T11:29:06Z', 'Asia/Shanghai'), '2026年12月1日 19:29（GMT+8）')
  t.equal(formatInstant('en', '2026-12-01T11:29:06Z', 'Asia/Shanghai'), 'December 1, 2026, 19:29 (GMT+8)')
  t.equal(formatInstant('en', '2026-12-01T23:30:00Z', 'Asia/Shanghai'), 'December 2, 2026, 07:30 (GMT+8)', 'the date is the local one')
  t.ok(isTimeZone('Asia/Shanghai'))
  t.notOk(isTimeZone('Mars/Olympus'))
})
