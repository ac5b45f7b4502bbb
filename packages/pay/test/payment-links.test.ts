import { PAYMENT_LINK_MAX_AMOUNT, paymentLinkUrl as fromMain, ValidationError } from '@council-sdk/pay';
import { paymentLinkUrl } from '@council-sdk/pay/payment-links';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const link = 'https://www.gov.uk/payments/government-service/payment-link-title';

function issuesOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map((i) => i.path);
    throw error;
  }
  throw new Error('did not throw');
}

describe('paymentLinkUrl', () => {
  it("builds Pay's documented example exactly (reference 0451, £200)", () => {
    expect(paymentLinkUrl(link, { reference: '0451', amount: 20000 })).toBe(
      `${link}?reference=0451&amount=20000`,
    );
    expect(fromMain).toBe(paymentLinkUrl);
  });

  it('prefills either parameter alone, or neither', () => {
    expect(paymentLinkUrl(link, { reference: '8E3YY3RX' })).toBe(`${link}?reference=8E3YY3RX`);
    expect(paymentLinkUrl(link, { amount: 1 })).toBe(`${link}?amount=1`);
    expect(paymentLinkUrl(link)).toBe(link);
  });

  it('percent-encodes the reference, so any allowed reference reads back exactly', () => {
    expect(paymentLinkUrl(link, { reference: "Flat 2/3 O'Neil & Co #4 + 50%" })).toBe(
      `${link}?reference=Flat%202%2F3%20O'Neil%20%26%20Co%20%234%20%2B%2050%25`,
    );
    fc.assert(
      fc.property(
        fc
          .string({ minLength: 1, maxLength: 255 })
          .filter((s) => s.trim() !== '' && !/[<>;:`()"=|,~[\]]/.test(s)),
        (reference) => {
          const url = new URL(paymentLinkUrl(link, { reference }));
          expect(url.searchParams.get('reference')).toBe(reference);
          expect(url.searchParams.getAll('reference')).toHaveLength(1);
        },
      ),
    );
  });

  it('takes amounts from 1p to £100,000 in whole pence, and nothing else', () => {
    expect(paymentLinkUrl(link, { amount: PAYMENT_LINK_MAX_AMOUNT })).toBe(`${link}?amount=10000000`);
    for (const amount of [
      0,
      -1,
      1.5,
      PAYMENT_LINK_MAX_AMOUNT + 1,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      '100',
    ]) {
      expect(issuesOf(() => paymentLinkUrl(link, { amount: amount as number }))).toEqual(['amount']);
    }
  });

  it('refuses a reference Pay would refuse: empty, over 255 characters, or with a blocked character', () => {
    expect(paymentLinkUrl(link, { reference: 'x'.repeat(255) })).toContain('reference=x');
    for (const reference of [
      '',
      '   ',
      'x'.repeat(256),
      ...'<>;:`()"=|,~[]'.split('').map((c) => `AB${c}12`),
    ]) {
      expect(issuesOf(() => paymentLinkUrl(link, { reference }))).toEqual(['reference']);
    }
  });

  it('refuses a link that is not an https URL (http only on loopback, for local fakes)', () => {
    expect(issuesOf(() => paymentLinkUrl('www.gov.uk/payments/x'))).toEqual(['link']);
    expect(issuesOf(() => paymentLinkUrl('http://www.gov.uk/payments/x'))).toEqual(['link']);
    expect(paymentLinkUrl('http://127.0.0.1:4000/pay/link', { amount: 5 })).toBe(
      'http://127.0.0.1:4000/pay/link?amount=5',
    );
  });

  it('names every wrong field at once', () => {
    expect(issuesOf(() => paymentLinkUrl('ftp://x', { reference: '<', amount: 0 }))).toEqual([
      'link',
      'reference',
      'amount',
    ]);
  });

  it('keeps other query parameters and the fragment, and replaces an existing reference or amount', () => {
    expect(
      paymentLinkUrl(`${link}?lang=cy&reference=old&amount=1#top`, { reference: 'new', amount: 250 }),
    ).toBe(`${link}?lang=cy&reference=new&amount=250#top`);
  });
});
