import {
  ArrowLeftOutlined, CheckCircleOutlined, CloseCircleOutlined, CopyOutlined, DeleteOutlined, DownloadOutlined,
  ExpandOutlined, HistoryOutlined, ImportOutlined, NodeIndexOutlined, RedoOutlined, SaveOutlined, SendOutlined,
  SnippetsOutlined, UndoOutlined, WarningOutlined,
} from '@ant-design/icons'
import { Button, Divider, Space, Tag, Tooltip, Typography } from 'antd'
import type { ReactNode } from 'react'
import { useNavigate } from 'react-router-dom'
import { useT, type MessageKey } from '../../../i18n'
import { StatusTag } from '../list/FlowListPage'
import { isDirty } from '../model/actions'
import { designer, useDesigner } from '../model/store'
import { useDesignerUi } from '../model/ui'
import { useValidation } from '../model/validation'
import styles from '../designer.module.css'

export interface ToolbarActions {
  save: () => void
  publish: () => void
  layout: () => void
  fit: () => void
  importFile: () => void
  exportFile: () => void
  copy: () => void
  rename: (name: string) => void
  busy: 'save' | 'publish' | 'layout' | null
}

function IconButton({ title, icon, onClick, disabled, testId }: { title: MessageKey, icon: ReactNode, onClick: () => void, disabled?: boolean, testId: string }) {
  const t = useT()
  return (
    <Tooltip title={t(title)}>
      <Button type="text" icon={icon} onClick={onClick} disabled={disabled} aria-label={t(title)} data-testid={testId} />
    </Tooltip>
  )
}

export function Toolbar({ a }: { a: ToolbarActions }) {
  const t = useT()
  const navigate = useNavigate()
  const flow = useDesigner(s => s.flow)
  const canUndo = useDesigner(s => s.past.length > 0)
  const canRedo = useDesigner(s => s.future.length > 0)
  const dirty = useDesigner(isDirty)
  const count = useDesigner(s => s.nodes.length)
  const errors = useValidation(s => s.errors)
  const warnings = useValidation(s => s.warnings)
  if (!flow) return null
  const problems = errors || warnings
    ? <>{errors ? <CloseCircleOutlined style={{ color: '#ff4d4f' }} /> : <WarningOutlined style={{ color: '#faad14' }} />} {t('designer.toolbar.problems', { errors, warnings })}</>
    : <><CheckCircleOutlined style={{ color: '#52c41a' }} /> {t('designer.toolbar.noProblems')}</>

  return (
    <div className={styles.toolbar} data-testid="designer-toolbar">
      <IconButton title="designer.toolbar.back" icon={<ArrowLeftOutlined />} onClick={() => navigate('/flows')} testId="back" />
      <Typography.Text className={styles.toolbarTitle} editable={{ onChange: a.rename, maxLength: 200 }} data-testid="flow-name">{flow.name}</Typography.Text>
      <StatusTag flow={flow} />
      <Tag variant="filled" color={dirty ? 'orange' : 'default'} data-testid="dirty-state">{t(dirty ? 'designer.toolbar.unsaved' : 'designer.toolbar.saved')}</Tag>
      <Divider orientation="vertical" />
      <Space size={0}>
        <IconButton title="designer.toolbar.undo" icon={<UndoOutlined />} onClick={designer.undo} disabled={!canUndo} testId="undo" />
        <IconButton title="designer.toolbar.redo" icon={<RedoOutlined />} onClick={designer.redo} disabled={!canRedo} testId="redo" />
        <IconButton title="designer.toolbar.copy" icon={<CopyOutlined />} onClick={a.copy} testId="copy" />
        <IconButton title="designer.toolbar.paste" icon={<SnippetsOutlined />} onClick={designer.paste} testId="paste" />
        <IconButton title="designer.toolbar.delete" icon={<DeleteOutlined />} onClick={designer.deleteSelection} testId="delete" />
        <IconButton title="designer.toolbar.layout" icon={<NodeIndexOutlined />} onClick={a.layout} disabled={a.busy === 'layout'} testId="auto-layout" />
        <IconButton title="designer.toolbar.fit" icon={<ExpandOutlined />} onClick={a.fit} testId="fit-view" />
        <IconButton title="designer.toolbar.import" icon={<ImportOutlined />} onClick={a.importFile} testId="import" />
        <IconButton title="designer.toolbar.export" icon={<DownloadOutlined />} onClick={a.exportFile} testId="export" />
      </Space>
      <div className={styles.spacer} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('designer.toolbar.nodes', { count })}</Typography.Text>
      <Button type="text" size="small" onClick={() => useDesignerUi.setState({ tab: 'problems' })} data-testid="problems-summary">{problems}</Button>
      <Button icon={<HistoryOutlined />} onClick={() => useDesignerUi.setState({ versionsOpen: true })} data-testid="versions">{t('designer.toolbar.versions')}</Button>
      <Button icon={<SaveOutlined />} onClick={a.save} loading={a.busy === 'save'} disabled={!dirty} data-testid="save">{t('designer.toolbar.save')}</Button>
      <Tooltip title={errors ? t('designer.toolbar.publishBlocked', { count: errors }) : undefined}>
        <Button type="primary" icon={<SendOutlined />} onClick={a.publish} loading={a.busy === 'publish'} disabled={errors > 0} data-testid="publish">
          {t('designer.toolbar.publish')}
        </Button>
      </Tooltip>
    </div>
  )
}
