import { defineMessages } from '../messages.ts'

/** Words the admin pages share: the script notice, the action feedback, table states. */
export const adminMessages = defineMessages({
  en: {
    needsScript: 'The actions on this page need JavaScript: they call the service\'s API with your session. The lists work without it.',
    offline: 'The service did not answer. Check the connection and try again.',
    actions: 'Actions',
    yes: 'yes',
    no: 'no',
    never: '—',
    created: 'Created',
    refresh: 'Refresh'
  },
  'zh-CN': {
    needsScript: '本页的操作需要启用 JavaScript（通过您的登录会话调用服务接口）。列表无需 JavaScript 即可查看。',
    offline: '服务没有响应，请检查网络连接后重试。',
    actions: '操作',
    yes: '是',
    no: '否',
    never: '—',
    created: '创建时间',
    refresh: '刷新'
  }
})
