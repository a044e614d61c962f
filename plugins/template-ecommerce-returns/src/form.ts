import type { IndustryBundle } from '@scrm/plugin-industry'

type Template = IndustryBundle['templates'][number]
const t = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en })
const opts = (...pairs: Array<[string, string]>) => pairs.map(([value, en]) => ({ value, label: t(value, en) }))

/** 退换货申请: order number (EC + 12 digits), reason (其他 asks for details), amount in fen, photos. */
export const returnForm: Template = {
  key: 'ecommerce-return-form',
  name: t('退换货申请', 'Return / exchange request'),
  schema: {
    fields: [
      { key: 'orderNo', type: 'text', label: t('订单号', 'Order no.'), required: true, pattern: 'EC\\d{12}' },
      { key: 'reason', type: 'select', label: t('退换原因', 'Reason'), required: true, options: opts(['质量问题', 'Quality problem'], ['发错货', 'Wrong item'], ['尺码不合适', 'Wrong size'], ['七天无理由', '7-day no-reason return'], ['其他', 'Other']) },
      { key: 'reasonDetail', type: 'textarea', label: t('原因说明', 'Details'), hidden: true, maxLength: 1000 },
      { key: 'amountFen', type: 'money', label: t('退款金额(分)', 'Amount (fen)'), required: true, min: 1 },
      { key: 'exchangeSku', type: 'text', label: t('换货规格', 'Exchange for'), hidden: true, maxLength: 100 },
      { key: 'photos', type: 'attachment', label: t('商品照片', 'Photos'), max: 6 },
      { key: 'returnTrackingNo', type: 'text', label: t('退货物流单号', 'Return tracking no.'), maxLength: 40 },
      { key: 'contactPhone', type: 'phone', label: t('联系电话', 'Phone'), required: true, phoneKind: 'mobile' },
    ],
    rules: [
      { id: 'other-needs-detail', when: { '==': [{ var: 'reason' }, '其他'] }, then: [{ action: 'show', field: 'reasonDetail' }, { action: 'require', field: 'reasonDetail' }] },
      { id: 'size-shows-sku', when: { '==': [{ var: 'reason' }, '尺码不合适'] }, then: [{ action: 'show', field: 'exchangeSku' }] },
    ],
  },
}
