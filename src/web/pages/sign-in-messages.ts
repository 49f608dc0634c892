import { defineMessages } from '../messages.ts'

export const signInMessages = defineMessages({
  en: {
    title: 'Sign in',
    intro: 'Homeward matches DNA profiles of missing children with their families. Access is limited to authorised staff; every action is recorded.',
    name: 'Account name',
    password: 'Password',
    code: 'Authenticator code (6 digits, if your account has one)',
    submit: 'Sign in',
    refused: 'Sign-in refused: the account name, password or code is wrong.',
    locked: 'Too many failed sign-ins. Try again in {seconds} seconds.',
    failed: 'Sign-in failed ({status}). Try again.',
    signedOut: 'You are signed out.'
  },
  'zh-CN': {
    title: '登录',
    intro: 'Homeward 将失踪儿童的 DNA 分型与其家属进行比对。仅限授权人员使用；所有操作均被记录。',
    name: '账户名',
    password: '密码',
    code: '动态验证码（6 位，已启用双因素认证的账户必填）',
    submit: '登录',
    refused: '登录被拒绝：账户名、密码或验证码错误。',
    locked: '登录失败次数过多，请在 {seconds} 秒后重试。',
    failed: '登录失败（{status}），请重试。',
    signedOut: '您已退出登录。'
  }
})
