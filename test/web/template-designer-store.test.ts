// The designer's editing store: renaming a key keeps the rules pointing at it, variants get their
// own fields and the keys stay unique across base and variants (what checkTemplate demands).
import { checkTemplate } from '@scrm/forms'
import { beforeEach, describe, expect, it } from 'vitest'
import { conditionToLogic } from '../../apps/web/src/features/template-designer/model/rules'
import { EMPTY_SCHEMA, scopeParts, useTemplateEditor } from '../../apps/web/src/features/template-designer/model/store'

const label = (zh: string) => ({ 'zh-CN': zh, 'en-US': zh })
const editor = () => useTemplateEditor.getState()

describe('template designer store', () => {
  beforeEach(() => editor().load(EMPTY_SCHEMA))

  it('adds at the drop position, moves, renames a key together with the rules that use it', () => {
    editor().addField('text', 0, label('单行文本'), n => label(`选项${n}`))
    editor().addField('select', 0, label('单选'), n => label(`选项${n}`))
    editor().addField('phone', 1, label('电话'), n => label(`选项${n}`))
    expect(editor().schema.fields.map(f => f.key)).toEqual(['select', 'phone', 'text'])
    expect(editor().selectedKey).toBe('phone')
    editor().moveField(2, 0)
    expect(editor().schema.fields.map(f => f.key)).toEqual(['text', 'select', 'phone'])

    editor().setRules([{ when: conditionToLogic({ field: 'select', op: '==', value: '选项2' }), then: [{ action: 'require', field: 'text' }] }])
    editor().updateField('select', { key: 'problemType' })
    editor().updateField('text', { key: 'faultDescription', required: undefined })
    expect(editor().schema.rules).toEqual([{ when: { '==': [{ var: 'problemType' }, '选项2'] }, then: [{ action: 'require', field: 'faultDescription' }] }])
    expect(editor().selectedKey).toBe('phone')
    expect(checkTemplate(editor().schema)).toEqual([])
    expect(editor().dirty).toBe(true)
  })

  it('edits a region variant apart from the base, with keys unique across both', () => {
    editor().addField('text', 0, label('单行文本'), n => label(`选项${n}`))
    editor().addVariant('华东')
    expect(editor().scope).toBe('华东')
    expect(scopeParts(editor().schema, '华东').fields).toEqual([])
    editor().addField('text', 0, label('单行文本'), n => label(`选项${n}`))
    expect(scopeParts(editor().schema, '华东').fields.map(f => f.key)).toEqual(['text2'])
    expect(editor().schema.fields.map(f => f.key)).toEqual(['text'])
    editor().removeField('text2')
    expect(editor().schema.variants?.华东?.fields).toEqual([])
    expect(checkTemplate(editor().schema)).toEqual([])
  })
})
