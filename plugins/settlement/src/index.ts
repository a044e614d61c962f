import { definePlugin } from '@scrm/kernel'

export default definePlugin({
  name: 'settlement',
  version: '0.1.0',
  dependsOn: ['core', 'tickets', 'org'],
  label: { 'zh-CN': '结算', 'en-US': 'Settlement' },
  setup() {},
})
