import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import type { FieldDef, Rule, RuleAction } from '@scrm/forms'
import { Button, Input, Select, Space, Typography } from 'antd'
import { useLocaleStore, useT, type MessageKey } from '../../../i18n'
import { ACTION_KINDS, coerceForField, conditionToLogic, logicToCondition, RULE_OPS, withKind, type RuleOp } from '../model/rules'
import styles from '../templates.module.css'

interface Props {
  rule: Rule
  index: number
  fields: FieldDef[]
  problem?: string
  onChange: (rule: Rule) => void
  onRemove: () => void
}

/** A value box that fits the field: its options when it has some, free text otherwise. */
function ValueInput({ field, multiple, value, onChange, testId }: { field?: FieldDef, multiple?: boolean, value: unknown, onChange: (v: unknown) => void, testId: string }) {
  const locale = useLocaleStore(s => s.locale)
  const t = useT()
  if (field?.options?.length) {
    return (
      <Select
        data-testid={testId}
        mode={multiple ? 'multiple' : undefined}
        style={{ minWidth: 140 }}
        value={value as string | string[]}
        placeholder={t('tpl.rules.value')}
        onChange={onChange}
        options={field.options.map(o => ({ value: o.value, label: o.label[locale] || o.value }))}
      />
    )
  }
  const text = Array.isArray(value) ? value.join(',') : value == null ? '' : String(value)
  return (
    <Input
      data-testid={testId}
      style={{ width: 140 }}
      value={text}
      placeholder={multiple ? t('tpl.rules.valueList') : t('tpl.rules.value')}
      onChange={e => onChange(multiple ? e.target.value.split(',').map(s => coerceForField(field, s.trim())) : coerceForField(field, e.target.value))}
    />
  )
}

/** One rule: when <field> <op> <value> then <actions on fields>. Richer JSON Logic conditions show as JSON. */
export function RuleRow({ rule, index, fields, problem, onChange, onRemove }: Props) {
  const t = useT()
  const locale = useLocaleStore(s => s.locale)
  const cond = logicToCondition(rule.when)
  const byKey = new Map(fields.map(f => [f.key, f]))
  const fieldOptions = fields.map(f => ({ value: f.key, label: `${f.label[locale] || f.key} (${f.key})` }))
  const setAction = (j: number, a: RuleAction) => onChange({ ...rule, then: rule.then.map((x, k) => (k === j ? a : x)) })

  return (
    <div className={`${styles.rule} ${problem ? styles.ruleError : ''}`} data-testid={`rule-${index}`}>
      <Space wrap size={4}>
        <Typography.Text strong>{t('tpl.rules.when')}</Typography.Text>
        {cond
          ? (
              <>
                <Select
                  data-testid={`rule-${index}-field`}
                  style={{ minWidth: 150 }}
                  value={cond.field}
                  options={fieldOptions}
                  onChange={field => onChange({ ...rule, when: conditionToLogic({ field, op: cond.op, value: cond.op === 'in' ? [] : '' }) })}
                />
                <Select
                  data-testid={`rule-${index}-op`}
                  style={{ width: 110 }}
                  value={cond.op}
                  options={RULE_OPS.map(op => ({ value: op, label: t(`tpl.op.${op}` as MessageKey) }))}
                  onChange={(op: RuleOp) => onChange({ ...rule, when: conditionToLogic({ ...cond, op, value: op === 'in' ? [] : Array.isArray(cond.value) ? '' : cond.value }) })}
                />
                <ValueInput
                  testId={`rule-${index}-value`}
                  field={byKey.get(cond.field)}
                  multiple={cond.op === 'in'}
                  value={cond.value}
                  onChange={value => onChange({ ...rule, when: conditionToLogic({ ...cond, value }) })}
                />
              </>
            )
          : <code className={styles.ruleJson}>{JSON.stringify(rule.when)}</code>}
        <Typography.Text strong>{t('tpl.rules.then')}</Typography.Text>
      </Space>
      {rule.then.map((a, j) => (
        <Space key={j} wrap size={4} className={styles.ruleAction}>
          <Select
            data-testid={`rule-${index}-action-${j}`}
            style={{ width: 130 }}
            value={a.action}
            options={ACTION_KINDS.map(k => ({ value: k, label: t(`tpl.action.${k}` as MessageKey) }))}
            onChange={kind => setAction(j, withKind(a, kind, byKey.get(a.field)))}
          />
          <Select
            data-testid={`rule-${index}-target-${j}`}
            style={{ minWidth: 150 }}
            value={a.field}
            options={fieldOptions}
            onChange={field => setAction(j, withKind({ ...a, field }, a.action, byKey.get(field)))}
          />
          {a.action === 'setOptions' && (
            <ValueInput testId={`rule-${index}-options-${j}`} field={byKey.get(a.field)} multiple value={a.options} onChange={v => setAction(j, { ...a, options: v as string[] })} />
          )}
          {a.action === 'setValue' && (
            <ValueInput testId={`rule-${index}-setvalue-${j}`} field={byKey.get(a.field)} value={a.value} onChange={value => setAction(j, { ...a, value })} />
          )}
          <Button
            size="small"
            type="text"
            icon={<DeleteOutlined />}
            aria-label={t('tpl.rules.removeAction')}
            disabled={rule.then.length === 1}
            onClick={() => onChange({ ...rule, then: rule.then.filter((_, k) => k !== j) })}
          />
        </Space>
      ))}
      <Space size={4} className={styles.ruleAction}>
        <Button size="small" icon={<PlusOutlined />} data-testid={`rule-${index}-add-action`} onClick={() => onChange({ ...rule, then: [...rule.then, { action: 'show', field: fields[0]?.key ?? '' }] })}>
          {t('tpl.rules.addAction')}
        </Button>
        <Button size="small" danger data-testid={`rule-${index}-remove`} onClick={onRemove}>{t('tpl.rules.remove')}</Button>
      </Space>
      {problem && <div className={styles.problem} data-testid="rule-problem">{problem}</div>}
    </div>
  )
}
