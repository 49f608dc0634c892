import t from 'tap'
import { LOCALES } from '../../src/i18n/locale.ts'
import { EN } from '../../src/i18n/messages-en.ts'
import { CATALOGUES, t as translate, tCount, type MessageKey } from '../../src/i18n/translate.ts'

const placeholders = (s: string): string[] => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort()

t.test('every key is present in every language, with the same placeholders', async (t) => {
  const keys = Object.keys(EN).sort()
  for (const locale of LOCALES) {
    const catalogue = CATALOGUES[locale] as Record<string, string>
    t.same(Object.keys(catalogue).sort(), keys, `${locale}: the same keys as English`)
    for (const key of keys) {
      const text = catalogue[key]
      if (typeof text !== 'string' || text.trim() === '') { t.fail(`${locale} ${key} is empty`); continue }
      const own = placeholders(text)
      const en = placeholders(EN[key as MessageKey])
      if (own.join() !== en.join()) t.fail(`${locale} ${key}: placeholders ${own.join()} differ from English ${en.join()}`)
    }
  }
})

t.test('the Chinese catalogue is Chinese: no message left in English by mistake', async (t) => {
  // Messages that are the same in both by nature: symbols, abbreviations, standard names, model ids.
  const same = new Set(['table.lr', 'table.log10Lr', 'model.rule.nrc2'])
  for (const key of Object.keys(EN) as MessageKey[]) {
    if (same.has(key)) continue
    t.ok(/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/.test(CATALOGUES['zh-CN'][key]), `${key} has Chinese text or punctuation`)
  }
})

t.test('the forensic terms a Chinese court reads', async (t) => {
  const zh = Object.values(CATALOGUES['zh-CN']).join('\n')
  for (const term of ['似然比', '累计亲权指数', 'CPI', '不一致基因座', '排除', '支持', '先验概率', '后验概率', '家系图', '报告编号', '鉴定机构', '复核人', '签名']) {
    t.ok(zh.includes(term), term)
  }
})

t.test('placeholders are filled, numbers in the locale\'s digits; singular and plural', async (t) => {
  t.equal(translate('en', 'table.tested', { id: 'U-1' }), 'U-1 (tested)')
  t.equal(translate('zh-CN', 'table.tested', { id: 'U-1' }), 'U-1（被检）')
  t.equal(translate('en', 'table.combined', { compared: 1234, inconsistent: 0 }), 'Combined (1,234 loci compared, 0 inconsistent)')
  t.equal(translate('zh-CN', 'report.footer', { case: '粤A', sample: '张', page: 1, pages: 2, hash: 'h' }), '案件 粤A · 样本 张 · 第 1 页，共 2 页 · h')
  t.equal(tCount('en', 'decision.loci', 1, { count: 1 }), '1 inconsistent locus')
  t.equal(tCount('en', 'decision.loci', 2, { count: 2 }), '2 inconsistent loci')
  t.equal(tCount('zh-CN', 'decision.loci', 2, { count: 2 }), '不一致基因座 2 个')
  t.equal(translate('en', 'report.title'), 'Kinship match report')
})

t.test('every relation of the relatives form has a message', async (t) => {
  const { RELATIONS } = await import('../../src/core/pedigree/relatives-pedigree.ts')
  for (const r of RELATIONS) t.ok(Object.hasOwn(EN, `relation.${r}`), r)
})
