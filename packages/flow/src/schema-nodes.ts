/** Config schemas of the core node types (see ir.ts for the matching TypeScript types). */

import type { CoreNodeType } from './ir.js'
import { text } from './i18n.js'
import type { JsonSchema, SchemaWidget } from './schema.js'

/**
 * Shape only (components in order, optional fraction); parseDuration is stricter (fraction only
 * on the last component) and validate() reports its message as `invalid_duration`.
 */
export const DURATION_PATTERN =
  '^P(?!$)(?:\\d+(?:[.,]\\d+)?W)?(?:\\d+(?:[.,]\\d+)?D)?(?:T(?=\\d)(?:\\d+(?:[.,]\\d+)?H)?(?:\\d+(?:[.,]\\d+)?M)?(?:\\d+(?:[.,]\\d+)?S)?)?$'

const READ_PATH = '^(ticket|customer|form|vars)(\\.[^.]+)+$'
const WRITE_PATH = '^(ticket|vars)(\\.[^.]+)+$'

function str(zh: string, en: string, widget?: SchemaWidget, extra: JsonSchema = {}): JsonSchema {
  return { type: 'string', 'x-label': text(zh, en), ...(widget ? { 'x-widget': widget } : {}), ...extra }
}

function strList(zh: string, en: string, widget?: SchemaWidget, extra: JsonSchema = {}): JsonSchema {
  return { type: 'array', items: { type: 'string' }, 'x-label': text(zh, en), ...(widget ? { 'x-widget': widget } : {}), ...extra }
}

const duration = (zh: string, en: string): JsonSchema =>
  str(zh, en, 'duration', { pattern: DURATION_PATTERN })

/** Who does the work: fixed users, a role, a team, or a routing strategy over a pool. */
const assignRule = (zh: string, en: string): JsonSchema => ({
  type: 'object',
  'x-label': text(zh, en),
  'x-widget': 'assignRule',
  properties: {
    users: strList('指定人员', 'Users', 'users'),
    role: str('角色', 'Role', 'role'),
    team: str('团队', 'Team', 'team'),
    strategy: str('分配策略', 'Strategy', 'strategy'),
    skills: strList('技能', 'Skills'),
    expr: { 'x-label': text('处理人表达式', 'Assignee expression'), 'x-widget': 'expression' },
    rules: { type: 'boolean', 'x-label': text('按派单规则', 'By routing rules') },
  },
})

const taskSla: JsonSchema = {
  type: 'object',
  'x-label': text('时效 (SLA)', 'SLA'),
  required: ['target'],
  properties: {
    target: duration('目标时长', 'Target'),
    calendar: str('工作日历', 'Calendar', 'calendar'),
    warnAt: str('预警点 (80% 或 PT30M)', 'Warn at (80% or PT30M)', 'percentOrDuration'),
    escalate: strList('逐级升级', 'Escalation levels', 'role'),
  },
}

const empty = (zh: string, en: string): JsonSchema => ({ type: 'object', title: en, 'x-label': text(zh, en), properties: {} })

