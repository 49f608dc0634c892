import { defineMessages } from '../messages.ts'

/** The words of the lineage markers sections (issue 14) on the person, case and upload pages. */
export const lineageMessages = defineMessages({
  en: {
    title: 'Lineage markers',
    none: 'No Y-STR haplotype or mtDNA profile stored.',
    yStr: 'Y-STR haplotype',
    yCaption: 'Y-STR alleles of {id}, by locus',
    locus: 'Locus',
    alleles: 'Alleles',
    kit: '{kit}: {typed} of {total} loci typed',
    noKit: '{typed} loci, not all of one kit',
    mtDna: 'mtDNA profile',
    range: 'Sequenced range',
    variants: 'Differences from rCRS (EMPOP)',
    noVariants: 'none: identical to rCRS over the range',
    lines: 'Lines to the missing person',
    paternal: 'paternal line (Y-STR) of {mp}, meioses between them: {n}',
    maternal: 'maternal line (mtDNA) of {mp}, meioses between them: {n}',
    offLine: 'on neither line of {mp}: its lineage markers are not evidence for this pair',
    noLineReference: 'No reference has lineage markers.'
  },
  'zh-CN': {
    title: '单倍型（Y-STR 与线粒体）',
    none: '未存储 Y-STR 单倍型或线粒体 DNA 分型。',
    yStr: 'Y-STR 单倍型',
    yCaption: '{id} 各 Y-STR 基因座的等位基因',
    locus: '基因座',
    alleles: '等位基因',
    kit: '{kit}：已检测 {typed}/{total} 个基因座',
    noKit: '{typed} 个基因座，不属于同一试剂盒',
    mtDna: '线粒体 DNA 分型',
    range: '测序范围',
    variants: '与 rCRS 的差异（EMPOP 记法）',
    noVariants: '无：在测序范围内与 rCRS 相同',
    lines: '与失踪人员的世系关系',
    paternal: '{mp} 的父系（Y-STR），相隔减数分裂次数：{n}',
    maternal: '{mp} 的母系（线粒体），相隔减数分裂次数：{n}',
    offLine: '不在 {mp} 的父系或母系上：其单倍型不作为本配对的证据',
    noLineReference: '没有参比样本带有单倍型。'
  }
})

export type LineageTranslate = ReturnType<typeof lineageMessages>
