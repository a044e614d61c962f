import { defineConfig, defineMessages, definePlugin, type NodeContext, type NodeResult, type ResumeEvent, type RuntimeNodeType, Type } from '@scrm/sdk'

const messages = defineMessages({
  'zh-CN': { label: '问候', description: '把问候语写入流程变量；配置 wait 时等待回复后继续', greeting: '你好，{name}' },
  'en-US': { label: 'Greet', description: 'Writes a greeting into a flow variable; with wait, continues once answered', greeting: 'Hello, {name}' },
})

const REPLY_EVENT = '__NAME__.reply'

interface Config { name: string, locale?: 'zh-CN' | 'en-US', wait?: boolean }

/**
 * A flow node type. `run` happens when a token arrives: it writes `vars.greeting` and goes on,
 * or (config.wait) rests until a `__NAME__.reply` event resumes it with the answer in `vars.reply`.
 */
const greet: RuntimeNodeType<Config> = {
  type: '__NAME__.greet',
  category: 'automation',
  label: messages.text('label'),
  description: messages.text('description'),
  configSchema: defineConfig(Type.Object({
    name: Type.String({ minLength: 1 }),
    locale: Type.Optional(Type.Union([Type.Literal('zh-CN'), Type.Literal('en-US')])),
    wait: Type.Optional(Type.Boolean()),
  }, { additionalProperties: false })).schema,
  waiting: true,
  async run(ctx: NodeContext<Config>): Promise<NodeResult> {
    await ctx.assign('vars.greeting', messages.t(ctx.config.locale ?? 'zh-CN', 'greeting', { name: ctx.config.name }))
    if (!ctx.config.wait) return {}
    // Resumed by POST /api/instances/:id/events { name: '__NAME__.reply', payload }.
    ctx.waitFor(REPLY_EVENT)
    return { wait: true }
  },
  async resume(ctx: NodeContext<Config>, event: ResumeEvent): Promise<NodeResult> {
    if (event.kind !== 'event' || event.name !== REPLY_EVENT) return { wait: true }
    await ctx.assign('vars.reply', event.payload ?? null)
    return {}
  },
}

export default definePlugin({
  name: '__NAME__',
  version: '0.1.0',
  dependsOn: ['core'],
  label: messages.text('label'),
  setup({ nodeTypes }) {
    nodeTypes.register(greet)
  },
})
