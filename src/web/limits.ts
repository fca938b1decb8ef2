/**
 * Small bounded helpers that keep one kind of request from starving the others: a cache whose
 * entries expire and whose size is capped, with one computation per key at a time, and a
 * semaphore that refuses rather than queues once full.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; until: number; size: number }>();
  private readonly pending = new Map<string, Promise<V>>();
  private bytes = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    /** The cost of a value against `maxBytes` (default 1 each, so the cap counts entries). */
    private readonly sizeOf: (value: V) => number = () => 1,
    private readonly maxBytes = Number.POSITIVE_INFINITY,
  ) {}

  get(key: string, now = Date.now()): V | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (hit.until <= now) {
      this.delete(key);
      return undefined;
    }
    return hit.value;
  }

  set(key: string, value: V, now = Date.now()): void {
    const size = this.sizeOf(value);
    if (this.ttlMs <= 0 || size > this.maxBytes) return;
    this.delete(key);
    while (this.entries.size >= this.maxEntries || this.bytes + size > this.maxBytes) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.delete(oldest);
    }
    this.entries.set(key, { value, until: now + this.ttlMs, size });
    this.bytes += size;
  }

  /** The cached value, or one shared computation of it: concurrent misses for a key run `compute` once. */
  async getOrCompute(key: string, compute: () => Promise<V>): Promise<V> {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const running = this.pending.get(key);
    if (running) return running;
    const promise = compute().then(
      (value) => {
        this.pending.delete(key);
        this.set(key, value);
        return value;
      },
      (error: unknown) => {
        this.pending.delete(key);
        throw error;
      },
    );
    this.pending.set(key, promise);
    return promise;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.bytes -= entry.size;
    this.entries.delete(key);
  }
}

/** At most `limit` holders; `tryAcquire` answers undefined when full instead of queueing. */
export class Semaphore {
  private held = 0;
  constructor(private readonly limit: number) {}

  get inUse(): number {
    return this.held;
  }

  tryAcquire(): (() => void) | undefined {
    if (this.held >= this.limit) return undefined;
    this.held++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.held--;
    };
  }
}
