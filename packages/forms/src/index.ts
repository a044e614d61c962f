/**
 * @scrm/forms — ticket template schemas, field validation and dynamic rules. Isomorphic (no Node
 * APIs) so the browser form and the server agree on every value.
 */
export * from './types.js'
export { applyRules, isEmpty } from './rules.js'
export { checkTemplate, resolveTemplate, type TemplateProblem } from './template.js'
export { validateValues, type ValidateOptions } from './validate.js'
export { FIELD_VALIDATORS, type Check, type FieldValidator } from './field-types.js'
export { message } from './messages.js'
export { type CnPhone, formatPhone, maskPhone, parseCnPhone, parsePhone, type ParsedPhone, type PhoneKind } from './phone.js'
export { invalidRegionLevel, regionChildren, regionTree, type RegionNode } from './regions.js'
export { afterSalesTemplate, courseTrialTemplate, returnsTemplate } from './examples.js'
