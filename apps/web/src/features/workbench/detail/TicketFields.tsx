import { Card, Descriptions, Empty, Typography } from 'antd'
import { useT } from '../../../i18n'
import type { Attachment, TicketView } from '../api'
import { usePick } from '../text'
import { FieldValue } from './FieldValue'

/**
 * The fields of the ticket's OWN template version (an older ticket keeps its old form), in the
 * version's order, leaving out what its rules hide for these values.
 */
export function TicketFields({ ticket, attachments, columns }: { ticket: TicketView, attachments: Attachment[], columns: number }) {
  const t = useT()
  const pickText = usePick()
  const tpl = ticket.template
  const fields = tpl ? tpl.form.fields.filter(f => tpl.state[f.key]?.visible !== false) : []
  return (
    <Card title={t('workbench.detail.fields')} size="small" data-testid="ticket-fields"
      extra={tpl && <Typography.Text type="secondary">{t('workbench.detail.templateVersion', { version: tpl.version })}</Typography.Text>}>
      {ticket.description && (
        <div style={{ marginBottom: 12 }}>
          <Typography.Text type="secondary">{t('workbench.detail.description')}</Typography.Text>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid="ticket-description">{ticket.description}</Typography.Paragraph>
        </div>
      )}
      {fields.length
        ? (
            <Descriptions size="small" bordered column={columns}
              items={fields.map(f => ({ key: f.key, label: pickText(f.label), children: <FieldValue field={f} value={ticket.fields[f.key]} attachments={attachments} /> }))} />
          )
        : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workbench.detail.noTemplate')} />}
    </Card>
  )
}
