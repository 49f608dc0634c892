import { defineMessages } from '../messages.ts'

export const inboxMessages = defineMessages({
  en: {
    title: 'Inbox',
    titleUnread: 'Inbox ({n} unread)',
    summary: 'Alerts: {total}, unread: {unread}. Alerts come from the search when a case or person is entered and from reruns; they go to the case\'s assignee, or to every caseworker while the case is unassigned.',
    filter: 'Filter',
    unreadOnly: 'Unread only',
    apply: 'Apply',
    markAllRead: 'Mark all read',
    markRead: 'Mark read',
    newPill: 'new',
    readState: 'read',
    stateHeader: 'State',
    alert: 'Alert',
    actions: 'Actions',
    empty: 'No alerts.',
    emptyUnread: 'No unread alerts.',
    previous: 'was {value}',
    markedOne: 'Alert marked read.',
    markedAll: 'Marked read: {n}.',
    tableCaption: 'Alerts, unread first, newest first'
  },
  'zh-CN': {
    title: '提醒',
    titleUnread: '提醒（{n} 条未读）',
    summary: '共 {total} 条提醒，{unread} 条未读。提醒来自案件或人员入库时的比对以及批量重算；发送给案件承办人，案件未分配时发送给所有承办人。',
    filter: '筛选',
    unreadOnly: '仅看未读',
    apply: '应用',
    markAllRead: '全部标为已读',
    markRead: '标为已读',
    newPill: '新',
    readState: '已读',
    stateHeader: '阅读状态',
    alert: '提醒',
    actions: '操作',
    empty: '没有提醒。',
    emptyUnread: '没有未读提醒。',
    previous: '原为 {value}',
    markedOne: '已将该提醒标为已读。',
    markedAll: '已将 {n} 条提醒标为已读。',
    tableCaption: '提醒列表（未读在前，按时间倒序）'
  }
})
