import { type ChildProcess, fork } from 'node:child_process'
import type { Socket } from 'node:net'
import type { Limits } from '../engine.js'
import { CHECKED, CHILD_FD, CHILD_STDIO, FAILURE, LineWriter, type Op, READY, readLines, REPLY, type Response, STATS, THREW } from './protocol.js'

/**
 * How long past its own time limit a call may go unanswered before the child counts as hung.
 * It covers what the limit does not: queueing in the child, compiling, creating an isolate or a
 * context, a slow machine. A false alarm costs a restart, a missed one only a later answer.
 */
export const GRACE_MS = 1_000

/** One call on its way through a child. `resolve` gets a Reply (run, evaluate) or the syntax message (check). */
export interface Job {
  op: Op
  source: string
  json: string
  names: string
  limits: Limits
  resolve: (value: unknown) => void
  reject: (err: Error) => void
  /** Runs alone on a child: it was in flight beside others when their child crashed. */
  solo: boolean
  retried: boolean
}

/** `deadline` on performance.now()'s clock. */
export interface Flight { job: Job, deadline: number, timedOut: boolean }

/** Why a child died: `memory` when V8 reported running out of heap before aborting. */
export interface Death { memory: boolean, reason: string, wasReady: boolean, livedMs: number }

export interface ChildEvents {
  ready(child: Child): void
  /** A call finished, so the child has room for the next. */
  done(child: Child): void
  /** The child is gone; `flights` were in flight on it and are not settled yet. */
  exit(child: Child, flights: Flight[], death: Death): void
}

// What V8 prints before aborting over the heap: isolated-vm's OOM report or Node's, and the
// CHECK on a too-large array or table.
const OOM = /is_heap_oom = 1|CALL_AND_RETRY_LAST|heap out of memory|out-of-memory|Allocation failed|invalid size error|invalid table size|invalid array length/i

/** One forked child process and the calls in flight on it. The supervisor (ProcessEngine) decides what goes where. */
export class Child {
  readonly inFlight = new Map<number, Flight>()
  state: 'starting' | 'ready' | 'dead' = 'starting'
  stats = { isolates: 0, replacedIsolates: 0, quarantined: 0 }
  /** A solo job is in flight: nothing else may join it. */
  soloBusy = false
  private readonly process: ChildProcess
  private readonly channel: Socket
  private readonly out: LineWriter
  private readonly startedAt = Date.now()
  private nextId = 1
  /** Sum of the time limits in flight: a new call may have to wait for all of them. */
  private budgetMs = 0
  /**
   * One timer per child, not per call (a setTimeout + clearTimeout pair was ~2.5 µs of a ~40 µs
   * call): armed for the earliest deadline, re-armed when it fires, ref'd only while busy.
   */
  private watchdog?: NodeJS.Timeout
  private watchdogAt = Infinity
  private stderr = ''
  private exitInfo = ''
  private wasReady = false
  private hung = false
  private finished = false

  constructor(entry: string, execArgv: string[], config: string, private readonly events: ChildEvents) {
    this.process = fork(entry, [config], { execArgv, stdio: [...CHILD_STDIO], serialization: 'json' })
    this.channel = this.process.stdio[CHILD_FD] as Socket
    this.out = new LineWriter(this.channel)
    readLines(this.channel, (line) => {
      let message: Response
      try { message = JSON.parse(line) as Response }
      catch { return this.kill() } // a garbled pipe is a broken child; never an exception in the host
      this.receive(message)
    })
    // Without listeners these would be thrown in the host: a child dying must never do that.
    this.channel.on('error', () => {})
    // The pipe closing is often the first sign of death, before 'exit': stop sending at once, so
    // no call lands on a dead child and gets blamed for its crash.
    this.channel.on('close', () => { this.state = 'dead' })
    // Fork failed (or a kill did): there may be no 'exit' after this.
    this.process.on('error', (err) => { this.exitInfo ||= err.message; this.kill(); this.finish() })
    this.process.stderr?.setEncoding('utf8')
    this.process.stderr?.on('data', (d: string) => { if (this.stderr.length < 16_384) this.stderr += d })
    this.process.on('exit', (code, signal) => {
      this.exitInfo = signal ?? `exit code ${code}`
      this.state = 'dead' // no new calls from here on
      // 'close' follows once stderr is drained (it tells us whether V8 ran out of memory); do not rely on it.
      setTimeout(() => this.finish(), 200)
    })
    this.process.on('close', () => this.finish())
    this.unref()
  }

  get pid(): number | undefined { return this.process.pid }

