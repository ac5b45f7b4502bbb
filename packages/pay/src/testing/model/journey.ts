/**
 * The paying user's side: the hosted card page behind `next_url` (single use), the card checks the page makes,
 * and authorisation of a card by the sandbox payment provider (see cards.ts). MOTO (`POST /v1/auth`) and
 * `fake.completePayment` authorise through the same function, so every way of paying follows one card table.
 */
import type { PayContext } from './context.js';
import { notFound } from './errors.js';
import {
  authorised,
  cancelledByUser,
  gatewayError,
  isFinished,
  rejected,
  started,
  TERMINABLE,
} from './lifecycle.js';
import { brandOf, findTestCard, passesLuhn } from './cards.js';
import type { BillingAddressRecord, PaymentRecord } from './records.js';

/** A card as the hosted page (or a test, or MOTO) submits it. */
export interface CardSubmission {
  card_number: string;
  /** `MM/YY`; or give `expiry_month` + `expiry_year`. */
  expiry_date?: string;
  expiry_month?: string;
  expiry_year?: string;
  cvc: string;
  cardholder_name: string;
  email?: string;
  billing_address?: BillingAddressRecord;
}

export interface CardError {
  field: 'card_number' | 'expiry_date' | 'cvc' | 'cardholder_name';
  message: string;
}

export type CardSubmissionResult =
  /** The form has errors; nothing changed. */
  | { kind: 'invalid'; payment: PaymentRecord; errors: CardError[] }
  /** The journey is over: send the user to `return_url`. */
  | { kind: 'finished'; payment: PaymentRecord; returnUrl: string | undefined };

export type JourneyStart =
  | { kind: 'card_page'; payment: PaymentRecord }
  | { kind: 'finished'; payment: PaymentRecord; returnUrl: string | undefined };

const digits = (cardNumber: string) => (cardNumber ?? '').replace(/[\s-]/g, '');

function expiryOf(card: CardSubmission): { month: string; year: string } {
  if (card.expiry_date) {
    const [month = '', year = ''] = card.expiry_date.split('/');
    return { month, year };
  }
  return { month: card.expiry_month ?? '', year: card.expiry_year ?? '' };
}

/**
 * The checks the card page makes before anything reaches the provider: a number that passes the Luhn check and is
 * of an accepted brand (Maestro is not: "Card type not accepted", alphagov/pay-tech-docs source/testing_govuk_pay),
 * an expiry date not in the past, a 3-digit security code (4 for American Express) and a name.
 */
export function validateCard(ctx: PayContext, card: CardSubmission): CardError[] {
  const errors: CardError[] = [];
  const number = digits(card.card_number);
  if (!/^\d{12,19}$/.test(number) || !passesLuhn(number)) {
    errors.push({ field: 'card_number', message: 'Enter a valid card number' });
  } else if (findTestCard(number)?.outcome === 'not_accepted' || brandOf(number).brandSlug === 'maestro') {
    errors.push({ field: 'card_number', message: `${brandOf(number).brand} cards are not accepted` });
  }
  const { month, year } = expiryOf(card);
  const m = Number(month);
  let y = Number(year);
  if (y < 100) y += 2000;
  if (!/^\d{1,2}$/.test(month) || m < 1 || m > 12 || !/^(\d{2}|\d{4})$/.test(year)) {
    errors.push({ field: 'expiry_date', message: 'Enter a valid expiry date' });
  } else {
    const now = ctx.clock.now();
    if (y < now.getUTCFullYear() || (y === now.getUTCFullYear() && m < now.getUTCMonth() + 1)) {
      errors.push({ field: 'expiry_date', message: 'The card has expired' });
    }
  }
  const amex = brandOf(number).brandSlug === 'american-express';
  if (!(amex ? /^\d{4}$/ : /^\d{3}$/).test(card.cvc ?? '')) {
    errors.push({ field: 'cvc', message: 'Enter a valid card security code' });
  }
  const name = (card.cardholder_name ?? '').trim();
  if (name.length === 0 || name.length > 255) {
    errors.push({ field: 'cardholder_name', message: 'Enter the name as it appears on the card' });
  }
  return errors;
}

/** Activate the agreement a set-up payment was for, with the card it was paid with (checkToSavePaymentInstrument). */
function saveToAgreement(ctx: PayContext, p: PaymentRecord): void {
  const agreement = p.set_up_agreement ? ctx.state.agreements[p.set_up_agreement] : undefined;
  if (agreement?.status !== 'created' || !p.card_details) return;
  agreement.status = 'active';
  agreement.payment_instrument = {
    type: 'card',
    created_date: ctx.nowIso(),
    card_details: structuredClone(p.card_details),
  };
}

