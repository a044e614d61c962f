import type { FieldType } from '@scrm/forms'

/**
 * What is being dragged right now. HTML5 drag-and-drop hides dataTransfer contents until the drop,
 * but the canvas needs to know during dragover whether a new field or a move is coming.
 */
export type DragPayload = { kind: 'new', type: FieldType } | { kind: 'move', index: number }

let current: DragPayload | null = null

export const MIME = 'application/x-scrm-template-field'

export function startDrag(e: React.DragEvent, payload: DragPayload): void {
  current = payload
  e.dataTransfer.setData(MIME, JSON.stringify(payload))
  e.dataTransfer.setData('text/plain', payload.kind === 'new' ? payload.type : String(payload.index))
  e.dataTransfer.effectAllowed = payload.kind === 'new' ? 'copy' : 'move'
}

export function currentDrag(): DragPayload | null {
  return current
}

export function endDrag(): void {
  current = null
}
