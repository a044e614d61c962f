import designerEnUS from './designer.en-US'
import workbenchEnUS from './workbench.en-US'
import boardEnUS from './board.en-US'
import importEnUS from './import.en-US'
import portalEnUS from './portal.en-US'
import templatesEnUS from './templates.en-US'
import adminEnUS from './admin.en-US'
import settlementEnUS from './settlement.en-US'
import type { Messages } from './zh-CN'

const enUS: Messages = {
  'app.name': 'Work Order Flow',
  'app.tagline': 'Low-code work-order flow platform',
  'app.loading': 'Loading…',

  'lang.label': 'Language',
  'list.separator': ', ',

  'login.title': 'Work Order Flow',
  'login.subtitle': 'Sign in to your workspace',
  'login.tenant': 'Tenant',
  'login.tenantPlaceholder': 'Tenant slug, e.g. demo',
  'login.tenantRequired': 'Please enter the tenant',
  'login.username': 'Username',
  'login.usernamePlaceholder': 'Username',
  'login.usernameRequired': 'Please enter your username',
  'login.password': 'Password',
  'login.passwordPlaceholder': 'Password',
  'login.passwordRequired': 'Please enter your password',
  'login.submit': 'Sign in',
  'login.invalidCredentials': 'Wrong tenant, username or password',
  'login.failed': 'Sign-in failed: {message}',

  'nav.workbench': 'Workbench',
  'nav.flows': 'Flow designer',
  'nav.templates': 'Template designer',
  'nav.boards': 'Boards',
  'nav.imports': 'Imports',
  'nav.settlement': 'Settlement',
  'nav.admin': 'Administration',

  'header.logout': 'Sign out',
  'header.tenant': 'Tenant: {name}',

  'role.admin': 'Administrator',
  'role.supervisor': 'Supervisor',
  'role.agent': 'Agent',
  'role.customer': 'Customer',

  'page.comingSoon': 'Coming soon',
  'page.comingSoonDesc': '"{name}" is under construction. Stay tuned.',
  'page.notFound': 'Page not found',
  'page.backHome': 'Back to home',

  'error.network': 'Cannot reach the server. Check your connection and try again.',
  'error.sessionExpired': 'Your session has expired. Please sign in again.',
  'error.unknown': 'An unknown error occurred',

  ...designerEnUS,
  ...workbenchEnUS,
  ...portalEnUS,
  ...boardEnUS,
  ...importEnUS,
  ...templatesEnUS,
  ...adminEnUS,
  ...settlementEnUS,
}

export default enUS