/**
 * Authorise a card that passed the page's checks, as alphagov/pay-connector gateway/sandbox/SandboxPaymentProvider
 * does: a good card is authorised, a rejected card declined (P0010), an error card or any number the sandbox does
 * not know ("Unsupported card details.") is a provider error (P0050).
 */
export function authoriseCard(ctx: PayContext, p: PaymentRecord, card: CardSubmission): void {
  const number = digits(card.card_number);
  const { month, year } = expiryOf(card);
  const testCard = findTestCard(number);
  p.card_details = {
    card_brand: brandOf(number).brand,
    ...(testCard?.type ? { card_type: testCard.type } : {}),
    cardholder_name: card.cardholder_name.trim(),
    expiry_date: `${month.padStart(2, '0')}/${year.slice(-2)}`,
    first_digits_card_number: number.slice(0, 6),
    last_digits_card_number: number.slice(-4),
    ...(card.billing_address ? { billing_address: card.billing_address } : {}),
  };
  if (card.email && p.email === undefined) p.email = card.email;
  switch (testCard?.outcome) {
    case 'success':
      authorised(ctx, p);
      saveToAgreement(ctx, p);
      return;
    case 'declined':
      rejected(ctx, p);
      return;
    default:
      gatewayError(ctx, p);
  }
}

/** The payment behind a next_url token; the token is used up (Pay's next_url works once). */
export function startJourney(ctx: PayContext, token: string): JourneyStart {
  const t = ctx.state.tokens[token];
  if (!t || t.used) throw notFound('P0200');
  t.used = true;
  const p = ctx.record(t.payment_id);
  if (p.charge_status !== 'CREATED' && p.charge_status !== 'ENTERING_CARD_DETAILS') {
    return { kind: 'finished', payment: p, returnUrl: p.return_url };
  }
  started(ctx, p);
  return { kind: 'card_page', payment: p };
}

/** Submit card details on the hosted page. */
export function submitCard(ctx: PayContext, paymentId: string, card: CardSubmission): CardSubmissionResult {
  const p = ctx.state.payments[paymentId];
  if (!p) throw notFound('P0200');
  if (p.charge_status !== 'ENTERING_CARD_DETAILS')
    return { kind: 'finished', payment: p, returnUrl: p.return_url };
  const errors = validateCard(ctx, card);
  if (errors.length > 0) return { kind: 'invalid', payment: p, errors };
  authoriseCard(ctx, p, card);
  return { kind: 'finished', payment: p, returnUrl: p.return_url };
}

/** The user pressed "Cancel payment" on the hosted page: failed, P0030. */
export function cancelJourney(ctx: PayContext, paymentId: string): CardSubmissionResult {
  const p = ctx.state.payments[paymentId];
  if (!p) throw notFound('P0200');
  if (TERMINABLE.includes(p.charge_status) && !isFinished(p)) cancelledByUser(ctx, p);
  return { kind: 'finished', payment: p, returnUrl: p.return_url };
}

/**
 * Pay with a card without the hosted page (a test's shortcut): the page's checks, then the card table decides.
 * Throws when the payment cannot be paid or the card fails the page's checks.
 */
export function completePayment(
  ctx: PayContext,
  id: string,
  options: { card?: Partial<CardSubmission> } = {},
): PaymentRecord {
  const p = ctx.record(id);
  if (p.authorisation_mode === 'agreement')
    throw new Error('completePayment is for web and moto_api payments');
  started(ctx, p);
  if (p.charge_status !== 'ENTERING_CARD_DETAILS')
    throw new Error(`Payment ${id} is ${p.status}: it cannot be paid`);
  const card: CardSubmission = {
    card_number: '4444333322221111',
    cvc: '123',
    expiry_month: '12',
    expiry_year: String(ctx.clock.now().getUTCFullYear() + 3),
    cardholder_name: 'Test User',
    ...options.card,
  };
  if (brandOf(card.card_number).brandSlug === 'american-express' && !options.card?.cvc) card.cvc = '1234';
  const errors = validateCard(ctx, card);
  if (errors.length > 0) throw new Error(`Card rejected: ${errors.map((e) => e.message).join('; ')}`);
  authoriseCard(ctx, p, card);
  return p;
}
