/**
 * Refunds: create, get, a payment's list, and search (alphagov/pay-publicapi resources/PaymentRefundsResource.java,
 * json/RequestJsonParser.parseRefundRequest, exception/mapper/CreateRefundExceptionMapper.java;
 * alphagov/pay-connector refund/service/RefundService.java).
 */
import type { PayContext } from './context.js';
import { invalid, notFound, payError } from './errors.js';
import { amountField } from './payment-request.js';
import { type FakeAccount, payId, type RefundRecord } from './records.js';
import {
  checkParams,
  DISPLAY_SIZE,
  FROM_DATE,
  FROM_SETTLED_DATE,
  inDates,
  newestFirst,
  PAGE,
  TO_DATE,
  TO_SETTLED_DATE,
  page,
  type SearchParams,
} from './search.js';
import { refundJson, refundSummary } from './views.js';

function settle(ctx: PayContext, r: RefundRecord, status: 'success' | 'error'): void {
  r.status = status;
  if (status !== 'success') return;
  r.settled_date = ctx.nowIso().slice(0, 10);
  // REFUND_SUCCEEDED -> card_payment_refunded, about the parent payment (pay-webhooks EventMapper CHILD_EVENTS).
  const payment = ctx.state.payments[r.payment_id];
  if (payment) ctx.emit('card_payment_refunded', payment);
}

/** When a submitted refund settles (the sandbox provider refunds at once; `refundSettleMs` holds it back). */
export const settlesAt = (ctx: PayContext, r: RefundRecord) =>
  Date.parse(r.created_date) + ctx.refundSettleMs;

/** Settle what is due (called on the clock's schedule). */
export function settleDue(ctx: PayContext): void {
  for (const r of Object.values(ctx.state.refunds)) {
    if (r.status === 'submitted' && ctx.nowMs() >= settlesAt(ctx, r)) settle(ctx, r, 'success');
  }
}

function addRefund(ctx: PayContext, paymentId: string, accountId: string, amount: number): RefundRecord {
  const r: RefundRecord = {
    refund_id: payId(),
    payment_id: paymentId,
    account_id: accountId,
    amount,
    status: 'submitted',
    created_date: ctx.nowIso(),
  };
  ctx.state.refunds[r.refund_id] = r;
  ctx.scheduleChanged();
  return r;
}

/**
 * `refund_amount_available` as alphagov/pay-publicapi json/RequestJsonParser.parseRefundRequest reads it: only a
 * missing key counts as "not sent"; anything else goes through Jackson's `JsonNode.asInt()`, so `null`, `false`, an
 * object or a word is 0, `true` is 1, a number is cut to a Java int, and a string holding a number is that number
 * (NumberInput.parseAsInt: trimmed, digits parsed as an int, anything else parsed as a double and cut).
 */
export function refundAmountAvailableField(node: Record<string, unknown>): number | undefined {
  if (!Object.hasOwn(node, 'refund_amount_available')) return undefined;
  const value = node.refund_amount_available;
  if (typeof value === 'number') return toJavaInt(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value !== 'string') return 0;
  const text = value.trim().replace(/^\+/, '');
  if (text === '') return 0;
  if (/^-?\d+$/.test(text)) {
    const n = Number(text);
    return n >= -(2 ** 31) && n < 2 ** 31 ? n : 0;
  }
  // Java's Double.parseDouble: a decimal or exponent form; NaN and words are refused (0), NaN itself casts to 0.
  if (!/^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?$/.test(text)) return 0;
  return toJavaInt(Number(text.replace(/[dDfF]$/, '')));
}

/** A JSON number as Java's int: integers wrap like a long cast to int, fractions are cut and saturate like a double cast. */
function toJavaInt(n: number): number {
  if (Number.isNaN(n)) return 0;
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) return n | 0;
  return Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, Math.trunc(n)));
}

/**
 * POST /v1/payments/{id}/refunds. The amount is checked first (RequestJsonParser, PaymentRefundRequestValidator).
 * Without `refund_amount_available`, publicapi reads the payment first to learn it (service/CreateRefundService.java
 * getRefundAmountAvailableFromPayment, through GetPaymentService, whose not-found is GetChargeExceptionMapper's
 * 404 P0200); with it, the connector's own 404 is P0600. The connector then checks availability, the amount
 * available and the amount asked for, in RefundService.validateRefundAndGetAvailableAmount order. Answers 202.
 */