export const coreNodeConfigSchemas: Record<CoreNodeType, JsonSchema> = {
  start: empty('开始', 'Start'),
  end: {
    ...empty('结束', 'End'),
    properties: { status: str('结束时工单状态', 'Ticket status on end') },
  },
  userTask: {
    type: 'object',
    title: 'User task',
    'x-label': text('人工任务', 'User task'),
    required: ['assign'],
    properties: {
      title: str('任务标题', 'Title'),
      assign: assignRule('处理人', 'Assignee'),
      fields: strList('可编辑字段', 'Editable fields', 'ticketFields'),
      outcomes: strList('处理结果选项', 'Outcomes'),
      sla: taskSla,
    },
  },
  approval: {
    type: 'object',
    title: 'Approval',
    'x-label': text('审批', 'Approval'),
    required: ['levels'],
    properties: {
      title: str('审批标题', 'Title'),
      levels: {
        type: 'array',
        'x-label': text('审批层级', 'Levels'),
        minItems: 1,
        items: {
          type: 'object',
          required: ['approvers', 'mode'],
          properties: {
            name: str('层级名称', 'Level name'),
            approvers: assignRule('审批人', 'Approvers'),
            mode: {
              type: 'string',
              enum: ['any', 'all'],
              default: 'any',
              'x-label': text('会签方式 (any 或签 / all 会签)', 'Countersign (any / all)'),
            },
          },
        },
      },
      sla: taskSla,
    },
  },
  exclusive: {
    ...empty('排他网关', 'Exclusive gateway'),
    properties: { default: str('默认分支', 'Default edge', 'edgeRef') },
  },
  parallelSplit: empty('并行拆分', 'Parallel split'),
  parallelJoin: empty('并行汇聚', 'Parallel join'),
  timer: {
    type: 'object',
    title: 'Timer',
    'x-label': text('定时器', 'Timer'),
    properties: {
      duration: duration('等待时长', 'Duration'),
      until: str('等到日期字段', 'Until date field', 'dataPath', { pattern: READ_PATH }),
      calendar: str('工作日历', 'Calendar', 'calendar'),
    },
    // Either a delay or a date to wait for; both is allowed (the runtime takes `until`).
    // (`properties` repeated in the branches because ajv's strictRequired wants them declared there.)
    anyOf: [
      { required: ['duration'], properties: { duration: { type: 'string' } } },
      { required: ['until'], properties: { until: { type: 'string' } } },
    ],
  },
  slaBoundary: {
    type: 'object',
    title: 'SLA boundary',
    'x-label': text('时效边界', 'SLA boundary'),
    required: ['attachedTo', 'target'],
    properties: {
      attachedTo: str('监控的任务', 'Watched task', 'nodeRef', { minLength: 1 }),
      target: duration('目标时长', 'Target'),
      warnAt: str('预警点 (80% 或 PT30M)', 'Warn at (80% or PT30M)', 'percentOrDuration'),
      calendar: str('工作日历', 'Calendar', 'calendar'),
      interrupting: {
        type: 'boolean',
        default: false,
        'x-label': text('超时后中断任务', 'Interrupt the task on breach'),
      },
    },
  },
  notify: {
    type: 'object',
    title: 'Notify',
    'x-label': text('通知', 'Notify'),
    required: ['notifier', 'to', 'subject', 'body'],
    properties: {
      notifier: str('通知渠道', 'Notifier', 'notifier', { minLength: 1 }),
      to: strList('接收人', 'Recipients', 'recipients', {
        minItems: 1,
        // Read by the notify plugin (plugins/notify/src/recipients.ts, fromText); kept in step with it.
        description: '每项可含 {{占位符}}，按顺序识别：用户 ID 或 user:<ID> → 该用户（按其通知偏好）；邮箱 → 邮件；中国大陆手机号 → 短信；'
          + '已配置的通道标识 → 该通道；其他 → 经所选通知渠道的租户默认通道发送给该地址。未启用通知插件时，原样交给所选通知渠道。'
          + ' / Each entry may hold {{placeholders}} and is read in this order: a user id or user:<id> → that user (their preferences); '
          + 'an e-mail address → email; a mainland China mobile number → SMS; the key of a configured channel → that channel; '
          + 'anything else → that address through the tenant\'s default channel of the chosen notifier. Without the notify plugin, '
          + 'entries go to the chosen notifier as they are.',
      }),
      subject: str('标题', 'Subject'),
      body: str('内容', 'Body', 'textarea', { minLength: 1 }),
      urgent: { type: 'boolean', default: false, 'x-label': text('紧急', 'Urgent') },
    },
  },
  setFields: {
    type: 'object',
    title: 'Set fields',
    'x-label': text('设置字段', 'Set fields'),
    required: ['set'],
    properties: {
      set: {
        type: 'object',
        'x-label': text('赋值 (目标路径 → 表达式)', 'Assignments (target path → expression)'),
        minProperties: 1,
        propertyNames: { pattern: WRITE_PATH },
        additionalProperties: { 'x-widget': 'expression' },
      },
    },
  },
  script: {
    type: 'object',
    title: 'Script',
    'x-label': text('脚本', 'Script'),
    required: ['source'],
    properties: {
      source: str('脚本代码', 'Source', 'script', { minLength: 1 }),
      output: str('结果写入', 'Write result to', 'dataPath', { pattern: WRITE_PATH }),
      timeoutMs: { type: 'integer', minimum: 1, maximum: 60_000, default: 1000, 'x-label': text('超时 (毫秒)', 'Timeout (ms)') },
    },
  },
  subflow: {
    type: 'object',
    title: 'Subflow',
    'x-label': text('子流程', 'Subflow'),
    required: ['flowKey'],
    properties: {
      flowKey: str('子流程', 'Flow', 'flowRef', { minLength: 1 }),
      input: {
        type: 'object',
        'x-label': text('输入 (子流程变量 ← 表达式)', 'Input (child var ← expression)'),
        additionalProperties: { 'x-widget': 'expression' },
      },
      output: {
        type: 'object',
        'x-label': text('输出 (父流程路径 ← 子流程变量)', 'Output (parent path ← child var)'),
        propertyNames: { pattern: WRITE_PATH },
        additionalProperties: { type: 'string' },
      },
    },
  },
  waitForEvent: {
    type: 'object',
    title: 'Wait for event',
    'x-label': text('等待事件', 'Wait for event'),
    required: ['event'],
    properties: {
      event: str('事件名', 'Event', 'event', { minLength: 1 }),
      timeout: duration('超时', 'Timeout'),
    },
  },
}
