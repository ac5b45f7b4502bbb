import { describe, expect, it } from 'vitest';
import { CreatePaymentRequest, Payment, PaymentSearchQuery } from '../src/index.js';

const base = {
  amount: 100,
  description: 'Garden waste',
  reference: 'GW-1',
  return_url: 'https://council.example/r',
};
const ok = (v: unknown) => CreatePaymentRequest.safeParse(v).success;
const paths = (v: unknown) =>
  CreatePaymentRequest.safeParse(v).error?.issues.map((i) => i.path.join('.')) ?? [];

describe('CreatePaymentRequest (the server’s rules, not just the spec’s)', () => {
  it('takes an integer amount of 1..10,000,000 pence', () => {
    expect(ok({ ...base, amount: 1 })).toBe(true);
    expect(ok({ ...base, amount: 10_000_000 })).toBe(true);
    for (const amount of [0, 10_000_001, 1.5, '100', -1])
      expect(paths({ ...base, amount })).toEqual(['amount']);
  });

  it('limits reference and description to 255 characters without <, > or |, and reference without URLs', () => {
    expect(ok({ ...base, reference: 'r'.repeat(255) })).toBe(true);
    expect(paths({ ...base, reference: 'r'.repeat(256) })).toEqual(['reference']);
    for (const bad of ['<b>', 'a>b', 'a|b'])
      expect(paths({ ...base, description: bad })).toEqual(['description']);
    expect(paths({ ...base, reference: 'see https://evil.example' })).toEqual(['reference']);
  });

  it('takes flat metadata: <= 15 keys of 1-30 chars unique ignoring case; string<=100/number/boolean values', () => {
    expect(ok({ ...base, metadata: { ledger: 'AB', n: 1, b: false } })).toBe(true);
    for (const metadata of [
      { a: null },
      { a: { nested: 1 } },
      { ['k'.repeat(31)]: 1 },
      { '': 1 },
      { a: 'v'.repeat(101) },
      { Ref: 1, ref: 2 },
      Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${i}`, i])),
    ]) {
      expect(paths({ ...base, metadata })[0]).toMatch(/^metadata/);
    }
  });

  it('applies the authorisation_mode rules', () => {
    const { return_url: _, ...noReturn } = base;
    expect(paths(noReturn)).toEqual(['return_url']);
    expect(ok({ ...noReturn, authorisation_mode: 'moto_api' })).toBe(true);
    expect(paths({ ...base, authorisation_mode: 'moto_api' })).toEqual(['return_url']);
    const agreement = { ...noReturn, authorisation_mode: 'agreement', agreement_id: 'a'.repeat(26) };
    expect(ok(agreement)).toBe(true);
    expect(paths({ ...agreement, email: 'a@b.example' })).toEqual(['email']);
    expect(paths({ ...agreement, prefilled_cardholder_details: {} })).toEqual([
      'prefilled_cardholder_details',
    ]);
    expect(paths({ ...noReturn, authorisation_mode: 'agreement' })).toEqual(['agreement_id']);
    expect(paths({ ...base, agreement_id: 'a'.repeat(26) })).toEqual(['agreement_id']);
    expect(paths({ ...agreement, agreement_id: 'short' })).toEqual(['agreement_id']);
  });

  it('requires return_url to be an http(s) URL', () => {
    expect(paths({ ...base, return_url: 'not a url' })).toEqual(['return_url']);
    expect(paths({ ...base, return_url: 'javascript:alert(1)' })).toEqual(['return_url']);
    expect(ok({ ...base, return_url: 'http://localhost:3000/return' })).toBe(true);
  });

  it('takes language en or cy, and rejects unknown fields (typos)', () => {
    expect(ok({ ...base, language: 'cy' })).toBe(true);
    expect(paths({ ...base, language: 'fr' })).toEqual(['language']);
    expect(ok({ ...base, retrun_url: 'x' })).toBe(false);
  });

  it('checks billing address country codes and postcode length', () => {
    const details = (billing_address: unknown) => ({
      ...base,
      prefilled_cardholder_details: { billing_address },
    });
    expect(ok(details({ line1: 'a', postcode: 'AB1 2CD', country: 'GB' }))).toBe(true);
    expect(ok(details({ country: 'United Kingdom' }))).toBe(false);
    expect(ok(details({ postcode: 'p'.repeat(26) }))).toBe(false);
  });
});

describe('PaymentSearchQuery', () => {
  it('filters card digits and page sizes', () => {
    expect(
      PaymentSearchQuery.safeParse({ first_digits_card_number: '424242', last_digits_card_number: '4242' })
        .success,
    ).toBe(true);
    expect(PaymentSearchQuery.safeParse({ last_digits_card_number: '42a2' }).success).toBe(false);
    expect(PaymentSearchQuery.safeParse({ display_size: 0 }).success).toBe(false);
    expect(PaymentSearchQuery.safeParse({ from_date: '2025-01-01' }).success).toBe(false);
    expect(PaymentSearchQuery.parse({ from_date: new Date('2025-01-01T10:00:00.123Z') }).from_date).toBe(
      '2025-01-01T10:00:00Z',
    );
  });
});

describe('Payment (lenient response)', () => {
  it('keeps unknown fields and tolerates omitted ones', () => {
    const parsed = Payment.parse({
      payment_id: 'p',
      state: { status: 'new_status' },
      shiny_new_field: { a: 1 },
    });
    expect(parsed.state.status).toBe('new_status');
    expect((parsed as Record<string, unknown>).shiny_new_field).toEqual({ a: 1 });
  });

  it('reads card_details as Pay writes it, nulls included (wallet_type, card_type, billing_address), as absent', () => {
    const parsed = Payment.parse({
      payment_id: 'p1',
      state: { status: 'success', finished: true },
      card_details: {
        last_digits_card_number: '1111',
        first_digits_card_number: '444433',
        cardholder_name: 'J Citizen',
        expiry_date: '04/30',
        billing_address: {
          line1: '1 High St',
          line2: null,
          postcode: 'AB1 2CD',
          city: 'Town',
          country: 'GB',
        },
        card_brand: 'Visa',
        card_type: null,
        wallet_type: null,
      },
    });
    expect(parsed.card_details).toEqual({
      last_digits_card_number: '1111',
      first_digits_card_number: '444433',
      cardholder_name: 'J Citizen',
      expiry_date: '04/30',
      billing_address: { line1: '1 High St', postcode: 'AB1 2CD', city: 'Town', country: 'GB' },
      card_brand: 'Visa',
    });
    expect(
      Payment.parse({
        payment_id: 'p2',
        state: { status: 'created' },
        card_details: { billing_address: null },
      }).card_details,
    ).toEqual({});
  });
});
