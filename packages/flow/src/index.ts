/**
 * @scrm/flow — the flow language shared by the server and the browser designer: IR types, JSON
 * Schemas, compile/decompile, validate, JSON Logic conditions, version diff, ISO-8601 durations.
 * Isomorphic by rule: no Node APIs, no dependencies.
 */

export * from './ir.js'
export type { LocalizedText } from './i18n.js'
export * from './schema.js'
export * from './conditions.js'
export * from './duration.js'
export * from './compile.js'
export { autoLayout, type Layout, type Position, type AutoLayoutOptions } from './layout.js'
export { hasErrors, type Diagnostic, type DiagnosticCode, type Severity } from './diagnostics.js'
export { validate, defaultParseScript, type ValidateOptions } from './validate.js'
export * from './diff.js'
export * from './examples.js'
export { OPERATORS, type OperatorSpec } from './operators.js'
