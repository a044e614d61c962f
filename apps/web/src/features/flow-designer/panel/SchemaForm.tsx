import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import type { Diagnostic, JsonSchema } from '@scrm/flow'
import { Button, Card, Form, Input, InputNumber, Radio, Select, Switch } from 'antd'
import { createContext, useContext, type ReactNode } from 'react'
import { useLocaleStore, useT } from '../../../i18n'
import { itemDefaults } from '../model/defaults'
import { AssignRuleEditor } from './fields/AssignRuleEditor'
import { JsonInput, KeyValueEditor, TagsInput } from './fields/basic'
import { DurationInput, WarnAtInput } from './fields/DurationInput'
import { GatewayBranches, NodeRefSelect } from './fields/refs'
import { SlaEditor } from './fields/SlaEditor'
import styles from '../designer.module.css'

/** What every field of one node's form may need: the node and its located diagnostics. */
interface FormCtx { nodeId: string, diagnostics: Diagnostic[] }
const Ctx = createContext<FormCtx>({ nodeId: '', diagnostics: [] })

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const isEmpty = (v: unknown) => v === undefined || v === '' || (Array.isArray(v) && v.length === 0)

const childPath = (path: string, key: string) => (path ? `${path}.${key}` : key)

/** The config form of a node, generated from its type's JSON Schema and its `x-widget` hints. */
export function SchemaForm({ schema, value, onChange, nodeId, diagnostics }: {
  schema: JsonSchema, value: Obj | undefined, onChange: (v: Obj, key: string) => void, nodeId: string, diagnostics: Diagnostic[]
}) {
  return (
    <Ctx.Provider value={{ nodeId, diagnostics }}>
      <Form layout="vertical" component="div" size="middle">
        <ObjectFields schema={schema} value={value ?? {}} path="" onChange={onChange} />
      </Form>
    </Ctx.Provider>
  )
}

function ObjectFields({ schema, value, path, onChange }: { schema: JsonSchema, value: Obj, path: string, onChange: (v: Obj, key: string) => void }) {
  const set = (key: string, v: unknown) => {
    const next = { ...value }
    if (isEmpty(v)) delete next[key]
    else next[key] = v
    onChange(next, childPath(path, key))
  }
  return (
    <>
      {Object.entries(schema.properties ?? {}).map(([key, prop]) => (
        <Field
          key={key}
          name={key}
          schema={prop}
          required={schema.required?.includes(key) ?? false}
          value={value[key]}
          path={childPath(path, key)}
          onChange={v => set(key, v)}
        />
      ))}
    </>
  )
}

function Field({ name, schema, required, value, path, onChange }: {
  name: string, schema: JsonSchema, required: boolean, value: unknown, path: string, onChange: (v: unknown) => void
}) {
  const locale = useLocaleStore(s => s.locale)
  const { diagnostics } = useContext(Ctx)
  const label = schema['x-label']?.[locale] ?? name
  // A diagnostic about this field (or something inside it) marks the field.
  const mine = diagnostics.filter(d => d.field === path || d.field?.startsWith(`${path}.`) || d.field?.startsWith(`${path}[`))
  return (
    <Form.Item
      label={label}
      required={required}
      validateStatus={mine.some(d => d.severity === 'error') ? 'error' : mine.length ? 'warning' : undefined}
      help={mine.length ? mine.map(d => d.message[locale]).join(' ') : undefined}
      style={{ marginBottom: 12 }}
      data-testid={`field-${path}`}
    >
      <Editor name={name} schema={schema} value={value} path={path} onChange={onChange} />
    </Form.Item>
  )
}

