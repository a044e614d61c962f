import { bundleProblems } from '@scrm/plugin-industry'
import { describe, expect, it } from 'vitest'
import { cateringComplaints } from './template.js'

describe('餐饮投诉 template data', () => {
  it('passes flow validate, the forms checks and its own references', () => {
    expect(bundleProblems(cateringComplaints.bundle)).toEqual([])
  })
})
