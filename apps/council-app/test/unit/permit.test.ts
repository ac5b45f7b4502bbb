import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applicationStatusAfterPayment,
  feeFor,
  formatPence,
  isNotifyStatusNewer,
  newApplicationReference,
  parsePermitLength,
  parseVehicleRegistration,
} from '../../src/domain/permit.js';

describe('vehicle registration', () => {
  it.each([
    ['ab12 cde', 'AB12CDE'],
    ['AB12-CDE', 'AB12CDE'],
    [' a1 ', 'A1'],
    ['K 123 ABC', 'K123ABC'],
  ])('normalises %j to %s', (input, value) => {
    expect(parseVehicleRegistration(input)).toEqual({ value });
  });

  it.each([
    ['', 'errors.vrn.missing'],
    ['   ', 'errors.vrn.missing'],
    [undefined, 'errors.vrn.missing'],
    [['AB12CDE'], 'errors.vrn.missing'],
    ['AB12 CDE!', 'errors.vrn.characters'],
    ['ABC12345', 'errors.vrn.tooLong'],
    ['ABCDEFG', 'errors.vrn.format'],
    ['1234', 'errors.vrn.format'],
  ])('rejects %j with %s', (input, error) => {
    expect(parseVehicleRegistration(input)).toEqual({ error });
  });

  it('never accepts anything but 2-7 capital letters and digits', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const r = parseVehicleRegistration(s);
        if ('value' in r) expect(r.value).toMatch(/^(?=.*[A-Z])(?=.*\d)[A-Z0-9]{2,7}$/);
      }),
    );
  });
});

describe('permit length and fees', () => {
  it('accepts only the lengths on offer', () => {
    expect(parsePermitLength('3')).toEqual({ value: 3 });
    expect(parsePermitLength('12')).toEqual({ value: 12 });
    for (const bad of ['0', '4', '', 'twelve', undefined, ['3']]) {
      expect(parsePermitLength(bad)).toEqual({ error: 'errors.permitLength.missing' });
    }
  });

  it('charges in integer pence and formats pounds', () => {
    expect(feeFor(6)).toBe(5500);
    expect(() => feeFor(5)).toThrow(RangeError);
    expect(formatPence(5500)).toBe('£55.00');
    expect(formatPence(1)).toBe('£0.01');
  });

  it('makes references without look-alike characters', () => {
    for (let i = 0; i < 200; i++) expect(newApplicationReference()).toMatch(/^PP-[A-HJ-NP-Y2-9]{8}$/);
  });
});

describe('payment -> application status', () => {
  it('marks paid only on Pay success', () => {
    expect(applicationStatusAfterPayment('awaiting_payment', { status: 'success' })).toBe('paid');
    for (const status of ['created', 'started', 'submitted', 'capturable', 'something-new']) {
      expect(applicationStatusAfterPayment('awaiting_payment', { status })).toBe('awaiting_payment');
    }
  });

  it('tells a resident cancellation (P0030) from a decline', () => {
    expect(applicationStatusAfterPayment('awaiting_payment', { status: 'failed', code: 'P0010' })).toBe(
      'payment_failed',
    );
    expect(applicationStatusAfterPayment('awaiting_payment', { status: 'failed', code: 'P0030' })).toBe(
      'payment_cancelled',
    );
    expect(applicationStatusAfterPayment('awaiting_payment', { status: 'cancelled', code: 'P0040' })).toBe(
      'payment_cancelled',
    );
    expect(applicationStatusAfterPayment('awaiting_payment', { status: 'error', code: 'P0050' })).toBe(
      'payment_failed',
    );
  });

  it('never moves a paid or refunded application, whatever arrives', () => {
    fc.assert(
      fc.property(fc.constantFrom('paid' as const, 'refunded' as const), fc.string(), (current, status) => {
        expect(applicationStatusAfterPayment(current, { status })).toBeUndefined();
      }),
    );
  });
});

describe('Notify statuses only move forwards', () => {
  it('orders them', () => {
    expect(isNotifyStatusNewer('created', 'sending')).toBe(true);
    expect(isNotifyStatusNewer('sending', 'delivered')).toBe(true);
    expect(isNotifyStatusNewer('delivered', 'sending')).toBe(false);
    expect(isNotifyStatusNewer('delivered', 'delivered')).toBe(false);
    expect(isNotifyStatusNewer('permanent-failure', 'delivered')).toBe(false);
  });
});
