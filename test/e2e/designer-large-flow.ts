// A generated 500-node flow in the designer's export format (IR + grid layout), for the
// performance part of the designer browser test.

const VIP = { '==': [{ var: 'customer.tier' }, 'VIP'] }

/** start → blocks of (gateway → VIP task | normal task → merge) → end, `total` nodes in all. */
export function largeFlowFile(total = 500) {
  const nodes: Array<Record<string, unknown> & { id: string }> = [{ id: 'start', type: 'start', name: '开始' }]
  const edges: Array<Record<string, unknown>> = []
  let prev = 'start'
  for (let i = 0; nodes.length + 4 <= total - 1; i++) {
    const [g, a, b, m] = [`g${i}`, `a${i}`, `b${i}`, `m${i}`]
    nodes.push(
      { id: g, type: 'exclusive', name: `判断 ${i}`, config: { default: `${g}-b` } },
      { id: a, type: 'userTask', name: `VIP 处理 ${i}`, config: { assign: { role: 'agent' } } },
      { id: b, type: 'userTask', name: `普通处理 ${i}`, config: { assign: { team: 'agents' } } },
      { id: m, type: 'exclusive', name: `汇合 ${i}` },
    )
    edges.push(
      { id: `${prev}-${g}`, from: prev, to: g },
      { id: `${g}-a`, from: g, to: a, when: VIP },
      { id: `${g}-b`, from: g, to: b },
      { id: `${a}-${m}`, from: a, to: m },
      { id: `${b}-${m}`, from: b, to: m },
    )
    prev = m
  }
  while (nodes.length < total - 1) {
    const id = `t${nodes.length}`
    nodes.push({ id, type: 'userTask', name: `任务 ${id}`, config: { assign: { role: 'agent' } } })
    edges.push({ id: `${prev}-${id}`, from: prev, to: id })
    prev = id
  }
  nodes.push({ id: 'end', type: 'end', name: '结束' })
  edges.push({ id: `${prev}-end`, from: prev, to: 'end' })
  // A 25-column grid, as a designer-saved layout would be (no auto-layout on open).
  const layout = Object.fromEntries(nodes.map((n, k) => [n.id, { x: (k % 25) * 240, y: Math.floor(k / 25) * 120 }]))
  return { format: 'scrm-flow', formatVersion: 1, key: 'large-500', name: '500 节点流程', ir: { key: 'large-500', version: 1, nodes, edges }, layout }
}
