import { ArrowLeftOutlined } from '@ant-design/icons'
import { Alert, App, Button, Input, Modal, Result, Space, Spin, Tabs, Tag, Typography } from 'antd'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useNavigate, useParams } from 'react-router-dom'
import { resolveTemplate } from '@scrm/forms'
import { ApiError } from '../../../api/client'
import { errorMessage } from '../../../api/errors'
import { useLocaleStore, useT, type MessageKey } from '../../../i18n'
import { useAuthStore } from '../../../stores/auth'
import { templatesApi } from '../api'
import { clearDraft, loadDraft, saveDraft } from '../model/draft'
import { liveProblems, serverProblems, type EditorProblem } from '../model/problems'
import { EMPTY_SCHEMA, scopeParts, useTemplateEditor } from '../model/store'
import { ZH, EN } from '../model/typeLabels'
import styles from '../templates.module.css'
import { FieldPalette } from './FieldPalette'
import { FieldProperties } from './FieldProperties'
import { FormCanvas } from './FormCanvas'
import { PreviewPane } from './PreviewPane'
import { RulesEditor } from './RulesEditor'
import { ScopeBar } from './ScopeBar'
import { useTemplateData } from './useTemplateData'
import { VersionsPanel } from './VersionsPanel'

/** /templates/:id — design the fields and rules of a template, preview them, publish versions. */
export default function TemplateEditorPage() {
  const { id = '' } = useParams()
  const t = useT()
  const { message } = App.useApp()
  const navigate = useNavigate()
  const locale = useLocaleStore(s => s.locale)
  const tenantId = useAuthStore(s => s.tenant?.id ?? '')
  const isRegionManager = useAuthStore(s => s.user?.role === 'supervisor')
  const data = useTemplateData(id)
  const ed = useTemplateEditor()
  const [tab, setTab] = useState('props')
  const [draftNote, setDraftNote] = useState<string | null>(null)
  const [fromServer, setFromServer] = useState<EditorProblem[]>([])
  const [publishing, setPublishing] = useState<{ note: string } | null>(null)
  const [busy, setBusy] = useState(false)
  const loadedId = useRef<string | null>(null)

  // Start from this browser's draft when it was made on top of the current version.
  useEffect(() => {
    if (data.status !== 'ready' || !data.info) return
    const draft = loadDraft(tenantId, id)
    const schema = draft && draft.basedOn === data.info.currentVersion ? draft.schema : data.schema ?? EMPTY_SCHEMA
    // After publishing, stay on the region variant being edited.
    const scope = loadedId.current === id ? useTemplateEditor.getState().scope : 'base'
    ed.load(schema)
    if (scope !== 'base' && schema.variants?.[scope]) ed.setScope(scope)
    loadedId.current = id
    setDraftNote(schema === draft?.schema ? draft.savedAt : null)
    setFromServer([])
    // Only new server data (or another template) resets the editor, not every store change.
  }, [data.status, data.info?.currentVersion, id, tenantId])

  const problems = useMemo(() => [...liveProblems(ed.schema, locale), ...fromServer], [ed.schema, locale, fromServer])
  const here = problems.filter(p => p.scope === ed.scope)
  const { fields, rules } = scopeParts(ed.schema, ed.scope)
  const ruleFields = ed.scope === 'base' ? fields : resolveTemplate(ed.schema, ed.scope).fields
  const selected = fields.find(f => f.key === ed.selectedKey)
  const selectedIndex = selected ? fields.indexOf(selected) : -1

  if (data.status === 'loading') return <Spin size="large" style={{ display: 'block', margin: '20vh auto' }} />
  if (data.status === 'error' || !data.info) {
    const notFound = data.error instanceof ApiError && data.error.status === 404
    return <Result status={notFound ? '404' : 'error'} title={notFound ? t('tpl.editor.notFound') : errorMessage(data.error, t)} extra={<Button onClick={() => navigate('/templates')}>{t('tpl.editor.back')}</Button>} />
  }
  const info = data.info

  const addField = (type: Parameters<typeof ed.addField>[0], index: number) => {
    ed.addField(type, index, { 'zh-CN': ZH[`tpl.type.${type}`], 'en-US': EN[`tpl.type.${type}`] }, n => ({ 'zh-CN': `${ZH['tpl.option.sample']}${n}`, 'en-US': `${EN['tpl.option.sample']} ${n}` }))
    setTab('props')
    setFromServer([])
  }

  const onSaveDraft = () => {
    const savedAt = new Date().toISOString()
    if (saveDraft(tenantId, id, { schema: ed.schema, basedOn: info.currentVersion, savedAt })) {
      ed.markSaved()
      setDraftNote(savedAt)
      message.success(t('tpl.editor.draftSaved'))
    }
    else message.error(t('tpl.editor.draftFailed'))
  }

  const onPublish = async (note: string) => {
    setBusy(true)
    try {
      const v = await templatesApi.publish(id, { schema: ed.schema, note: note || undefined, expectedVersion: info.currentVersion })
      clearDraft(tenantId, id)
      setPublishing(null)
      message.success(t('tpl.editor.published', { version: v.version }))
      await data.reload()
      setTab('versions')
    }
    catch (e) {
      const placed = serverProblems(e, locale)
      setFromServer(placed)
      setPublishing(null)
      const stale = e instanceof ApiError && e.status === 409
      message.error(stale ? t('tpl.editor.stale') : t('tpl.editor.publishFailed', { message: errorMessage(e, t) }))
      const first = placed[0]
      if (first) {
        ed.setScope(first.scope)
        const f = first.fieldIndex !== undefined ? scopeParts(ed.schema, first.scope).fields[first.fieldIndex] : undefined
        if (f) ed.select(f.key)
        setTab(first.ruleIndex !== undefined ? 'rules' : 'props')
      }
    }
    finally { setBusy(false) }
  }

  const countBadge = (key: MessageKey, n: number) => (n ? `${t(key)} (${n})` : t(key))

  return (
    <div className={styles.editor} data-testid="template-editor">
      <div className={styles.toolbar}>
        <Space wrap>
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/templates')} aria-label={t('tpl.editor.back')} />
          <Typography.Title level={4} style={{ margin: 0 }}>{info.name[locale]}</Typography.Title>
          <code>{info.key}</code>
          <Tag color={info.currentVersion ? 'green' : 'default'} data-testid="current-version">
            {info.currentVersion ? t('tpl.versions.label', { version: info.currentVersion }) : t('tpl.status.unpublished')}
          </Tag>
          {ed.dirty && <Tag color="orange" data-testid="dirty">{t('tpl.editor.unsaved')}</Tag>}
        </Space>
        <Space wrap>
          <ScopeBar schema={ed.schema} scope={ed.scope} regions={data.regions} onScope={ed.setScope} onAddVariant={ed.addVariant} />
          <Button data-testid="save-draft" onClick={onSaveDraft}>{t('tpl.editor.saveDraft')}</Button>
          <Button type="primary" data-testid="publish" loading={busy} onClick={() => setPublishing({ note: '' })}>{t('tpl.editor.publish')}</Button>
        </Space>
      </div>
      {draftNote && (
        <Alert
          type="info"
          showIcon
          className={styles.banner}
          data-testid="draft-banner"
          title={t('tpl.editor.draftFrom', { time: new Date(draftNote).toLocaleString() })}
          action={<Button size="small" onClick={() => { clearDraft(tenantId, id); setDraftNote(null); ed.load(data.schema ?? EMPTY_SCHEMA) }}>{t('tpl.editor.discardDraft')}</Button>}
        />
      )}
      {isRegionManager && <Alert type="info" showIcon className={styles.banner} title={t('tpl.editor.regionManager')} />}
      {problems.length > 0 && (
        <Alert type="warning" showIcon className={styles.banner} data-testid="problems-banner" title={t('tpl.editor.problems', { count: problems.length })} />
      )}
      <div className={styles.body}>
        <FieldPalette onAdd={type => addField(type, fields.length)} />
        <FormCanvas
          fields={fields}
          selectedKey={ed.selectedKey}
          problems={here}
          onSelect={(key) => { ed.select(key); setTab('props') }}
          onAdd={addField}
          onMove={ed.moveField}
          onRemove={ed.removeField}
        />
        <div className={styles.side}>
          <Tabs
            activeKey={tab}
            onChange={setTab}
            items={[
              { key: 'props', label: <span data-testid="tab-props">{t('tpl.tab.props')}</span>, children: <FieldProperties field={selected} problems={here.filter(p => p.fieldIndex === selectedIndex)} onChange={patch => selected && ed.updateField(selected.key, patch)} onRemove={() => selected && ed.removeField(selected.key)} /> },
              { key: 'rules', label: <span data-testid="tab-rules">{countBadge('tpl.tab.rules', rules.length)}</span>, children: <RulesEditor rules={rules} fields={ruleFields} problems={here} onChange={ed.setRules} /> },
              { key: 'preview', label: <span data-testid="tab-preview">{t('tpl.tab.preview')}</span>, children: <PreviewPane schema={ed.schema} region={ed.scope === 'base' ? undefined : ed.scope} /> },
              { key: 'versions', label: <span data-testid="tab-versions">{countBadge('tpl.tab.versions', data.versions.length)}</span>, children: <VersionsPanel versions={data.versions} currentVersion={info.currentVersion} onOpen={(schema) => { ed.load(schema); setTab('props') }} /> },
            ]}
          />
        </div>
      </div>
      <Modal
        open={publishing !== null}
        title={t('tpl.publish.title', { version: info.currentVersion + 1 })}
        okText={t('tpl.editor.publish')}
        okButtonProps={{ loading: busy, id: 'publish-confirm' }}
        cancelText={t('tpl.publish.cancel')}
        onOk={() => onPublish(publishing?.note ?? '')}
        onCancel={() => setPublishing(null)}
      >
        <Typography.Paragraph>{t('tpl.publish.explain')}</Typography.Paragraph>
        <Input.TextArea
          data-testid="publish-note"
          placeholder={t('tpl.publish.note')}
          maxLength={500}
          value={publishing?.note ?? ''}
          onChange={e => setPublishing({ note: e.target.value })}
        />
      </Modal>
    </div>
  )
}
