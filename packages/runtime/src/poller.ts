import { hostname } from 'node:os'

/**
 * A loop that runs `tick` every `intervalMs`, sooner when woken, and right again when a tick
 * reports a full batch. Waits are short timeouts (never more than the interval), so nothing
 * here depends on a long-lived in-memory timer: the database rows are the schedule.
 */
export class Poller {
  private stopped = true
  private wakeUp?: () => void
  private sleepTimer?: NodeJS.Timeout
  private sleepUntil = 0
  private running?: Promise<void>

  constructor(
    private readonly tick: () => Promise<boolean>,
    private readonly intervalMs: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  start(): void {
    if (!this.stopped) return
    this.stopped = false
    this.running = this.loop()
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.wake(0)
    await this.running
  }

  /** Poll again within `inMs` (default: now). */
  wake(inMs = 0): void {
    if (!this.wakeUp) return
    const delay = Math.max(0, Math.min(inMs, this.intervalMs))
    if (Date.now() + delay >= this.sleepUntil) return // already waking by then
    this.sleepUntil = Date.now() + delay
    clearTimeout(this.sleepTimer)
    const wake = this.wakeUp
    this.sleepTimer = setTimeout(() => wake(), delay)
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let more = false
      try { more = await this.tick() }
      catch (err) { this.onError(err) }
      if (more || this.stopped) continue
      await new Promise<void>((resolve) => {
        this.wakeUp = resolve
        this.sleepUntil = Date.now() + this.intervalMs
        this.sleepTimer = setTimeout(resolve, this.intervalMs)
      })
      this.wakeUp = undefined
      clearTimeout(this.sleepTimer)
    }
  }
}

/** Runs `fn` over items with at most `limit` in flight. */
export async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++])
  })
  await Promise.all(lanes)
}

/** Unique per process: what `claimed_by` records. */
export const defaultWorkerId = () => `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`

/** 2 s, 4 s, 8 s … capped at one hour, with jitter so a recovering receiver is not stampeded. */
export function backoffMs(attempts: number): number {
  const base = Math.min(3_600_000, 1000 * 2 ** Math.min(attempts, 22))
  return Math.round(base * (0.8 + Math.random() * 0.4))
}
