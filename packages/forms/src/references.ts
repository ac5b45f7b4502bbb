/**
 * GOV.UK Forms submission references: 8 characters, the same scheme GOV.UK Pay uses, so a council can
 * match a payment to a submission by reference.
 */
import { randomInt } from 'node:crypto';
import { ValidationError } from '@council-sdk/core';
import { paymentLinkUrl } from '@council-sdk/pay/payment-links';

/** No I, O, Q, Z, 0 or 1: they are easy to misread when a reference is read out over the phone. */
const LETTERS_AND_DIGITS = 'ABCDEFGHJKLMNPRSTUVWXY23456789';
const DIGITS = '23456789';

const REFERENCE = /^[A-HJ-NPR-Y2-9]{2}[2-9][A-HJ-NPR-Y2-9]{2}[2-9][A-HJ-NPR-Y2-9]{2}$/;

/** True for a well-formed submission reference such as `8E3YY3RX` (positions 2 and 5 are digits 2-9). */
export function isSubmissionReference(value: unknown): value is string {
  return typeof value === 'string' && REFERENCE.test(value);
}

/** A new random reference in the GOV.UK Forms format (cryptographically random, like the runner's). */
export function generateSubmissionReference(): string {
  let out = '';
  for (let i = 0; i < 8; i++) {
    const alphabet = i === 2 || i === 5 ? DIGITS : LETTERS_AND_DIGITS;
    out += alphabet[randomInt(alphabet.length)];
  }
  return out;
}

/**
 * The GOV.UK Pay payment link a form sends the user to after submitting: the form's `payment_url` with
 * `?reference=<REF>` appended, as forms-runner builds it. Pay records the reference on the payment, so
 * `pay.payments.list({ reference })` finds the payment for a submission. Built by `@council-sdk/pay`'s
 * `paymentLinkUrl` (the rule for prefilled payment links belongs to Pay). Returns undefined when the form takes no
 * payment; throws `ValidationError` for a reference that is not a submission reference or a `payment_url` that is
 * not an https URL.
 */
export function paymentLinkFor(
  form: { payment_url?: string | null | undefined },
  reference: string,
): string | undefined {
  if (!isSubmissionReference(reference)) {
    throw new ValidationError([{ path: 'reference', message: 'is not a GOV.UK Forms submission reference' }]);
  }
  const url = form.payment_url;
  if (typeof url !== 'string' || url === '') return undefined;
  try {
    return paymentLinkUrl(url, { reference });
  } catch (error) {
    // Name the form's field rather than the helper's parameter.
    if (error instanceof ValidationError) {
      throw new ValidationError(
        error.issues.map((i) => ({ ...i, path: i.path === 'link' ? 'payment_url' : i.path })),
        'Invalid payment link',
      );
    }
    throw error;
  }
}
