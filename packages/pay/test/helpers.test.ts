import { describe, expect, it } from 'vitest';
import {
  formatPounds,
  hasStatus,
  isCapturable,
  isFinished,
  isSuccessful,
  type Payment,
  poundsToPence,
  refundableAmount,
} from '../src/index.js';

const payment = (status: string, extra: Partial<Payment> = {}): Payment => ({
  payment_id: 'p',
  state: { status },
  ...extra,
});

describe('helpers', () => {
  it('isFinished follows state.finished, or the status when finished is absent', () => {
    expect(isFinished(payment('created', { state: { status: 'created', finished: false } }))).toBe(false);
    expect(isFinished(payment('success', { state: { status: 'success', finished: true } }))).toBe(true);
    for (const s of ['success', 'failed', 'cancelled', 'error']) expect(isFinished(payment(s))).toBe(true);
    for (const s of ['created', 'started', 'submitted', 'capturable'])
      expect(isFinished(payment(s))).toBe(false);
  });

  it('hasStatus narrows by state.status', () => {
    const p = payment('failed', { state: { status: 'failed', code: 'P0010' } });
    if (hasStatus(p, 'failed', 'cancelled')) {
      const status: 'failed' | 'cancelled' = p.state.status;
      expect(status).toBe('failed');
    } else throw new Error('should narrow');
    expect(hasStatus(p, 'success')).toBe(false);
    expect(isSuccessful(payment('success'))).toBe(true);
    expect(isCapturable(payment('capturable'))).toBe(true);
  });

  it('refundableAmount is amount_available only while refunds are available', () => {
    expect(
      refundableAmount({
        refund_summary: { status: 'available', amount_available: 700, amount_submitted: 300 },
      }),
    ).toBe(700);
    expect(refundableAmount({ refund_summary: { status: 'pending', amount_available: 1000 } })).toBe(0);
    expect(refundableAmount({ refund_summary: { status: 'full', amount_available: 0 } })).toBe(0);
    expect(refundableAmount({})).toBe(0);
  });

  it('formats pence as pounds', () => {
    expect(formatPounds(1)).toBe('£0.01');
    expect(formatPounds(1250)).toBe('£12.50');
    expect(formatPounds(10_000_000)).toBe('£100,000.00');
    expect(() => formatPounds(1.5)).toThrow(RangeError);
  });

  it('parses pounds to pence without floating point error', () => {
    expect(poundsToPence('12.5')).toBe(1250);
    expect(poundsToPence('£1,000')).toBe(100_000);
    expect(poundsToPence('0.29')).toBe(29);
    expect(poundsToPence(19.99)).toBe(1999);
    expect(() => poundsToPence('12.345')).toThrow(RangeError);
    expect(() => poundsToPence('-1')).toThrow(RangeError);
  });
});
