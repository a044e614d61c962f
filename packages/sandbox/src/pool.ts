import { Slot } from './slot.js'

/**
 * Warm isolates for one memory limit (isolated-vm fixes the limit per isolate). Each caller gets
 * a slot exclusively; callers beyond `size` wait in FIFO order. Idle slots are reused LIFO so the
 * hot isolate keeps its compile caches warm.
 */
export class Pool {
  private readonly slots: Slot[] = []
  private readonly idle: Slot[] = []
  private readonly waiters: Array<{ resolve: (slot: Slot) => void, reject: (err: Error) => void }> = []
  private disposed = false
  replaced = 0

  constructor(private readonly size: number, private readonly create: () => Slot) {}

  get isolates(): number { return this.slots.length }

  /** A slot now, or undefined when all are busy (the expression fast path must not wait). */
  tryAcquire(): Slot | undefined {
    if (this.disposed) throw new Error('sandbox is disposed')
    const slot = this.idle.pop()
    if (slot !== undefined) return slot
    if (this.slots.length < this.size) {
      const created = this.create()
      this.slots.push(created)
      return created
    }
    return undefined
  }

  acquire(): Promise<Slot> {
    try {
      const slot = this.tryAcquire()
      if (slot !== undefined) return Promise.resolve(slot)
    }
    catch (err) { return Promise.reject(err) }
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }))
  }

  release(slot: Slot): void {
    if (this.disposed) return
    // A memory-limit failure disposes the isolate inside isolated-vm; replace it before reuse.
    if (slot.isolate.isDisposed) {
      try {
        slot.boot()
        this.replaced++
      }
      catch {
        // Could not create an isolate: drop the slot; a waiter gets a new one or the error.
        this.slots.splice(this.slots.indexOf(slot), 1)
        const waiter = this.waiters.shift()
        if (waiter !== undefined) this.acquire().then(waiter.resolve, waiter.reject)
        return
      }
    }
    const waiter = this.waiters.shift()
    if (waiter !== undefined) waiter.resolve(slot)
    else this.idle.push(slot)
  }

  dispose(): void {
    this.disposed = true
    for (const slot of this.slots) slot.dispose()
    for (const waiter of this.waiters.splice(0)) waiter.reject(new Error('sandbox is disposed'))
  }
}
