import type { I18nText } from '@scrm/forms'
import { api } from '../../api/client'

export type BoardRange = '24h' | '7d' | '30d'

export interface BoardState {
  key: string
  name: I18nText
  category: string
  total: number
  sla: { breached: number, atRisk: number, ok: number, none: number }
}

export interface BoardNode { flowKey: string, nodeId: string, name: string, type: string | null, visits: number, avgMinutes: number, medianMinutes: number }

export interface Board {
  generatedAt: string
  range: BoardRange
  bucket: 'hour' | 'day'
  states: BoardState[]
  nodes: BoardNode[]
  throughput: Array<{ at: string, created: number, resolved: number }>
  filters: { types: Array<{ key: string, name: I18nText }>, teams: string[] }
}

export interface BoardQuery { type?: string, team?: string, range: BoardRange }

export const fetchBoard = (q: BoardQuery, signal?: AbortSignal) =>
  api.get<Board>('/ticket-board', { query: { ...q, tz: Intl.DateTimeFormat().resolvedOptions().timeZone }, signal })
