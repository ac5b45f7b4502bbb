import { describe, expect, it } from 'vitest';
import { FailureThrottle } from '../../src/http/throttle.js';

describe('FailureThrottle', () => {
  it('blocks a key after maxFailures within the window, and not after the window', () => {
    let now = 0;
    const t = new FailureThrottle({ maxFailures: 3, windowMs: 1_000, now: () => now });
    for (let i = 0; i < 3; i++) t.recordFailure('k');
    expect(t.isBlocked('k')).toBe(true);
    expect(t.isBlocked('other')).toBe(false);
    now = 1_001;
    expect(t.isBlocked('k')).toBe(false);
  });

  it('keeps at most maxKeys records however many keys fail (bounded memory)', () => {
    const t = new FailureThrottle({ maxFailures: 5, windowMs: 60_000, maxKeys: 100 });
    for (let i = 0; i < 50_000; i++) t.recordFailure(`198.51.100.${i}`);
    expect(t.size).toBeLessThanOrEqual(100);
    // The most recent offenders are the ones kept.
    for (let i = 0; i < 5; i++) t.recordFailure('203.0.113.9');
    expect(t.isBlocked('203.0.113.9')).toBe(true);
  });
});
