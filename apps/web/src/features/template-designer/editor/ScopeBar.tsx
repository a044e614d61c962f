import type { TemplateSchema } from '@scrm/forms'
import { Select, Space, Typography } from 'antd'
import { useT } from '../../../i18n'
import type { OrgRegion } from '../api'
import type { EditScope } from '../model/store'

interface Props {
  schema: TemplateSchema
  scope: EditScope
  regions: OrgRegion[]
  onScope: (scope: EditScope) => void
  onAddVariant: (region: string) => void
}

/** Which part is being edited: the base template, or one region's variant (extra fields and rules). */
export function ScopeBar({ schema, scope, regions, onScope, onAddVariant }: Props) {
  const t = useT()
  const variants = Object.keys(schema.variants ?? {})
  const nameOf = (code: string) => regions.find(r => r.code === code)?.name
  const addable = regions.filter(r => !variants.includes(r.code))
  return (
    <Space wrap>
      <Typography.Text>{t('tpl.scope.label')}</Typography.Text>
      <Select
        data-testid="scope-select"
        style={{ minWidth: 180 }}
        value={scope}
        onChange={onScope}
        options={[
          { value: 'base', label: t('tpl.scope.base') },
          ...variants.map(code => ({ value: code, label: t('tpl.scope.variant', { region: nameOf(code) ? `${nameOf(code)} (${code})` : code }) })),
        ]}
      />
      <Select
        data-testid="add-variant"
        style={{ minWidth: 200 }}
        value={null}
        placeholder={t('tpl.scope.add')}
        disabled={addable.length === 0}
        showSearch={{ optionFilterProp: 'label' }}
        onChange={(code: string | null) => { if (code) onAddVariant(code) }}
        options={addable.map(r => ({ value: r.code, label: `${r.name} (${r.code})` }))}
      />
    </Space>
  )
}