export function createRefund(
  ctx: PayContext,
  account: FakeAccount,
  paymentId: string,
  body: unknown,
): Record<string, unknown> {
  const node =
    typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : {};
  const amount = amountField(node, { missing: 'P0601', invalid: 'P0602' });
  const expected = refundAmountAvailableField(node);
  // PaymentRefundRequestValidator: 1..10,000,000 (422).
  if (amount < 1) throw invalid(422, 'amount', 'Must be greater than or equal to 1', 'P0602');
  if (amount > 10_000_000) throw invalid(422, 'amount', 'Must be less than or equal to 10000000', 'P0602');
  const p = ctx.payment(account, paymentId, expected === undefined ? 'P0200' : 'P0600');
  if (account.disabled) {
    throw payError(
      403,
      'P0941',
      'GOV.UK Pay has disabled payment and refund creation on this account. Contact support with your error code - https://www.payments.service.gov.uk/support/ .',
    );
  }
  const summary = refundSummary(ctx, p);
  if (summary.status === 'unavailable' && p.disputed) {
    throw payError(400, 'P0603', 'The payment is disputed and cannot be refunded');
  }
  if (summary.status !== 'available') {
    throw payError(
      400,
      'P0603',
      `The payment is not available for refund. Payment refund status: ${summary.status}`,
    );
  }
  if (expected !== undefined && expected !== summary.amount_available) {
    throw payError(412, 'P0604', 'Refund amount available mismatch.');
  }
  if (amount > summary.amount_available) {
    throw payError(
      400,
      'P0603',
      'The payment is not available for refund. Payment refund status: amount_not_available',
    );
  }
  const r = addRefund(ctx, p.payment_id, account.id, amount);
  // The sandbox provider refunds at once (alphagov/pay-connector gateway/sandbox/SandboxPaymentProvider.refund answers
  // COMPLETE), and RefundService.submitRefund answers with the refund already REFUNDED: 202 with status `success`.
  // `refundSettleMs` models a provider that confirms later: `submitted` until then.
  if (ctx.nowMs() >= settlesAt(ctx, r)) settle(ctx, r, 'success');
  return refundJson(ctx, r);
}

export function getRefund(
  ctx: PayContext,
  account: FakeAccount,
  paymentId: string,
  refundId: string,
): Record<string, unknown> {
  ctx.payment(account, paymentId, 'P0700');
  const r = ctx.state.refunds[refundId];
  if (!r || r.payment_id !== paymentId) throw notFound('P0700');
  return refundJson(ctx, r);
}

export function listRefundsForPayment(
  ctx: PayContext,
  account: FakeAccount,
  paymentId: string,
): Record<string, unknown> {
  ctx.payment(account, paymentId, 'P0800');
  const refunds = Object.values(ctx.state.refunds)
    .filter((r) => r.payment_id === paymentId && ctx.searchable(r.created_date))
    .sort((a, b) => (a.created_date < b.created_date ? -1 : 1));
  return {
    payment_id: paymentId,
    _links: {
      self: ctx.link(`/v1/payments/${paymentId}/refunds`),
      payment: ctx.link(`/v1/payments/${paymentId}`),
    },
    _embedded: { refunds: refunds.map((r) => refundJson(ctx, r)) },
  };
}

export function searchRefunds(
  ctx: PayContext,
  account: FakeAccount,
  params: SearchParams,
): Record<string, unknown> {
  checkParams(params, [FROM_DATE, TO_DATE, FROM_SETTLED_DATE, TO_SETTLED_DATE, PAGE, DISPLAY_SIZE], 'P1101');
  const items = Object.values(ctx.state.refunds)
    .filter((r) => r.account_id === account.id && ctx.searchable(r.created_date))
    .filter((r) => inDates(r.created_date, r.settled_date, params))
    .sort(newestFirst);
  const results = page(ctx, '/v1/refunds', params, items, 'P1100');
  return { ...results, results: results.results.map((r) => refundJson(ctx, r)) };
}

// ------------------------------------------------------------------------------------------ steering

/** Refund a captured payment (all that is left by default), as the service would. Settles like any refund. */
export function refundNow(ctx: PayContext, paymentId: string, amount?: number): RefundRecord {
  const p = ctx.record(paymentId);
  const summary = refundSummary(ctx, p);
  const value = amount ?? summary.amount_available;
  if (summary.status !== 'available' || value < 1 || value > summary.amount_available) {
    throw new Error(
      `Payment ${paymentId} cannot be refunded ${value}p (available: ${summary.amount_available}p)`,
    );
  }
  const r = addRefund(ctx, paymentId, p.account_id, value);
  if (ctx.nowMs() >= settlesAt(ctx, r)) settle(ctx, r, 'success');
  return r;
}

/** Move a submitted refund to `success` or `error`. */
export function setRefundStatus(
  ctx: PayContext,
  refundId: string,
  status: 'success' | 'error',
): RefundRecord {
  const r = ctx.state.refunds[refundId];
  if (!r) throw new Error(`No refund ${refundId} in the fake`);
  if (r.status !== 'submitted') throw new Error(`Refund ${refundId} is already ${r.status}`);
  settle(ctx, r, status);
  return r;
}
