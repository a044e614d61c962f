import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import { checkCondition, type Condition } from '@scrm/flow'
import { Alert, AutoComplete, Button, Input, Segmented, Select, Space, Typography } from 'antd'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useLocaleStore, useT, type MessageKey } from '../../../../i18n'
import { JsonInput } from '../fields/basic'
import styles from '../../designer.module.css'
import { emptyGroup, emptyRule, fromLogic, RULE_OPS, toLogic, UNARY, type Group, type Rule } from './model'

/** Data paths offered in the field picker; any `ticket.` / `customer.` / `form.` / `vars.` path may be typed. */
const FIELDS = ['customer.tier', 'customer.kind', 'ticket.priority', 'ticket.channel', 'ticket.status', 'ticket.title']

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/**
 * Visual condition editor for exclusive-gateway edges: rows of field / operator / value in AND/OR
 * groups, producing JSON Logic, checked with packages/flow's checkCondition as the user types.
 * Logic the builder cannot represent opens in the JSON editor instead of being rewritten.
 */
export function ConditionBuilder({ value, onChange }: { value: Condition | undefined, onChange: (v: Condition | undefined) => void }) {
  const t = useT()
  const locale = useLocaleStore(s => s.locale)
  const parsed = useMemo(() => fromLogic(value), [value])
  const [mode, setMode] = useState<'builder' | 'json'>(parsed ? 'builder' : 'json')
  const [group, setGroup] = useState<Group>(() => parsed ?? emptyGroup())
  const emitted = useRef<unknown>(value)

  useEffect(() => {
    // Keep half-typed rows; only an outside change (undo, another edge) resets the builder.
    if (same(value, emitted.current)) return
    emitted.current = value
    const g = fromLogic(value)
    if (g) setGroup(g)
    else setMode('json')
  }, [value])

  const update = (g: Group) => {
    setGroup(g)
    const logic = toLogic(g)
    emitted.current = logic
    onChange(logic)
  }
  const problems = value === undefined ? [] : checkCondition(value)

  return (
    <div data-testid="condition-builder">
      <Segmented
        size="small"
        value={mode}
        onChange={m => setMode(m as 'builder' | 'json')}
        options={[
          { value: 'builder', label: t('designer.cond.builder'), disabled: !fromLogic(value) },
          { value: 'json', label: t('designer.cond.advanced') },
        ]}
        style={{ marginBottom: 8 }}
      />
      {mode === 'builder'
        ? <GroupEditor group={group} onChange={update} depth={0} />
        : <JsonInput value={value} rows={6} onChange={v => { emitted.current = v; onChange(v as Condition | undefined) }} />}
      {mode === 'json' && !fromLogic(value) && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('designer.cond.tooComplex')}</Typography.Text>}
      {problems.map((p, i) => <Alert key={i} type="error" showIcon title={p.message[locale]} style={{ marginTop: 6 }} />)}
      {value !== undefined && (
        <div style={{ marginTop: 8 }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('designer.cond.preview')}</Typography.Text>
          <pre className={styles.mono} data-testid="condition-json" style={{ margin: 0, whiteSpace: 'pre-wrap', background: '#fafafa', padding: 6, borderRadius: 4 }}>
            {JSON.stringify(value)}
          </pre>
          <Button size="small" type="link" danger onClick={() => { emitted.current = undefined; setGroup(emptyGroup()); onChange(undefined) }}>
            {t('designer.cond.clear')}
          </Button>
        </div>
      )}
    </div>
  )
}

function GroupEditor({ group, onChange, depth, onRemove }: { group: Group, onChange: (g: Group) => void, depth: number, onRemove?: () => void }) {
  const t = useT()
  const setChild = (i: number, c: Rule | Group) => onChange({ ...group, children: group.children.map((x, j) => (j === i ? c : x)) })
  const removeChild = (i: number) => onChange({ ...group, children: group.children.filter((_, j) => j !== i) })
  return (
    <div className={styles.condGroup}>
      <Space style={{ marginBottom: 6 }}>
        <Select
          size="small"
          value={group.combinator}
          onChange={(c: Group['combinator']) => onChange({ ...group, combinator: c })}
          options={[{ value: 'and', label: t('designer.cond.all') }, { value: 'or', label: t('designer.cond.any') }]}
          data-testid="cond-combinator"
        />
        {onRemove && <Button size="small" type="text" icon={<DeleteOutlined />} onClick={onRemove} aria-label={t('designer.panel.remove')} />}
      </Space>
      {group.children.map((c, i) => (c.kind === 'group'
        ? <GroupEditor key={i} group={c} depth={depth + 1} onChange={g => setChild(i, g)} onRemove={() => removeChild(i)} />
        : <RuleRow key={i} index={i} rule={c} onChange={r => setChild(i, r)} onRemove={() => removeChild(i)} />))}
      <Space>
        <Button size="small" icon={<PlusOutlined />} onClick={() => onChange({ ...group, children: [...group.children, emptyRule()] })} data-testid="cond-add-rule">
          {t('designer.cond.addRule')}
        </Button>
        {depth < 2 && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => onChange({ ...group, children: [...group.children, emptyGroup(group.combinator === 'and' ? 'or' : 'and')] })}>
            {t('designer.cond.addGroup')}
          </Button>
        )}
      </Space>
    </div>
  )
}

function RuleRow({ rule, index, onChange, onRemove }: { rule: Rule, index: number, onChange: (r: Rule) => void, onRemove: () => void }) {
  const t = useT()
  const fieldOptions = FIELDS.map(f => ({ value: f, label: `${t(`designer.field.${f}` as MessageKey)} (${f})` }))
  return (
    <div className={styles.condRow} data-testid={`cond-rule-${index}`}>
      <AutoComplete
        size="small"
        style={{ width: '38%' }}
        value={rule.field}
        options={fieldOptions}
        placeholder={t('designer.cond.field')}
        onChange={(f: string) => onChange({ ...rule, field: f })}
        data-testid="cond-field"
      />
      <Select
        size="small"
        style={{ width: '26%' }}
        value={rule.op}
        onChange={(op: Rule['op']) => onChange({ ...rule, op })}
        options={RULE_OPS.map(op => ({ value: op, label: t(`designer.cond.op.${op}` as MessageKey) }))}
        popupMatchSelectWidth={false}
        data-testid="cond-op"
      />
      {!UNARY.includes(rule.op) && (
        <Input size="small" style={{ flex: 1 }} value={rule.value} placeholder={t('designer.cond.value')} onChange={e => onChange({ ...rule, value: e.target.value })} data-testid="cond-value" />
      )}
      <Button size="small" type="text" icon={<DeleteOutlined />} onClick={onRemove} aria-label={t('designer.panel.remove')} />
    </div>
  )
}
