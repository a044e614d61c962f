import { Ajv } from 'ajv'
import { describe, expect, it } from 'vitest'
import { exampleFlows } from './examples.js'
import { CORE_NODE_TYPES } from './ir.js'
import { FLOW_SCHEMA_VOCABULARY, buildFlowIRSchema, coreNodeConfigSchemas, flowIRSchema } from './schema.js'

// What the server does: strict ajv, our annotation keywords declared.
const ajv = new Ajv({ strict: true, allErrors: true })
ajv.addVocabulary(FLOW_SCHEMA_VOCABULARY)
const structural = ajv.compile(flowIRSchema)
const strict = ajv.compile(buildFlowIRSchema())

describe('JSON Schemas', () => {
  it('cover every core node type, with bilingual labels', () => {
    expect(Object.keys(coreNodeConfigSchemas).sort()).toEqual([...CORE_NODE_TYPES].sort())
    for (const schema of Object.values(coreNodeConfigSchemas)) {
      expect(schema.type).toBe('object')
      expect(schema['x-label']?.['zh-CN']).toBeTruthy()
      expect(schema['x-label']?.['en-US']).toBeTruthy()
      expect(() => ajv.compile(schema)).not.toThrow()
    }
  })

  for (const [name, ir] of Object.entries(exampleFlows)) {
    it(`accept example ${name}`, () => {
      expect(structural(ir), JSON.stringify(structural.errors)).toBe(true)
      expect(strict(ir), JSON.stringify(strict.errors)).toBe(true)
    })
  }

  it('reject layout left in the IR and unknown outcomes', () => {
    const withLayout = { ...exampleFlows.vipRouting, nodes: [{ id: 's', type: 'start', position: { x: 0, y: 0 } }] }
    expect(structural(withLayout)).toBe(false)
    const badOn = { ...exampleFlows.vipRouting, edges: [{ id: 'e', from: 'a', to: 'b', on: 'approve' }] }
    expect(structural(badOn)).toBe(false)
  })

  it('strict schema checks node configs per type', () => {
    const flow = (config: unknown) => ({ key: 'k', version: 1, nodes: [{ id: 't', type: 'timer', config }], edges: [] })
    expect(strict(flow({ duration: 'PT2H' }))).toBe(true)
    expect(strict(flow({}))).toBe(false)
    expect(strict(flow({ duration: 'two hours' }))).toBe(false)
    // The structural schema leaves configs to validate(), which names node and field.
    expect(structural(flow({}))).toBe(true)
    const plugin = ajv.compile(buildFlowIRSchema({ robot: { type: 'object', required: ['script'], properties: { script: { type: 'string' } } } }))
    expect(plugin({ key: 'k', version: 1, nodes: [{ id: 'r', type: 'robot', config: {} }], edges: [] })).toBe(false)
  })
})
