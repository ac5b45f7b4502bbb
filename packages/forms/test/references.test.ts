import {
  generateSubmissionReference,
  isSubmissionReference,
  paymentLinkFor,
  ValidationError,
} from '@council-sdk/forms';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('submission references', () => {
  it.each(['8E3YY3RX', 'AB2CD3EF', '992992XY'])('accepts %s', (ref) => {
    expect(isSubmissionReference(ref)).toBe(true);
  });

  it.each([
    ['too short', '8E3YY3R'],
    ['too long', '8E3YY3RXA'],
    ['a letter at position 2', '8EAYY3RX'],
    ['a letter at position 5', '8E3YYARX'],
    ['an O', 'OE3YY3RX'],
    ['an I', 'IE3YY3RX'],
    ['a 1 in a digit position', '8E1YY3RX'],
    ['a 0', '0E3YY3RX'],
    ['lower case', '8e3yy3rx'],
  ])('refuses %s', (_why, ref) => {
    expect(isSubmissionReference(ref)).toBe(false);
  });

  it('generates only valid references', () => {
    fc.assert(
      fc.property(fc.integer(), () => isSubmissionReference(generateSubmissionReference())),
      { numRuns: 500 },
    );
  });

  it('builds the Pay payment link a form sends the user to', () => {
    expect(
      paymentLinkFor({ payment_url: 'https://www.gov.uk/payments/council/missed-bin' }, '8E3YY3RX'),
    ).toBe('https://www.gov.uk/payments/council/missed-bin?reference=8E3YY3RX');
    expect(paymentLinkFor({ payment_url: null }, '8E3YY3RX')).toBeUndefined();
    expect(() => paymentLinkFor({ payment_url: 'https://x' }, 'nope&x=1')).toThrow(ValidationError);
  });

  it("follows Pay's rule for prefilled links: other parameters kept, an old reference replaced", () => {
    const url = 'https://www.gov.uk/payments/council/missed-bin?lang=cy&reference=OLD';
    expect(paymentLinkFor({ payment_url: url }, '8E3YY3RX')).toBe(
      'https://www.gov.uk/payments/council/missed-bin?lang=cy&reference=8E3YY3RX',
    );
  });

  it('refuses a payment_url that is not an https URL, naming the form field', () => {
    for (const payment_url of ['http://www.gov.uk/payments/council/missed-bin', 'www.gov.uk/payments/x']) {
      try {
        paymentLinkFor({ payment_url }, '8E3YY3RX');
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['payment_url']);
      }
    }
  });
});
