// Routing decisions per second with 1,000 agents and 20 rules.
// `npx vitest bench --run --config test/bench/vitest.bench.config.ts test/bench/routing`
// Results: docs/performance.md, "Routing".
import { bench, describe } from 'vitest'
import { type Decision, decide } from '../../plugins/routing/src/decide.js'
import { syntheticTenant } from '../../plugins/routing/src/synthetic.js'

const NOW = new Date('2025-06-02T02:00:00Z') // Monday 10:00 in Shanghai: half the agents have rotas

describe('routing decision (pure, in memory): 1,000 agents, 20 teams, 20 rules', () => {
  const t = syntheticTenant({ agents: 1000, teams: 20, rules: 20 })
  const tickets = Array.from({ length: 10_000 }, t.ticket)
  let i = 0
  const outcomes: Record<string, number> = {}
  const one = () => {
    const d = decide(t.snapshot, { ticket: tickets[i++ % tickets.length], now: NOW }) as Decision
    outcomes[d.outcome] = (outcomes[d.outcome] ?? 0) + 1
  }
  // Our own timing as well: tinybench's mean hides the steady rate behind warm-up and GC.
  for (let k = 0; k < 20_000; k++) one()
  // Wall clock and this process's CPU time: on a shared machine the second shows the work itself.
  const N = 100_000
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  for (let k = 0; k < N; k++) one()
  const ms = performance.now() - t0
  const cpu = process.cpuUsage(c0)
  const cpuMs = (cpu.user + cpu.system) / 1000
  console.log(`[routing bench] pure decide: ${N} decisions in ${ms.toFixed(0)} ms wall → ${(N / ms * 1000).toFixed(0)} decisions/s (${(ms / N * 1000).toFixed(1)} µs each); CPU ${cpuMs.toFixed(0)} ms → ${(N / cpuMs * 1000).toFixed(0)} decisions per CPU-second; outcomes ${JSON.stringify(outcomes)}`)

  bench('decide()', one, { time: 3000 })
})
