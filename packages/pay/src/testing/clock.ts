/** The fake's clock: real time by default, or the caller's `now`, shifted by `advance()`. */
export interface Clock {
  now(): Date;
  /** Move time forward (expiry, idempotency windows, refunds settling, webhook retries all follow). */
  advance(ms: number): void;
  /** Jump to a moment (keeps ticking from there if the base clock ticks). */
  set(date: Date): void;
  /** The current shift, for snapshots. */
  offsetMs(): number;
  setOffsetMs(ms: number): void;
}

export function createClock(base: () => Date = () => new Date()): Clock {
  let offset = 0;
  return {
    now: () => new Date(base().getTime() + offset),
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0)
        throw new RangeError('clock.advance takes a positive number of milliseconds');
      offset += ms;
    },
    set(date) {
      offset = date.getTime() - base().getTime();
    },
    offsetMs: () => offset,
    setOffsetMs(ms) {
      offset = ms;
    },
  };
}
