import ivm from 'isolated-vm'
import { EXPRESSION_BOOTSTRAP, SCRIPT_PRELUDE } from './guest.js'
import { Lru } from './lru.js'
import { syntaxMessage } from './outcome.js'

/** A fresh script context plus the runner its prelude installed. */
interface PreparedContext {
  context: ivm.Context
  runner: ivm.Reference
}

/** Compiled entries: a Script / function Reference, or the tagged syntax error (so bad source isn't recompiled). */
type Compiled<T> = T | string

function release(handle: { release(): void }): void {
  // The owning isolate may already be gone (memory-limit disposal); then there is nothing to free.
  try { handle.release() }
  catch {}
}

const SCRIPT_ORIGIN = { filename: 'script.js', lineOffset: -1 } as const

/**
 * One isolate with its caches. A slot is used by one caller at a time (see Pool), which is what
 * makes the synchronous expression path safe: the isolate is never busy when applySync is called.
 *
 * Scripts run in a fresh context each time; expressions share one long-lived, frozen context.
 */
export class Slot {
  isolate!: ivm.Isolate
  private expressionContext?: ivm.Context
  private compiler?: ivm.Reference
  private prelude?: ivm.Script
  private spare?: Promise<PreparedContext>
  private expressions!: Lru<string, Compiled<ivm.Reference>>
  private scripts!: Lru<string, Compiled<ivm.Script>>

  constructor(
    readonly memoryMb: number,
    private readonly cacheSize: number,
    private readonly onCatastrophicError?: (message: string) => void,
  ) {
    this.boot()
  }

  /** (Re)creates the isolate; every handle from a previous isolate is invalid afterwards. */
  boot(): void {
    this.isolate = new ivm.Isolate({ memoryLimit: this.memoryMb, onCatastrophicError: this.onCatastrophicError })
    this.expressionContext = undefined
    this.compiler = undefined
    this.prelude = undefined
    this.spare = undefined
    this.expressions = new Lru(this.cacheSize, (c) => { if (typeof c !== 'string') release(c) })
    this.scripts = new Lru(this.cacheSize, (c) => { if (typeof c !== 'string') release(c) })
  }

  dispose(): void {
    if (!this.isolate.isDisposed) this.isolate.dispose()
  }

  // ---- expressions: one frozen context per isolate, compiled function References, applySync ----

  /** Fast path. Blocks the host for at most `timeoutMs` of guest time. */
  evaluateSync(key: string, names: string, expression: string, json: string, timeoutMs: number): string {
    const fn = this.expression(key, names, expression, timeoutMs)
    if (typeof fn === 'string') return fn
    return fn.applySync(undefined, [json], { timeout: timeoutMs }) as string
  }

  /** Same, but the call itself runs on isolated-vm's thread pool, so the host stays responsive. */
  async evaluateAsync(key: string, names: string, expression: string, json: string, timeoutMs: number): Promise<string> {
    const fn = this.expression(key, names, expression, timeoutMs)
    if (typeof fn === 'string') return fn
    return await fn.apply(undefined, [json], { timeout: timeoutMs }) as string
  }

  checkExpression(expression: string, timeoutMs: number): string | undefined {
    const fn = this.compileExpression('', expression, timeoutMs)
    if (typeof fn === 'string') return fn.slice(1)
    release(fn)
    return undefined
  }

  private expression(key: string, names: string, expression: string, timeoutMs: number): Compiled<ivm.Reference> {
    let fn = this.expressions.get(key)
    if (fn === undefined) {
      fn = this.compileExpression(names, expression, timeoutMs)
      this.expressions.set(key, fn)
    }
    return fn
  }

  /** Compiling only parses (Function constructor inside the frozen context); no user code runs. */
  private compileExpression(names: string, expression: string, timeoutMs: number): Compiled<ivm.Reference> {
    const ref = this.expressionCompiler().applySync(undefined, [names, expression], {
      timeout: timeoutMs,
      result: { reference: true },
    })
    if (ref.typeof === 'function') return ref
    const message = ref.copySync() as string
    release(ref)
    return this.betterSyntaxMessage(expression) ?? message
  }

  /**
   * Our wrapper's closing ')' turns "1 +" into "Unexpected token ')'". Compiling the bare text as a
   * script (never run) names the real problem, e.g. "Unexpected end of input (line 1, column 4)".
   */
  private betterSyntaxMessage(expression: string): string | undefined {
    try {
      release(this.isolate.compileScriptSync(expression, { filename: 'expression.js' }))
      return undefined
    }
    catch (err) {
      return err instanceof Error && err.name === 'SyntaxError'
        ? `?${syntaxMessage(err, expression)}`
        : undefined
    }
  }

  private expressionCompiler(): ivm.Reference {
    if (this.compiler === undefined) {
      this.expressionContext = this.isolate.createContextSync()
      this.compiler = this.expressionContext.evalSync(EXPRESSION_BOOTSTRAP, { reference: true })
    }
    return this.compiler
  }

  // ---- scripts: cached ivm.Script, run in a fresh context per call ----

  async runScript(source: string, json: string, timeoutMs: number): Promise<string> {
    const script = await this.compileScript(source)
    if (typeof script === 'string') return script
    const spare = this.spare
    this.spare = undefined
    const { context, runner } = await (spare ?? this.prepare())
    try {
      // Evaluating the wrapper only yields the function; a timeout guards sources that escape it.
      const fn = await script.run(context, { reference: true, timeout: timeoutMs })
      if (fn.typeof !== 'function') {
        release(fn)
        return '?a script must be a function body'
      }
      return await runner.apply(undefined, [fn.derefInto({ release: true }), json], { timeout: timeoutMs }) as string
    }
    finally {
      release(runner)
      release(context)
    }
  }

  async checkScript(source: string): Promise<string | undefined> {
    const script = await this.compileScript(source)
    return typeof script === 'string' ? script.slice(1) : undefined
  }

  /**
   * Creates the next fresh context ahead of time, so a script run does not pay ~1 ms for it.
   * Never rejects: a failed preparation (isolate gone) simply leaves no spare.
   */
  async refill(): Promise<void> {
    if (this.spare !== undefined || this.isolate.isDisposed) return
    const next = this.prepare()
    this.spare = next
    try { await next }
    catch { if (this.spare === next) this.spare = undefined }
  }

  private async prepare(): Promise<PreparedContext> {
    const context = await this.isolate.createContext()
    try {
      this.prelude ??= await this.isolate.compileScript(SCRIPT_PRELUDE)
      const runner = await this.prelude.run(context, { reference: true })
      return { context, runner }
    }
    catch (err) {
      release(context)
      throw err
    }
  }

  private async compileScript(source: string): Promise<Compiled<ivm.Script>> {
    let script = this.scripts.get(source)
    if (script === undefined) {
      try {
        script = await this.isolate.compileScript(`(function () {\n${source}\n})`, SCRIPT_ORIGIN)
      }
      catch (err) {
        if (!(err instanceof Error) || err.name !== 'SyntaxError') throw err
        script = `?${syntaxMessage(err, source)}`
      }
      this.scripts.set(source, script)
    }
    return script
  }
}
