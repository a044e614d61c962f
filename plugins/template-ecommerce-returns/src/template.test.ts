import { bundleProblems } from '@scrm/plugin-industry'
import { describe, expect, it } from 'vitest'
import { ecommerceReturns } from './template.js'

describe('电商退换货 template data', () => {
  it('passes flow validate, the forms checks and its own references', () => {
    expect(bundleProblems(ecommerceReturns.bundle)).toEqual([])
  })
})
