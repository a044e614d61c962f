import type { NotifierDef } from '@scrm/kernel'

/** Writes notifications to the server log: the notifier every tenant has before configuring real ones. */
export const logNotifier: NotifierDef = {
  id: 'log',
  label: { 'zh-CN': '日志', 'en-US': 'Log' },
  description: { 'zh-CN': '把通知写入服务器日志', 'en-US': 'Writes notifications to the server log' },
  async send(message) {
    console.info(`[notify] to=${message.to.join(',')} subject=${message.subject} key=${message.idempotencyKey}`)
    return { providerId: `log:${message.idempotencyKey}` }
  },
}
