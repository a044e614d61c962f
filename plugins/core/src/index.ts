import { definePlugin } from '@scrm/kernel'
import { logNotifier } from './notifiers/log.js'

/**
 * The built-in contributions every tenant has. Later capabilities (node types, field types,
 * channels, strategies) register here or in their own plugins that depend on this one.
 */
export default definePlugin({
  name: 'core',
  version: '0.1.0',
  required: true,
  label: { 'zh-CN': '核心', 'en-US': 'Core' },
  description: { 'zh-CN': '平台内置的节点、字段、通知与渠道', 'en-US': 'Built-in nodes, fields, notifiers and channels' },
  setup({ notifiers }) {
    notifiers.register(logNotifier)
  },
})
