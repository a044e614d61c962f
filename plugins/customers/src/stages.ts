import type { I18nText } from '@scrm/kernel'

/** 商机 stages in funnel order; won and lost close the opportunity. */
export const STAGES = [
  { key: 'lead', label: { 'zh-CN': '线索', 'en-US': 'Lead' } },
  { key: 'contacted', label: { 'zh-CN': '初步沟通', 'en-US': 'Contacted' } },
  { key: 'qualified', label: { 'zh-CN': '需求确认', 'en-US': 'Qualified' } },
  { key: 'quoted', label: { 'zh-CN': '报价', 'en-US': 'Quoted' } },
  { key: 'negotiating', label: { 'zh-CN': '谈判', 'en-US': 'Negotiating' } },
  { key: 'won', label: { 'zh-CN': '赢单', 'en-US': 'Won' } },
  { key: 'lost', label: { 'zh-CN': '输单', 'en-US': 'Lost' } },
] as const satisfies ReadonlyArray<{ key: string, label: I18nText }>

export type StageKey = typeof STAGES[number]['key']
export const STAGE_KEYS: StageKey[] = STAGES.map(s => s.key)
export const CLOSED_STAGES: StageKey[] = ['won', 'lost']
export const OPEN_STAGES: StageKey[] = STAGE_KEYS.filter(k => !CLOSED_STAGES.includes(k))
