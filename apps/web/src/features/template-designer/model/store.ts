import type { FieldDef, FieldType, I18nText, Rule, TemplateSchema } from '@scrm/forms'
import { create } from 'zustand'
import { moveItem, newField } from './fields'

/** 'base' edits the template's own fields and rules; a region code edits that region's variant. */
export type EditScope = 'base' | string

interface EditorState {
  schema: TemplateSchema
  scope: EditScope
  selectedKey: string | null
  dirty: boolean
  load: (schema: TemplateSchema) => void
  setScope: (scope: EditScope) => void
  /** Starts an empty variant for a region (if it has none) and edits it. */
  addVariant: (region: string) => void
  select: (key: string | null) => void
  addField: (type: FieldType, index: number, typeLabel: I18nText, optionLabel: (n: number) => I18nText) => void
  moveField: (from: number, to: number) => void
  updateField: (key: string, patch: Partial<FieldDef>) => void
  removeField: (key: string) => void
  setRules: (rules: Rule[]) => void
  markSaved: () => void
}

export const EMPTY_SCHEMA: TemplateSchema = { fields: [], rules: [] }

/** The fields and rules the current scope edits. */
export function scopeParts(schema: TemplateSchema, scope: EditScope): { fields: FieldDef[], rules: Rule[] } {
  if (scope === 'base') return { fields: schema.fields, rules: schema.rules ?? [] }
  const v = schema.variants?.[scope]
  return { fields: v?.fields ?? [], rules: v?.rules ?? [] }
}

/** Every key in use: base keys and the scope's variant keys (variant keys never repeat base keys). */
export function takenKeys(schema: TemplateSchema): Set<string> {
  return new Set([...schema.fields, ...Object.values(schema.variants ?? {}).flatMap(v => v.fields ?? [])].map(f => f.key))
}

function withParts(schema: TemplateSchema, scope: EditScope, parts: { fields?: FieldDef[], rules?: Rule[] }): TemplateSchema {
  if (scope === 'base') return { ...schema, ...(parts.fields ? { fields: parts.fields } : {}), ...(parts.rules ? { rules: parts.rules } : {}) }
  const variant = { ...schema.variants?.[scope], ...parts }
  return { ...schema, variants: { ...schema.variants, [scope]: variant } }
}

/** Renaming a key renames what points at it, so rules keep working. */
function renameInRules(rules: Rule[] | undefined, from: string, to: string): Rule[] | undefined {
  if (!rules) return rules
  const json = JSON.stringify(rules).split(`"var":"${from}"`).join(`"var":"${to}"`)
  return (JSON.parse(json) as Rule[]).map(r => ({ ...r, then: r.then.map(a => (a.field === from ? { ...a, field: to } : a)) }))
}

export const useTemplateEditor = create<EditorState>((set, get) => {
  const edit = (fn: (s: EditorState) => Partial<EditorState>) => set(s => ({ ...fn(s), dirty: true }))
  return {
    schema: EMPTY_SCHEMA,
    scope: 'base',
    selectedKey: null,
    dirty: false,
    load: schema => set({ schema, scope: 'base', selectedKey: null, dirty: false }),
    setScope: scope => set({ scope, selectedKey: null }),
    addVariant: region => set(s => (s.schema.variants?.[region]
      ? { scope: region, selectedKey: null }
      : { schema: { ...s.schema, variants: { ...s.schema.variants, [region]: { fields: [], rules: [] } } }, scope: region, selectedKey: null, dirty: true })),
    select: key => set({ selectedKey: key }),
    addField: (type, index, typeLabel, optionLabel) => edit((s) => {
      const field = newField(type, takenKeys(s.schema), typeLabel, optionLabel)
      const fields = [...scopeParts(s.schema, s.scope).fields]
      fields.splice(Math.max(0, Math.min(index, fields.length)), 0, field)
      return { schema: withParts(s.schema, s.scope, { fields }), selectedKey: field.key }
    }),
    moveField: (from, to) => edit(s => ({ schema: withParts(s.schema, s.scope, { fields: moveItem(scopeParts(s.schema, s.scope).fields, from, to) }) })),
    updateField: (key, patch) => edit((s) => {
      const { fields } = scopeParts(s.schema, s.scope)
      const next = fields.map(f => (f.key === key ? dropUndefined({ ...f, ...patch }) : f))
      let schema = withParts(s.schema, s.scope, { fields: next })
      const renamed = patch.key !== undefined && patch.key !== key
      if (renamed) {
        schema = { ...schema, rules: renameInRules(schema.rules, key, patch.key!) }
        if (s.scope !== 'base') schema = withParts(schema, s.scope, { rules: renameInRules(scopeParts(schema, s.scope).rules, key, patch.key!) })
      }
      return { schema, selectedKey: renamed && s.selectedKey === key ? patch.key! : s.selectedKey }
    }),
    removeField: key => edit((s) => {
      const { fields } = scopeParts(s.schema, s.scope)
      return { schema: withParts(s.schema, s.scope, { fields: fields.filter(f => f.key !== key) }), selectedKey: s.selectedKey === key ? null : s.selectedKey }
    }),
    setRules: rules => edit(s => ({ schema: withParts(s.schema, s.scope, { rules }) })),
    markSaved: () => { if (get().dirty) set({ dirty: false }) },
  }
})

function dropUndefined(f: FieldDef): FieldDef {
  return Object.fromEntries(Object.entries(f).filter(([k, v]) => v !== undefined && (v !== '' || k === 'key'))) as unknown as FieldDef
}
