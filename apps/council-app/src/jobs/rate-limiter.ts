import type { RateLimitsRepository } from '../db/repositories/rate-limits.js';

/**
 * A rate limit held across every instance: one token bucket in the database (see RateLimitsRepository). It refills
 * at 95% of the service's rate and holds one second's worth (never more than 95% of the service's own burst), so
 * the instances together stay under the limit in any window of the service's interval, with room for the time a
 * request takes to arrive.
 */
export class SharedRateLimiter {
  readonly capacity: number;
  readonly perSecond: number;

  constructor(
    private readonly repo: RateLimitsRepository,
    private readonly name: string,
    limit: { limit: number; intervalMs: number },
  ) {
    this.perSecond = (0.95 * limit.limit * 1000) / limit.intervalMs;
    this.capacity = Math.max(1, Math.floor(Math.min(this.perSecond, 0.95 * limit.limit)));
  }

  /** Resolves once this caller may make one request (its reserved turn has come). */
  async acquire(): Promise<void> {
    const waitMs = await this.repo.reserve(this.name, this.capacity, this.perSecond);
    if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
  }

  /** After a 429: nobody sends until the bucket has refilled a little. */
  drain(): Promise<void> {
    return this.repo.drain(this.name);
  }
}
