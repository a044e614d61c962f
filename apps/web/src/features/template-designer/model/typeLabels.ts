// New fields get their type's name in both languages as label, whatever language the designer runs in.
export { default as ZH } from '../../../i18n/templates.zh-CN'
export { default as EN } from '../../../i18n/templates.en-US'
