import { FINISHED_STATUSES, type Payment, type PaymentStatus } from './schemas/payments.js';

export type FinishedStatus = 'success' | 'failed' | 'cancelled' | 'error';

/** A payment whose `state.status` is known to be `S`. */
export type PaymentWithStatus<S extends PaymentStatus> = Payment & {
  state: Payment['state'] & { status: S; finished?: S extends FinishedStatus ? true : false };
};

/** Has the payment reached a final status (`success`, `failed`, `cancelled`, `error`)? It will not change again. */
export function isFinished(payment: Pick<Payment, 'state'>): boolean {
  if (typeof payment.state?.finished === 'boolean') return payment.state.finished;
  return (FINISHED_STATUSES as readonly string[]).includes(payment.state?.status);
}

/** Narrow a payment by status: `if (hasStatus(p, 'failed')) p.state.code`. */
export function hasStatus<S extends PaymentStatus>(
  payment: Payment,
  ...statuses: S[]
): payment is PaymentWithStatus<S> {
  return (statuses as string[]).includes(payment.state?.status);
}

export const isSuccessful = (payment: Payment): payment is PaymentWithStatus<'success'> =>
  hasStatus(payment, 'success');
/** A delayed-capture payment waiting for `payments.capture`. */
export const isCapturable = (payment: Payment): payment is PaymentWithStatus<'capturable'> =>
  hasStatus(payment, 'capturable');

/** Pence you can still refund: `refund_summary.amount_available` when refunds are `available`, otherwise 0. */
export function refundableAmount(payment: Pick<Payment, 'refund_summary'>): number {
  const summary = payment.refund_summary;
  if (summary?.status !== 'available') return 0;
  return Math.max(0, summary.amount_available ?? 0);
}

const gbp = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });

/** Pence as pounds for display: `formatPounds(123456)` is `£1,234.56`. */
export function formatPounds(pence: number): string {
  if (!Number.isInteger(pence)) throw new RangeError('formatPounds takes a whole number of pence');
  return gbp.format(pence / 100);
}

/** Pounds text to pence without floating point: `'12.5'` -> 1250, `'£1,000'` -> 100000. */
export function poundsToPence(pounds: string | number): number {
  const text = String(pounds).trim().replace(/^£/, '').replaceAll(',', '');
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) throw new RangeError('Not an amount in pounds');
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}
