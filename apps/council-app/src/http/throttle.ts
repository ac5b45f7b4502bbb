/**
 * Counts failures per key (an IP address, an account) in a fixed window and says when a key has had too many.
 * Memory is bounded: at most `maxKeys` keys are kept; when full, expired records go first, then the oldest.
 */
export interface ThrottleOptions {
  maxFailures: number;
  windowMs: number;
  /** Default 10,000. */
  maxKeys?: number;
  now?: () => number;
}

export class FailureThrottle {
  readonly #records = new Map<string, { count: number; until: number }>();
  readonly #options: Required<ThrottleOptions>;

  constructor(options: ThrottleOptions) {
    this.#options = { maxKeys: 10_000, now: Date.now, ...options };
  }

  /** How many keys are remembered (for tests and metrics). */
  get size(): number {
    return this.#records.size;
  }

  isBlocked(key: string): boolean {
    const record = this.#records.get(key);
    return (
      record !== undefined && record.until > this.#options.now() && record.count >= this.#options.maxFailures
    );
  }

  recordFailure(key: string): void {
    const now = this.#options.now();
    const current = this.#records.get(key);
    const record =
      current && current.until > now ? current : { count: 0, until: now + this.#options.windowMs };
    // Re-inserting keeps the Map in order of last failure, oldest first.
    this.#records.delete(key);
    this.#records.set(key, { count: record.count + 1, until: record.until });
    this.#bound(now);
  }

  reset(key: string): void {
    this.#records.delete(key);
  }

  #bound(now: number): void {
    if (this.#records.size <= this.#options.maxKeys) return;
    for (const [key, record] of this.#records) {
      if (record.until <= now) this.#records.delete(key);
    }
    while (this.#records.size > this.#options.maxKeys) {
      const oldest = this.#records.keys().next().value as string;
      this.#records.delete(oldest);
    }
  }
}
