/**
 * Entry of a sandbox child process (forked by ProcessEngine with --no-node-snapshot). It runs the
 * same InlineEngine the host would, so an allocation that makes V8 abort kills only this process;
 * the host notices the exit, answers the requests that were in flight and forks a new child.
 */
import { Socket } from 'node:net'
import type { Reply } from '../engine.js'
import { InlineEngine } from '../inline.js'
import { CHECKED, CHILD_FD, type ChildConfig, FAILURE, LineWriter, READY, readLines, REPLY, type Request, STATS, THREW } from './protocol.js'

const config = JSON.parse(process.argv[2] ?? '{}') as ChildConfig
// No onCatastrophicError on purpose: with a handler, isolated-vm parks the thread that ran out of
// memory forever instead of aborting (the call never returns, and on the synchronous path that
// thread is our main thread), and process.exit() from the handler deadlocks on that thread.
// Without one, V8 aborts at once with its OOM report on stderr, which the host reads as `memory`.
const engine = new InlineEngine({ poolSize: config.poolSize, cacheSize: config.cacheSize })

const channel = new Socket({ fd: CHILD_FD, readable: true, writable: true })
const out = new LineWriter(channel)
// The host went away (or closed the pipe to stop us): nothing left to serve.
channel.on('end', () => process.exit(0))
channel.on('error', () => process.exit(0))
process.on('disconnect', () => process.exit(0))

let lastStats = ''

/** Stats ride along only when they change, and before the reply, so the host's stats() are current when a call resolves. */
function sendStats(): void {
  const { isolates, replacedIsolates, quarantined } = engine.stats()
  const key = `${isolates},${replacedIsolates},${quarantined}`
  if (key === lastStats) return
  lastStats = key
  out.write([0, STATS, isolates, replacedIsolates, quarantined])
}

function reply(id: number, value: Reply): void {
  sendStats()
  out.write(typeof value === 'string' ? [id, REPLY, value] : [id, FAILURE, value.code, value.message])
}

function threw(id: number, err: unknown): void {
  sendStats()
  out.write([id, THREW, err instanceof Error ? err.message : String(err)])
}

function handle(line: string): void {
  const [id, op, source, json, names, timeoutMs, memoryMb] = JSON.parse(line) as Request
  const limits = { timeoutMs, memoryMb }
  try {
    if (op === 'e') {
      const value = engine.evaluate(source, names, json, limits)
      if (value instanceof Promise) value.then(v => reply(id, v), err => threw(id, err))
      else reply(id, value)
    }
    else if (op === 'r') {
      engine.run(source, json, limits).then(v => reply(id, v), err => threw(id, err))
    }
    else {
      engine.check(source, op === 'x' ? 'expression' : 'script', limits)
        .then((syntax) => { sendStats(); out.write([id, CHECKED, syntax ?? null]) }, err => threw(id, err))
    }
  }
  catch (err) { threw(id, err) }
}

// Warm up before announcing readiness: the first real call (often the one retried after a crash)
// should not also pay for the isolate, its frozen expression context, a script context, or ICU's
// locale data (loaded once per process; a first zh-CN format alone can eat a 50 ms limit).
const warm = { timeoutMs: 5_000, memoryMb: config.limits.memoryMb }
const ICU = '[new Intl.NumberFormat("zh-CN", { style: "currency", currency: "CNY" }).format(1), new Date(0).toLocaleString("zh-CN"), "工单".localeCompare("工")]'
try {
  engine.evaluate(ICU, '', '{}', warm)
  await engine.run('return 0', '{}', warm)
}
catch {} // no isolate yet is not fatal here; the real call will report it
readLines(channel, handle)
sendStats()
out.write([0, READY])
