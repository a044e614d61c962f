import { bundleProblems } from '@scrm/plugin-industry'
import { describe, expect, it } from 'vitest'
import { applianceRepair } from './template.js'

describe('家电售后 template data', () => {
  it('passes flow validate, the forms checks and its own references', () => {
    expect(bundleProblems(applianceRepair.bundle)).toEqual([])
  })

  it('ships the three types on one form; repairs and installs run the flow', () => {
    expect(applianceRepair.bundle.ticketTypes.map(t => [t.key, t.flow ?? null])).toEqual([
      ['appliance-repair', 'appliance-repair-flow'], ['appliance-install', 'appliance-repair-flow'], ['appliance-consult', null],
    ])
  })
})
