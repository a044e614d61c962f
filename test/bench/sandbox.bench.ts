import { createRequire } from 'node:module'
import { afterAll, bench, describe } from 'vitest'
// Relative import: test/package.json does not list @scrm/sandbox (owned elsewhere).
import { createSandbox } from '../../packages/sandbox/src/index.js'

// isolated-vm is a dependency of the sandbox package only; load it from there (typed by hand:
// its declarations are not resolvable from test/).
interface FloorIvm {
  Isolate: new (options: { memoryLimit: number }) => {
    createContextSync(): { evalSync(code: string, options: { reference: true }): { applySync(self: undefined, args: unknown[], options: { timeout: number }): unknown } }
    dispose(): void
  }
}
const ivm = createRequire(new URL('../../packages/sandbox/package.json', import.meta.url))('isolated-vm') as FloorIvm

const FORMULA = 'ticket.hours * rate + (urgent ? 5000 : 0)'
const sandbox = createSandbox()
let hours = 0
const input = () => ({ ticket: { hours: (hours = (hours + 1) % 100) }, rate: 12000, urgent: hours % 2 === 0 })

// The floor: one bare isolated-vm applySync with a timeout, JSON in, string out, no sandbox logic.
const isolate = new ivm.Isolate({ memoryLimit: 32 })
const floorFn = isolate.createContextSync().evalSync(
  '(function (json) { const x = JSON.parse(json); return "=" + JSON.stringify(x.ticket.hours * x.rate + (x.urgent ? 5000 : 0)) })',
  { reference: true },
)
const floor = () => floorFn.applySync(undefined, [JSON.stringify(input())], { timeout: 50 })

afterAll(() => {
  sandbox.dispose()
  isolate.dispose()
})

/** tinybench 2 reports mean/p75 but no median: measure the median ourselves, per call. */
async function median(label: string, call: () => unknown, iterations: number): Promise<void> {
  for (let i = 0; i < Math.min(iterations, 20_000); i++) await call()
  const times = new Float64Array(iterations)
  for (let i = 0; i < iterations; i++) {
    const start = performance.now()
    await call()
    times[i] = performance.now() - start
  }
  times.sort()
  const us = (q: number) => (times[Math.floor(iterations * q)] * 1000).toFixed(2)
  console.log(`[sandbox bench] ${label}: median ${us(0.5)} µs, p90 ${us(0.9)} µs, p99 ${us(0.99)} µs (n=${iterations})`)
}

describe('sandbox', async () => {
  const check = await sandbox.evaluate(FORMULA, { ticket: { hours: 3 }, rate: 12000, urgent: true })
  if (!check.ok || check.value !== 41000) throw new Error(`formula broken: ${JSON.stringify(check)}`)
  await median('evaluate (warm cache)', () => sandbox.evaluate(FORMULA, input()), 200_000)
  await median('bare ivm applySync floor', floor, 200_000)
  await median('run script (fresh context)', () => sandbox.run(`return ${FORMULA}`, input()), 2_000)

  bench('evaluate: ticket.hours * rate + (urgent ? 5000 : 0)', async () => {
    await sandbox.evaluate(FORMULA, input())
  }, { time: 2_000 })

  bench('bare isolated-vm applySync (floor)', () => {
    floor()
  }, { time: 2_000 })

  bench('run: same formula as a script (fresh context per run)', async () => {
    await sandbox.run(`return ${FORMULA}`, input())
  }, { time: 2_000 })
})