function Editor({ name, schema, value, path, onChange }: { name: string, schema: JsonSchema, value: unknown, path: string, onChange: (v: unknown) => void }) {
  const t = useT()
  const { nodeId } = useContext(Ctx)
  const str = typeof value === 'string' ? value : ''
  switch (schema['x-widget']) {
    case 'assignRule': return <AssignRuleEditor value={value} onChange={onChange} />
    case 'duration': return <DurationInput value={str || undefined} onChange={onChange} />
    case 'percentOrDuration': return <WarnAtInput value={str || undefined} onChange={onChange} />
    case 'edgeRef': return <GatewayBranches nodeId={nodeId} value={value} onChange={onChange} />
    case 'nodeRef': return <NodeRefSelect value={value} onChange={onChange} />
    case 'expression': case 'condition': return <JsonInput value={value} onChange={onChange} lenient={schema['x-widget'] === 'expression'} />
    case 'textarea': return <Input.TextArea rows={3} value={str} onChange={e => onChange(e.target.value)} />
    case 'script': return <Input.TextArea className={styles.mono} rows={8} value={str} onChange={e => onChange(e.target.value)} spellCheck={false} />
    default: break
  }
  // A task's SLA (target + warning + escalation) gets its own editor.
  if (name === 'sla' && schema.properties?.target && schema.properties?.warnAt) return <SlaEditor value={value} onChange={onChange} />
  if (schema.enum) {
    const options = schema.enum.map(v => ({ value: v as string, label: String(v) }))
    return schema.enum.length <= 3
      ? <Radio.Group value={value ?? schema.default} options={options} optionType="button" size="small" onChange={e => onChange(e.target.value)} />
      : <Select allowClear value={value as string} options={options} onChange={v => onChange(v)} placeholder={t('designer.panel.select')} />
  }
  switch (schema.type) {
    case 'boolean': return <Switch checked={value === true || (value === undefined && schema.default === true)} onChange={onChange} />
    case 'integer': case 'number':
      return <InputNumber value={typeof value === 'number' ? value : null} min={schema.minimum} max={schema.maximum} precision={schema.type === 'integer' ? 0 : undefined} placeholder={schema.default !== undefined ? String(schema.default) : undefined} onChange={v => onChange(v ?? undefined)} style={{ width: '100%' }} />
    case 'string': return <Input value={str} onChange={e => onChange(e.target.value)} allowClear />
    case 'array':
      return schema.items?.type === 'object'
        ? <ObjectList name={name} schema={schema.items} value={value} path={path} onChange={onChange} />
        : <TagsInput value={value} onChange={onChange} />
    case 'object':
      if (schema.properties && Object.keys(schema.properties).length) {
        return <Nested><ObjectFields schema={schema} value={isObj(value) ? value : {}} path={path} onChange={v => onChange(Object.keys(v).length ? v : undefined)} /></Nested>
      }
      return <KeyValueEditor value={value} onChange={onChange} valueIsJson={typeof schema.additionalProperties === 'object' && schema.additionalProperties['x-widget'] === 'expression'} keyPrefix={schema.propertyNames?.pattern?.includes('vars') ? 'vars.' : ''} />
    default:
      return <JsonInput value={value} onChange={onChange} lenient />
  }
}

const Nested = ({ children }: { children: ReactNode }) => <div style={{ borderLeft: '2px solid #f0f0f0', paddingLeft: 10 }}>{children}</div>

/** A list of objects (an approval's levels): one card per item, add and remove. */
function ObjectList({ name, schema, value, path, onChange }: { name: string, schema: JsonSchema, value: unknown, path: string, onChange: (v: unknown) => void }) {
  const t = useT()
  const items = Array.isArray(value) ? value.filter(isObj) : []
  const title = (i: number) => (name === 'levels' ? t('designer.panel.level', { n: i + 1 }) : `#${i + 1}`)
  return (
    <div>
      {items.map((item, i) => (
        <Card
          key={i}
          size="small"
          title={title(i)}
          style={{ marginBottom: 8 }}
          extra={<Button size="small" type="text" icon={<DeleteOutlined />} aria-label={t('designer.panel.remove')} onClick={() => onChange(items.filter((_, j) => j !== i))} />}
        >
          <ObjectFields schema={schema} value={item} path={`${path}[${i}]`} onChange={v => onChange(items.map((x, j) => (j === i ? v : x)))} />
        </Card>
      ))}
      <Button size="small" icon={<PlusOutlined />} onClick={() => onChange([...items, itemDefaults(schema)])}>{t('designer.panel.add')}</Button>
    </div>
  )
}
