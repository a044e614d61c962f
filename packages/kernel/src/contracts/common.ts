import type { I18nText } from '../i18n.js'

/** A JSON Schema (draft 2020-12 / OpenAPI 3.1 subset) describing a contribution's configuration. */
export type JsonSchema = Record<string, unknown>

/** Fields every contribution that people see in the UI carries. */
export interface Labelled {
  label: I18nText
  description?: I18nText
  /** antd icon name or an SVG data URL; the designer shows it in palettes. */
  icon?: string
}
