// Source of truth for UI strings: every key here must exist in every other locale
// (en-US.ts is typed against this file). Use {name} placeholders for variables.
import designerZhCN from './designer.zh-CN'
import workbenchZhCN from './workbench.zh-CN'
import boardZhCN from './board.zh-CN'
import importZhCN from './import.zh-CN'
import portalZhCN from './portal.zh-CN'
import templatesZhCN from './templates.zh-CN'
import adminZhCN from './admin.zh-CN'
import settlementZhCN from './settlement.zh-CN'

const zhCN = {
  'app.name': '工单流',
  'app.tagline': '低代码工单流程平台',
  'app.loading': '加载中…',

  'lang.label': '语言',
  'list.separator': '、',

  'login.title': '工单流',
  'login.subtitle': '登录到您的工作区',
  'login.tenant': '租户',
  'login.tenantPlaceholder': '租户标识,例如 demo',
  'login.tenantRequired': '请输入租户',
  'login.username': '用户名',
  'login.usernamePlaceholder': '用户名',
  'login.usernameRequired': '请输入用户名',
  'login.password': '密码',
  'login.passwordPlaceholder': '密码',
  'login.passwordRequired': '请输入密码',
  'login.submit': '登录',
  'login.invalidCredentials': '租户、用户名或密码错误',
  'login.failed': '登录失败:{message}',

  'nav.workbench': '工作台',
  'nav.flows': '流程设计',
  'nav.templates': '模板设计',
  'nav.boards': '看板',
  'nav.imports': '批量导入',
  'nav.settlement': '结算对账',
  'nav.admin': '管理',

  'header.logout': '退出登录',
  'header.tenant': '租户:{name}',

  'role.admin': '管理员',
  'role.supervisor': '主管',
  'role.agent': '坐席',
  'role.customer': '客户',

  'page.comingSoon': '即将推出',
  'page.comingSoonDesc': '「{name}」功能正在开发中,敬请期待。',
  'page.notFound': '页面不存在',
  'page.backHome': '返回首页',

  'error.network': '无法连接到服务器,请检查网络后重试',
  'error.sessionExpired': '登录已过期,请重新登录',
  'error.unknown': '发生未知错误',

  ...designerZhCN,
  ...workbenchZhCN,
  ...portalZhCN,
  ...boardZhCN,
  ...importZhCN,
  ...templatesZhCN,
  ...adminZhCN,
  ...settlementZhCN,
}

export type MessageKey = keyof typeof zhCN
export type Messages = Record<MessageKey, string>

export default zhCN satisfies Messages
