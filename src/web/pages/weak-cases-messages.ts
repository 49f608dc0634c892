import { defineMessages } from '../messages.ts'

export const weakCasesMessages = defineMessages({
  en: {
    title: 'Weak cases',
    intro: 'Open cases whose true child would reach LR ≥ 10^4 with a probability below {bar}: ask their families for the relative listed.',
    sortLabel: 'Order',
    sortGain: 'Best gain of a next relative first',
    sortPower: 'Weakest first',
    apply: 'Apply',
    caption: 'Weak cases and whom to sample next',
    caseId: 'Case',
    pMatch: 'P(LR ≥ 10^4)',
    pProbable: 'P(LR ≥ 10^3)',
    exclusionPower: 'Exclusion power',
    bestNext: 'Best next relative',
    gain: 'Gain',
    stale: 'being recomputed (model changed)',
    none: 'No open case is below the bar.',
    noNext: 'none left to add'
  },
  'zh-CN': {
    title: '效能不足的案件',
    intro: '真实失踪人员达到 LR ≥ 10^4 的概率低于 {bar} 的在办案件：请向其家属联系补采下列亲属。',
    sortLabel: '排序',
    sortGain: '按补采最佳亲属的提升从高到低',
    sortPower: '按效能从低到高',
    apply: '应用',
    caption: '效能不足的案件及建议补采的亲属',
    caseId: '案件',
    pMatch: 'LR ≥ 10^4 的概率',
    pProbable: 'LR ≥ 10^3 的概率',
    exclusionPower: '排除效能',
    bestNext: '建议补采的亲属',
    gain: '提升',
    stale: '正在重新计算（模型已变更）',
    none: '没有低于该标准的在办案件。',
    noNext: '无可补充的亲属'
  }
})
