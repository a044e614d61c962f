import { useEffect } from 'react'
import { designer } from '../model/store'

/** Keys typed into a field belong to the field, not to the canvas. */
function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null
  if (!el) return false
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || !!el.closest('.ant-select, .ant-modal, .ant-drawer')
}

export interface ShortcutHandlers {
  save: () => void
  copied: (count: number) => void
}

/** Undo/redo, copy/paste, delete and save on the keyboard while the designer is open. */
export function useShortcuts(h: ShortcutHandlers): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typing(e.target)) return
      const mod = e.ctrlKey || e.metaKey
      const key = e.key.toLowerCase()
      if (mod && key === 'z' && !e.shiftKey) designer.undo()
      else if (mod && ((key === 'z' && e.shiftKey) || key === 'y')) designer.redo()
      else if (mod && key === 'c') {
        // Nothing selected on the canvas: leave Ctrl+C to the browser (copying page text).
        const n = designer.copy()
        if (!n) return
        h.copied(n)
      }
      else if (mod && key === 'v') designer.paste()
      else if (mod && key === 's') h.save()
      else if (!mod && (e.key === 'Delete' || e.key === 'Backspace')) designer.deleteSelection()
      else return
      e.preventDefault()
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [h])
}
