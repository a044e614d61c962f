import { PluginError } from './errors.js'

interface Node {
  name: string
  dependsOn?: string[]
}

/**
 * Orders plugins so that each comes after everything it depends on. `known` lists plugins that
 * are already loaded (dependencies may point at them). Ties keep the given order, so start-up is
 * deterministic.
 */
export function loadOrder<T extends Node>(plugins: T[], known: Iterable<string> = []): T[] {
  const byName = new Map<string, T>()
  for (const p of plugins) {
    if (byName.has(p.name))
      throw new PluginError(`plugin "${p.name}" is defined twice`, [p.name])
    byName.set(p.name, p)
  }
  const loaded = new Set(known)
  for (const p of plugins) {
    const missing = (p.dependsOn ?? []).filter(d => !byName.has(d) && !loaded.has(d))
    if (missing.length)
      throw new PluginError(`plugin "${p.name}" depends on missing plugin${missing.length > 1 ? 's' : ''} ${missing.map(m => `"${m}"`).join(', ')}`, [p.name, ...missing])
  }

  const order: T[] = []
  const state = new Map<string, 'visiting' | 'done'>()
  const visit = (p: T, path: string[]) => {
    const s = state.get(p.name)
    if (s === 'done') return
    if (s === 'visiting') {
      const cycle = [...path.slice(path.indexOf(p.name)), p.name]
      throw new PluginError(`plugin dependency cycle: ${cycle.join(' → ')}`, cycle.slice(0, -1))
    }
    state.set(p.name, 'visiting')
    for (const dep of p.dependsOn ?? []) {
      const d = byName.get(dep)
      if (d) visit(d, [...path, p.name])
    }
    state.set(p.name, 'done')
    order.push(p)
  }
  for (const p of plugins) visit(p, [])
  return order
}
