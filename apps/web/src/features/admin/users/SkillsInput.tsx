import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import { Button, Input, InputNumber, Space } from 'antd'
import { useT } from '../../../i18n'
import type { Skill } from '../api'

/** Skills with a level 1–5 (routing matches `空调:3` = air conditioning at level 3 or more). */
export function SkillsInput({ value = [], onChange }: { value?: Skill[], onChange?: (skills: Skill[]) => void }) {
  const t = useT()
  const set = (i: number, s: Skill) => onChange?.(value.map((x, j) => (j === i ? s : x)))
  return (
    <div data-testid="skills-input">
      {value.map((s, i) => (
        <Space.Compact key={i} style={{ display: 'flex', marginBottom: 4 }}>
          <Input placeholder={t('admin.users.skill')} value={s.skill} onChange={e => set(i, { ...s, skill: e.target.value })} />
          <InputNumber min={1} max={5} value={s.level} aria-label={t('admin.users.level')} onChange={v => set(i, { ...s, level: v ?? 1 })} />
          <Button icon={<DeleteOutlined />} aria-label={t('admin.users.removeSkill')} onClick={() => onChange?.(value.filter((_, j) => j !== i))} />
        </Space.Compact>
      ))}
      <Button size="small" icon={<PlusOutlined />} onClick={() => onChange?.([...value, { skill: '', level: 3 }])}>{t('admin.users.addSkill')}</Button>
    </div>
  )
}
