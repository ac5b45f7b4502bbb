import { describe, expect, it } from 'vitest';
import {
  DailyLimitError,
  FINAL_NOTIFICATION_STATUSES,
  isFinalStatus,
  RateLimitError,
  TooManyRequestsError,
  VERSION,
} from '../src/index.js';

describe('names', () => {
  it('DailyLimitError is a RateLimitError, and the deprecated TooManyRequestsError is the same class', () => {
    expect(TooManyRequestsError).toBe(DailyLimitError);
    const error = new DailyLimitError({
      status: 429,
      message: 'Exceeded send limits (email: 250000) for today',
      method: 'POST',
      path: '/v2/notifications/email',
    });
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toBeInstanceOf(TooManyRequestsError);
  });

  it('exports one list of final statuses', () => {
    expect(isFinalStatus('delivered')).toBe(true);
    expect(isFinalStatus('sending')).toBe(false);
    expect(FINAL_NOTIFICATION_STATUSES).toContain('returned-letter');
  });

  it('exports its version', () => {
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });
});
