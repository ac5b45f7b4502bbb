/**
 * Pay limits requests per account per second and answers 429 P0900 over the limit, on every endpoint
 * (alphagov/pay-publicapi filter/RateLimiterFilter.java and filter/ratelimit/*; 15 POSTs a second for creating
 * payments, for captures and for other POSTs; GETs around 75). The window follows the fake's clock.
 */
import type { FakeClock } from '@council-sdk/core/testing';
import { payError } from './errors.js';
import type { FakeAccount } from './records.js';

export interface RateLimits {
  /** POST /v1/payments per second per account. Pay: 15. */
  create: number;
  /** POST .../capture per second. Pay: 15. */
  capture: number;
  /** Other POSTs per second. Pay: 15. */
  otherPost: number;
  /** GETs per second. Pay: about 75. */
  get: number;
}

export const PAY_RATE_LIMITS: RateLimits = { create: 15, capture: 15, otherPost: 15, get: 75 };

export class RateLimiter {
  readonly #limits: RateLimits | false;
  readonly #clock: FakeClock;
  readonly #windows = new Map<string, number[]>();

  constructor(clock: FakeClock, limits: false | Partial<RateLimits> = {}) {
    this.#clock = clock;
    this.#limits = limits === false ? false : { ...PAY_RATE_LIMITS, ...limits };
  }

  check(account: FakeAccount, bucket: keyof RateLimits): void {
    if (!this.#limits) return;
    const limit = this.#limits[bucket];
    const now = this.#clock.now().getTime();
    const key = `${account.id}:${bucket}`;
    const window = (this.#windows.get(key) ?? []).filter((t) => now - t < 1000);
    this.#windows.set(key, window);
    if (window.length >= limit) throw payError(429, 'P0900', 'Too many requests');
    window.push(now);
  }

  reset(): void {
    this.#windows.clear();
  }
}
