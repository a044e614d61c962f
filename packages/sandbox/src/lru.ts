/**
 * Tiny LRU on top of Map's insertion order. Keys are the source strings themselves: V8 hashes a
 * string once and caches the hash in it, so a Map lookup is cheaper than computing a digest per call
 * on the hot expression path.
 */
export class Lru<K, V> {
  private readonly map = new Map<K, V>()
  private newest: K | undefined

  constructor(private readonly capacity: number, private readonly onEvict: (value: V) => void = () => {}) {}

  get size(): number { return this.map.size }

  get(key: K): V | undefined {
    const value = this.map.get(key)
    // Re-inserting costs a delete + set; skip it when the key already is the newest (hot loops).
    if (value !== undefined && key !== this.newest) {
      this.newest = key
      this.map.delete(key)
      this.map.set(key, value)
    }
    return value
  }

  set(key: K, value: V): void {
    this.map.delete(key)
    this.map.set(key, value)
    this.newest = key
    if (this.map.size > this.capacity) {
      const oldest = this.map.keys().next().value as K
      const evicted = this.map.get(oldest) as V
      this.map.delete(oldest)
      this.onEvict(evicted)
    }
  }

  /** Drops everything; `evict` false when the owning isolate is already gone (release would throw). */
  clear(evict = true): void {
    if (evict) for (const value of this.map.values()) this.onEvict(value)
    this.map.clear()
    this.newest = undefined
  }
}
