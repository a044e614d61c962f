import { useCallback, useMemo, useRef, useState } from 'react'
import { applyRules, validateValues, type FormState, type TemplateSchema, type ValidationResult } from '@scrm/forms'
import { useLocaleStore } from '../../i18n'
import { errorsByField } from './values'

export interface TicketFormModel {
  values: Record<string, unknown>
  state: FormState
  /** Messages by field key: shown for touched fields, and for all after the first submit. */
  errors: Record<string, string>
  setValues: (values: Record<string, unknown>) => void
  /** Validates everything (the same `validateValues` the server runs) and shows every error. */
  validate: () => ValidationResult
  /** Errors the server found (by field key), shown until that field changes. */
  setServerErrors: (errors: Record<string, string>) => void
}

/** State of one TicketForm: raw values, rule state and live validation. */
export function useTicketForm(schema: TemplateSchema, initial: Record<string, unknown> = {}, region?: string): TicketFormModel {
  const locale = useLocaleStore(s => s.locale)
  const [values, setRaw] = useState(initial)
  const [touched, setTouched] = useState<Set<string>>(new Set())
  const [submitted, setSubmitted] = useState(false)
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({})
  const state = useMemo(() => applyRules(schema, values, { region }), [schema, values, region])
  const result = useMemo(() => validateValues(schema, values, { region, state }), [schema, values, region, state])

  const errors = useMemo(() => {
    const all = errorsByField(result.errors, locale)
    const shown = Object.fromEntries(Object.entries(all).filter(([k]) => submitted || touched.has(k)))
    return { ...serverErrors, ...shown }
  }, [result, locale, submitted, touched, serverErrors])

  const current = useRef(values)
  const setValues = useCallback((next: Record<string, unknown>) => {
    const prev = current.current
    current.current = next
    const changed = Object.keys({ ...prev, ...next }).filter(k => prev[k] !== next[k])
    setRaw(next)
    setTouched(t => new Set([...t, ...changed]))
    // A server error is about the value it saw: editing the field clears it.
    setServerErrors(s => Object.fromEntries(Object.entries(s).filter(([k]) => !changed.includes(k))))
  }, [])

  const validate = useCallback(() => {
    setSubmitted(true)
    return result
  }, [result])

  return { values, state, errors, setValues, validate, setServerErrors }
}
