import type { AssignRule } from '@scrm/flow'
import { AutoComplete, Form, Select } from 'antd'
import { useState } from 'react'
import { useLocaleStore, useT, type MessageKey } from '../../../../i18n'
import { useCatalog } from '../../model/catalog'
import { TagsInput } from './basic'

type Mode = 'role' | 'team' | 'users' | 'strategy' | 'initiator' | 'rules'
const MODES: Mode[] = ['role', 'team', 'strategy', 'users', 'initiator', 'rules']
const ROLES = ['admin', 'supervisor', 'agent'] as const

/** Which way of assigning a rule uses; a rule with several keys shows its most specific one. */
export function modeOf(rule: AssignRule | undefined): Mode | undefined {
  if (!rule) return undefined
  if (rule.rules === true) return 'rules'
  if (rule.strategy === 'initiator') return 'initiator'
  if (rule.strategy) return 'strategy'
  if (rule.users?.length) return 'users'
  if (rule.team) return 'team'
  if (rule.role) return 'role'
  return undefined
}

export function useRoleOptions() {
  const t = useT()
  return ROLES.map(r => ({ value: r, label: `${t(`role.${r}` as MessageKey)} (${r})` }))
}

/** Assignment rule: pick how (role, team, strategy…), then only the fields that way needs. */
export function AssignRuleEditor({ value, onChange }: { value: unknown, onChange: (v: AssignRule | undefined) => void }) {
  const t = useT()
  const locale = useLocaleStore(s => s.locale)
  const strategies = useCatalog(s => s.strategies)
  const teams = useCatalog(s => s.teams)
  const roleOptions = useRoleOptions()
  const rule = (typeof value === 'object' && value !== null ? value : {}) as AssignRule
  // A way picked but not filled in yet (role chosen, no role typed) is only UI state.
  const [picked, setPicked] = useState<Mode | undefined>()
  const mode = modeOf(rule) ?? picked
  const set = (patch: Partial<AssignRule>) => {
    const next: AssignRule = { ...rule, ...patch }
    for (const k of Object.keys(next)) {
      const v = next[k]
      if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) delete next[k]
    }
    onChange(Object.keys(next).length ? next : {})
  }
  const switchMode = (m: Mode) => {
    setPicked(m)
    // A new way of assigning starts clean, except that a strategy keeps the pool it narrows.
    if (m === 'initiator') return onChange({ strategy: 'initiator' })
    if (m === 'rules') return onChange({ rules: true })
    if (m === 'strategy') return onChange({ strategy: strategies[0]?.id ?? 'round-robin', ...(rule.team ? { team: rule.team } : {}), ...(rule.role ? { role: rule.role } : {}) })
    onChange({})
  }
  const teamOptions = teams.map(x => ({ value: x.key, label: `${x.name} (${x.key})` }))
  const teamInput = (
    <AutoComplete
      value={rule.team ?? ''}
      options={teamOptions}
      placeholder={t('designer.assign.team')}
      onChange={(v: string) => set({ team: v.trim() || undefined })}
      data-testid="assign-team"
    />
  )
  const roleInput = (
    <AutoComplete
      value={rule.role ?? ''}
      options={roleOptions}
      placeholder={t('designer.assign.role')}
      onChange={(v: string) => set({ role: v.trim() || undefined })}
      data-testid="assign-role"
    />
  )

  return (
    <div data-testid="assign-editor">
      <Form.Item label={t('designer.assign.mode')} style={{ marginBottom: 8 }}>
        <Select
          value={mode}
          placeholder={t('designer.panel.select')}
          onChange={switchMode}
          options={MODES.map(m => ({ value: m, label: t(`designer.assign.mode.${m}` as MessageKey) }))}
          data-testid="assign-mode"
        />
      </Form.Item>
      {mode === 'role' && <Form.Item label={t('designer.assign.role')} style={{ marginBottom: 8 }}>{roleInput}</Form.Item>}
      {mode === 'team' && <Form.Item label={t('designer.assign.team')} style={{ marginBottom: 8 }}>{teamInput}</Form.Item>}
      {mode === 'users' && (
        <Form.Item label={t('designer.assign.users')} style={{ marginBottom: 8 }}>
          <TagsInput value={rule.users} onChange={users => set({ users })} />
        </Form.Item>
      )}
      {mode === 'strategy' && (
        <>
          <Form.Item label={t('designer.assign.strategy')} style={{ marginBottom: 8 }}>
            <Select
              value={rule.strategy}
              onChange={(s: string) => set({ strategy: s })}
              options={[
                ...strategies.map(s => ({ value: s.id, label: s.label[locale], title: s.description?.[locale] })),
                ...(strategies.some(s => s.id === rule.strategy) ? [] : [{ value: rule.strategy!, label: rule.strategy! }]),
              ]}
            />
          </Form.Item>
          <Form.Item label={t('designer.assign.pool')} style={{ marginBottom: 8 }}>
            <div style={{ display: 'flex', gap: 4 }}>{teamInput}{roleInput}</div>
          </Form.Item>
          <Form.Item label={t('designer.assign.skills')} style={{ marginBottom: 8 }}>
            <TagsInput value={rule.skills} onChange={skills => set({ skills })} placeholder={t('designer.assign.skillsPlaceholder')} />
          </Form.Item>
        </>
      )}
    </div>
  )
}
