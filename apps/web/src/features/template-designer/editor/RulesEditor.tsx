import { PlusOutlined } from '@ant-design/icons'
import type { FieldDef, Rule } from '@scrm/forms'
import { Button, Collapse, Empty, Typography } from 'antd'
import { useT } from '../../../i18n'
import type { EditorProblem } from '../model/problems'
import { newRule } from '../model/rules'
import { RuleRow } from './RuleRow'

interface Props {
  rules: Rule[]
  /** Fields the rules may read and act on (for a region variant: base and variant fields). */
  fields: FieldDef[]
  problems: EditorProblem[]
  onChange: (rules: Rule[]) => void
}

/** Dynamic rules of the current scope, plus the exact JSON `packages/forms` evaluates. */
export function RulesEditor({ rules, fields, problems, onChange }: Props) {
  const t = useT()
  return (
    <div data-testid="rules-editor">
      {rules.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tpl.rules.empty')} />}
      {rules.map((r, i) => (
        <RuleRow
          key={r.id ?? i}
          rule={r}
          index={i}
          fields={fields}
          problem={problems.filter(p => p.ruleIndex === i).map(p => p.message).join('; ') || undefined}
          onChange={rule => onChange(rules.map((x, j) => (j === i ? rule : x)))}
          onRemove={() => onChange(rules.filter((_, j) => j !== i))}
        />
      ))}
      <Button icon={<PlusOutlined />} data-testid="add-rule" disabled={fields.length === 0} onClick={() => onChange([...rules, newRule(fields)])}>
        {t('tpl.rules.add')}
      </Button>
      <Collapse
        ghost
        size="small"
        style={{ marginTop: 8 }}
        items={[{ key: 'json', label: t('tpl.rules.json'), children: <Typography.Paragraph><pre data-testid="rules-json">{JSON.stringify(rules, null, 2)}</pre></Typography.Paragraph> }]}
      />
    </div>
  )
}