  send(job: Job): void {
    const id = this.nextId++
    const { timeoutMs, memoryMb } = job.limits
    const deadline = performance.now() + timeoutMs + GRACE_MS + this.budgetMs
    this.budgetMs += timeoutMs
    if (job.solo) this.soloBusy = true
    this.inFlight.set(id, { job, deadline, timedOut: false })
    if (deadline < this.watchdogAt) this.arm(deadline)
    else if (this.inFlight.size === 1) this.watchdog?.ref()
    this.out.write([id, job.op, job.source, job.json, job.names, timeoutMs, memoryMb])
  }

  kill(): void {
    // Its exit must still be seen (to settle what was in flight) even if nothing else keeps the host alive.
    this.process.ref()
    try { this.process.kill('SIGKILL') }
    catch {}
  }

  /** For dispose: rejects everything in flight now and kills the process; its exit reports nothing more. */
  abort(err: Error): void {
    for (const flight of this.takeFlights()) flight.job.reject(err)
    this.finished = true
    this.state = 'dead'
    this.kill()
  }

  /**
   * Children never keep the host alive by themselves: calls in flight hold the (ref'd) watchdog,
   * and calls waiting for a child hold the engine's keepAlive.
   */
  private unref(): void {
    this.process.unref()
    this.process.channel?.unref()
    this.channel.unref()
    ;(this.process.stderr as Socket | null)?.unref()
  }

  private receive(message: Response): void {
    const id = message[0]
    if (id === 0) {
      if (message[1] === STATS) this.stats = { isolates: message[2], replacedIsolates: message[3], quarantined: message[4] }
      else if (message[1] === READY && this.state === 'starting') {
        this.state = 'ready'
        this.wasReady = true
        this.events.ready(this)
      }
      return
    }
    const flight = this.inFlight.get(id)
    if (flight === undefined) return // already settled by a timeout
    this.settle(id, flight)
    const { job } = flight
    switch (message[1]) {
      case REPLY: job.resolve(message[2]); break
      case FAILURE: job.resolve({ code: message[2], message: message[3] }); break
      case CHECKED: job.resolve(message[2] ?? undefined); break
      case THREW: job.reject(new Error(message[2])); break
    }
    this.events.done(this)
  }

  private settle(id: number, flight: Flight): void {
    this.inFlight.delete(id)
    if (this.inFlight.size === 0) this.watchdog?.unref()
    this.budgetMs -= flight.job.limits.timeoutMs
    if (flight.job.solo) this.soloBusy = false
  }

  private arm(at: number): void {
    clearTimeout(this.watchdog)
    this.watchdogAt = at
    this.watchdog = setTimeout(this.check, Math.max(0, at - performance.now()))
  }

  private readonly check = (): void => {
    this.watchdog = undefined
    this.watchdogAt = Infinity
    if (this.state === 'dead') return
    const now = performance.now()
    let next = Infinity
    for (const flight of this.inFlight.values()) {
      if (flight.deadline <= now) return this.overdue()
      next = Math.min(next, flight.deadline)
    }
    if (next !== Infinity) this.arm(next)
  }

  /**
   * A call outlived its limit plus the grace: the child is hung (or stopped). If the host itself
   * was blocked, the reply may already be waiting in the pipe: timers run before I/O is read, so
   * give the poll phase one turn before killing a child that did nothing wrong.
   */
  private overdue(): void {
    setImmediate(() => {
      if (this.state === 'dead') return
      const now = performance.now()
      const late = [...this.inFlight.values()].filter(f => f.deadline <= now)
      if (late.length === 0) return this.check()
      for (const flight of late) flight.timedOut = true
      this.hung = true
      this.kill()
    })
  }

  private takeFlights(): Flight[] {
    const flights = [...this.inFlight.values()]
    for (const [id, flight] of this.inFlight) this.settle(id, flight)
    clearTimeout(this.watchdog)
    return flights
  }

  private finish(): void {
    if (this.finished) return
    this.finished = true
    this.state = 'dead'
    const memory = !this.hung && OOM.test(this.stderr)
    const detail = this.stderr.split('\n').map(l => l.trim()).find(l => /error|fatal|failed/i.test(l))
    const reason = this.hung ? 'stopped answering and was killed'
      : memory ? 'out of memory'
        : `${this.exitInfo || 'exited'}${detail ? ` (${detail.slice(0, 200)})` : ''}`
    const flights = this.takeFlights()
    this.events.exit(this, flights, { memory, reason, wasReady: this.wasReady, livedMs: Date.now() - this.startedAt })
  }
}
