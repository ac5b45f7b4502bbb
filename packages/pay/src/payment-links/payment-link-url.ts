/**
 * `@council-sdk/pay/payment-links`: prefilled GOV.UK Pay payment links. Kept apart from the API client (it imports
 * only core's error classes) so that `@council-sdk/forms` can build links without loading the client.
 *
 * Pay documents the two query parameters (alphagov/pay-tech-docs source/prefill_payment_links/index.html.md.erb):
 * `reference` and `amount` in pence, e.g. `.../payment-link-title?reference=0451&amount=20000`. The payment-link app
 * refuses a prefilled value it would refuse from the form (alphagov/pay-products-ui app/payment/pre-payment.controller.js):
 * an amount that is not digits, is 0, or is over £100,000 (app/utils/validation/amount-validations.js), and a
 * reference that is empty, over 255 characters, or holds a character its firewall blocks
 * (app/utils/validation/form-validations.js, alphagov/pay-js-commons src/utils/field-validation-checks.js
 * `isNaxsiSafe`). A link built here is never one Pay would answer with "There is a problem with the link".
 */
import { ValidationError } from '@council-sdk/core/errors';

/** The largest amount a payment link takes: £100,000, in pence. */
export const PAYMENT_LINK_MAX_AMOUNT = 10_000_000;
/** The longest reference a payment link takes. */
export const PAYMENT_LINK_MAX_REFERENCE_LENGTH = 255;
/** Characters Pay's firewall (NAXSI) blocks in a reference. */
const BLOCKED_REFERENCE_CHARACTERS = /[<>;:`()"=|,~[\]]/;

export interface PaymentLinkPrefill {
  /** Shown in the reference field. Letters, digits, spaces, `-`, `_`, `/`, `.`, `'`...; up to 255 characters. */
  reference?: string;
  /** Pence, 1..10,000,000 (£100,000). Only used by links without a fixed price. */
  amount?: number;
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

/**
 * A payment link with the reference and/or amount filled in, as GOV.UK Pay documents. Throws `ValidationError`
 * naming the field (`link`, `reference` or `amount`) for a value Pay would refuse. Any existing `reference` or
 * `amount` parameter on the link is replaced; other parameters are kept.
 *
 * Pay uses a prefilled reference only if the link asks for one, and a prefilled amount only if the link has no
 * fixed price.
 */
export function paymentLinkUrl(link: string, prefill: PaymentLinkPrefill = {}): string {
  const issues: { path: string; message: string }[] = [];
  let url: URL | undefined;
  try {
    url = new URL(link);
  } catch {
    issues.push({
      path: 'link',
      message: 'must be an absolute URL (the payment link from the GOV.UK Pay admin tool)',
    });
  }
  if (url && url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    issues.push({ path: 'link', message: 'must be https' });
  }
  const { reference, amount } = prefill ?? {};
  if (reference !== undefined) {
    if (typeof reference !== 'string' || reference.trim() === '') {
      issues.push({ path: 'reference', message: 'must be a non-empty string' });
    } else if (reference.trim().length > PAYMENT_LINK_MAX_REFERENCE_LENGTH) {
      issues.push({
        path: 'reference',
        message: `must be at most ${PAYMENT_LINK_MAX_REFERENCE_LENGTH} characters`,
      });
    } else if (BLOCKED_REFERENCE_CHARACTERS.test(reference)) {
      issues.push({
        path: 'reference',
        message: 'must not contain < > ; : ` ( ) " = | , ~ [ or ] (GOV.UK Pay refuses them)',
      });
    }
  }
  if (amount !== undefined) {
    if (
      typeof amount !== 'number' ||
      !Number.isSafeInteger(amount) ||
      amount < 1 ||
      amount > PAYMENT_LINK_MAX_AMOUNT
    ) {
      issues.push({
        path: 'amount',
        message: `must be a whole number of pence from 1 to ${PAYMENT_LINK_MAX_AMOUNT}`,
      });
    }
  }
  if (issues.length) throw new ValidationError(issues, 'Invalid payment link');

  const target = url as URL;
  target.searchParams.delete('reference');
  target.searchParams.delete('amount');
  // Percent-encoding (spaces as %20): what a browser sends and the payment-link app decodes.
  const extra = [
    ...(reference !== undefined ? [`reference=${encodeURIComponent(reference)}`] : []),
    ...(amount !== undefined ? [`amount=${amount}`] : []),
  ];
  if (extra.length === 0) return target.toString();
  const query = target.search ? `${target.search}&` : '?';
  return `${target.origin}${target.pathname}${query}${extra.join('&')}${target.hash}`;
}
