import { randomInt } from 'node:crypto';

// The rules of the service, free of HTTP and SQL so they can be read and tested on their own.

/** Permit lengths on offer, in months, and their fees in pence (GOV.UK Pay amounts are integer pence). */
export const PERMIT_FEES: Record<number, number> = { 3: 3000, 6: 5500, 12: 10000 };
export const PERMIT_LENGTHS = Object.keys(PERMIT_FEES).map(Number);

export function feeFor(months: number): number {
  const fee = PERMIT_FEES[months];
  if (fee === undefined) throw new RangeError(`No permit of ${months} months`);
  return fee;
}

/** 3000 -> "£30.00" (the same text in both languages). */
export function formatPence(pence: number): string {
  return `£${(pence / 100).toFixed(2)}`;
}

// GOV.UK Forms and Pay references avoid characters people misread (no I, O, Q, Z, 0, 1).
const ALPHABET = 'ABCDEFGHJKLMNPRSTUVWXY23456789';

/** A reference a resident can read over the phone, e.g. "PP-8E3YY3RX". */
export function newApplicationReference(): string {
  let ref = '';
  for (let i = 0; i < 8; i++) ref += ALPHABET[randomInt(ALPHABET.length)];
  return `PP-${ref}`;
}

export type FieldError = { field: string; key: string };

/**
 * Normalises a UK vehicle registration ("ab12 cde" -> "AB12CDE") and checks its shape.
 * Deliberately loose (current, prefix, suffix, dateless and personalised marks all exist): letters and digits,
 * 2 to 7 characters, at least one of each. Returns the message key of the problem, if any.
 */
export function parseVehicleRegistration(input: unknown): { value: string } | { error: string } {
  const raw = typeof input === 'string' ? input : '';
  const value = raw.replace(/[\s-]+/g, '').toUpperCase();
  if (value === '') return { error: 'errors.vrn.missing' };
  if (!/^[A-Z0-9]+$/.test(value)) return { error: 'errors.vrn.characters' };
  if (value.length > 7) return { error: 'errors.vrn.tooLong' };
  if (value.length < 2 || !/[A-Z]/.test(value) || !/[0-9]/.test(value)) return { error: 'errors.vrn.format' };
  return { value };
}

export function parsePermitLength(input: unknown): { value: number } | { error: string } {
  const months = Number(input);
  if (typeof input !== 'string' || !PERMIT_LENGTHS.includes(months))
    return { error: 'errors.permitLength.missing' };
  return { value: months };
}

// ---- Application and payment states ----

export type ApplicationStatus =
  | 'awaiting_payment'
  | 'paid'
  | 'payment_failed'
  | 'payment_cancelled'
  | 'refunded'
  /** The resident cancelled the application before paying. */
  | 'withdrawn';

/** GOV.UK Pay statuses; only `success` means the money was taken. */
export const FINISHED_PAY_STATUSES = new Set(['success', 'failed', 'cancelled', 'error']);

/**
 * What a payment's state means for its application. `undefined`: leave the application as it is.
 * The only road to `paid` is Pay reporting `success`; nothing moves a paid application backwards except a refund.
 */
export function applicationStatusAfterPayment(
  current: ApplicationStatus,
  pay: { status: string; code?: string | undefined },
): ApplicationStatus | undefined {
  if (current === 'paid' || current === 'refunded') return undefined;
  // A withdrawn application stays withdrawn, unless money was taken after all (paid in another tab): then it is paid.
  if (current === 'withdrawn') return pay.status === 'success' ? 'paid' : undefined;
  switch (pay.status) {
    case 'success':
      return 'paid';
    case 'failed':
      // P0030: the resident pressed "Cancel payment" on the Pay pages.
      return pay.code === 'P0030' ? 'payment_cancelled' : 'payment_failed';
    case 'cancelled':
      return 'payment_cancelled';
    case 'error':
      return 'payment_failed';
    default:
      return 'awaiting_payment';
  }
}

/**
 * Which payment attempt decides the application's outcome: any attempt that succeeded (the money was taken), but
 * only the newest attempt for a failure (an older declined attempt must not fail a retry in progress).
 */
export function attemptDecidesOutcome(
  paymentId: string,
  latestPaymentId: string | undefined,
  status: string,
): boolean {
  return status === 'success' || latestPaymentId === paymentId;
}

/** A payment is fully refunded once refunds cover its whole amount; the application is then `refunded`. */
export function isFullyRefunded(payment: { amount: number; refunded_amount: number }): boolean {
  return payment.refunded_amount >= payment.amount;
}

// Notify statuses only move forwards; a late "sending" callback must not overwrite "delivered".
const NOTIFY_RANK: Record<string, number> = {
  created: 0,
  pending: 1,
  sending: 1,
  sent: 2,
  delivered: 3,
  'permanent-failure': 3,
  'temporary-failure': 3,
  'technical-failure': 3,
};

export function isNotifyStatusNewer(current: string, next: string): boolean {
  return (NOTIFY_RANK[next] ?? 0) > (NOTIFY_RANK[current] ?? 0);
}
