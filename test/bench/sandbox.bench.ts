import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import type { Socket } from 'node:net'
import { afterAll, bench, describe } from 'vitest'
// Relative import: test/package.json does not list @scrm/sandbox (owned elsewhere).
import { createSandbox, type SandboxIsolation } from '../../packages/sandbox/src/index.js'

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
const ISOLATIONS: SandboxIsolation[] = ['inline', 'process']
const sandboxes = Object.fromEntries(ISOLATIONS.map(isolation => [isolation, createSandbox({ isolation })]))
let hours = 0
const input = () => ({ ticket: { hours: (hours = (hours + 1) % 100) }, rate: 12000, urgent: hours % 2 === 0 })

// In-process floor: one bare isolated-vm applySync with a timeout, JSON in, string out, no sandbox logic.
const isolate = new ivm.Isolate({ memoryLimit: 32 })
const floorFn = isolate.createContextSync().evalSync(
  '(function (json) { const x = JSON.parse(json); return "=" + JSON.stringify(x.ticket.hours * x.rate + (x.urgent ? 5000 : 0)) })',
  { reference: true },
)
const floor = () => floorFn.applySync(undefined, [JSON.stringify(input())], { timeout: 50 })

// Cross-process floor: a line echoed by a bare child over a pipe like the sandbox's (no isolate,
// no JSON on the child side). What any process isolation pays before doing anything.
const echo = spawn(process.execPath, ['-e', 'const s = new (require("net").Socket)({ fd: 3 }); s.on("data", d => s.write(d)); s.on("end", () => process.exit())'],
  { stdio: ['ignore', 'inherit', 'inherit', 'pipe'] })
const echoPipe = echo.stdio[3] as Socket
let echoed: (() => void) | undefined
echoPipe.on('data', () => echoed?.())
const echoLine = `${JSON.stringify([1, 'e', FORMULA, JSON.stringify(input()), 'ticket,rate,urgent', 50, 32])}\n`
const pipeFloor = () => new Promise<void>((resolve) => {
  echoed = resolve
  echoPipe.write(echoLine)
})

afterAll(() => {
  for (const sandbox of Object.values(sandboxes)) sandbox.dispose()
  isolate.dispose()
  echo.kill()
})

/** tinybench 2 reports mean/p75 but no median: measure the median ourselves, per call. */
async function median(label: string, call: () => unknown, iterations: number, perCall = 1): Promise<void> {
  for (let i = 0; i < Math.min(iterations, 20_000); i++) await call()
  const times = new Float64Array(iterations)
  for (let i = 0; i < iterations; i++) {
    const start = performance.now()
    await call()
    times[i] = (performance.now() - start) / perCall
  }
  times.sort()
  const us = (q: number) => (times[Math.floor(iterations * q)] * 1000).toFixed(2)
  console.log(`[sandbox bench] ${label}: median ${us(0.5)} µs, p90 ${us(0.9)} µs, p99 ${us(0.99)} µs (n=${iterations}${perCall > 1 ? `, per call of ${perCall} concurrent` : ''})`)
}

const burst = (isolation: SandboxIsolation) => () => Promise.all(Array.from({ length: 100 }, () => sandboxes[isolation].evaluate(FORMULA, input())))

describe('sandbox', async () => {
  for (const isolation of ISOLATIONS) {
    const check = await sandboxes[isolation].evaluate(FORMULA, { ticket: { hours: 3 }, rate: 12000, urgent: true })
    if (!check.ok || check.value !== 41000) throw new Error(`formula broken: ${JSON.stringify(check)}`)
    // Both children up (process isolation boots them in the background).
    while ((sandboxes[isolation].stats().processes ?? 2) < 2) await new Promise(resolve => setTimeout(resolve, 20))
  }
  await median('bare ivm applySync floor', floor, 200_000)
  await median('bare pipe round trip to a child (process floor)', pipeFloor, 50_000)
  for (const isolation of ISOLATIONS) {
    await median(`${isolation}: evaluate (warm cache)`, () => sandboxes[isolation].evaluate(FORMULA, input()), isolation === 'inline' ? 200_000 : 50_000)
    await median(`${isolation}: evaluate, 100 concurrent`, burst(isolation), 2_000, 100)
    await median(`${isolation}: run script (fresh context)`, () => sandboxes[isolation].run(`return ${FORMULA}`, input()), 2_000)
  }

  for (const isolation of ISOLATIONS) {
    bench(`${isolation}: evaluate ${FORMULA}`, async () => {
      await sandboxes[isolation].evaluate(FORMULA, input())
    }, { time: 2_000 })

    bench(`${isolation}: run the same formula as a script (fresh context per run)`, async () => {
      await sandboxes[isolation].run(`return ${FORMULA}`, input())
    }, { time: 2_000 })
  }

  bench('bare isolated-vm applySync (floor)', () => {
    floor()
  }, { time: 2_000 })
})
