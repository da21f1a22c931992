/** A small in-memory LRU map whose entries also expire after ttlMs. */
export class TtlLru<K, V> {
  private readonly map = new Map<K, { value: V; expiresAt: number }>();
  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: K): V | undefined {
    const hit = this.map.get(key);
    if (!hit) return undefined;
    this.map.delete(key);
    if (hit.expiresAt <= this.now()) return undefined;
    this.map.set(key, hit); // most recently used goes last
    return hit.value;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, { value, expiresAt: this.now() + this.ttlMs });
    while (this.map.size > this.maxEntries) this.map.delete(this.map.keys().next().value as K);
  }

  get size() {
    return this.map.size;
  }
}
