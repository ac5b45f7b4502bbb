import { z } from 'zod';
import { Link, PagingQuery, Pence, SearchDate, SearchDateTime, searchResults } from './common.js';

/** POST /v1/payments/{paymentId}/refunds body. */
export const CreateRefundRequest = z.strictObject({
  /** pence to refund, 1..10,000,000 */
  amount: Pence,
  /**
   * The payment's `refund_summary.amount_available` as you last saw it. Optional for the server, but the docs ask you
   * to send it: Pay then refuses (412 P0604) if another refund got there first, so you never refund twice.
   */
  refund_amount_available: Pence.optional(),
});
export type CreateRefundRequest = z.input<typeof CreateRefundRequest>;

export const REFUND_STATUSES = ['submitted', 'success', 'error'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

export const Refund = z.looseObject({
  refund_id: z.string(),
  payment_id: z.string().optional(),
  /** pence */
  amount: z.number().optional(),
  /** submitted | success | error */
  status: z.string().optional(),
  created_date: z.string().optional(),
  settlement_summary: z.looseObject({ settled_date: z.string().optional() }).optional(),
  _links: z.looseObject({ self: Link.optional(), payment: Link.optional() }).optional(),
});
export type Refund = z.infer<typeof Refund>;

/** GET /v1/payments/{paymentId}/refunds: `{payment_id, _links, _embedded: {refunds}}`. */
export const PaymentRefunds = z.looseObject({
  payment_id: z.string().optional(),
  _links: z.looseObject({ self: Link.optional(), payment: Link.optional() }).optional(),
  _embedded: z.looseObject({ refunds: z.array(Refund).default([]) }).optional(),
});
export type PaymentRefunds = z.infer<typeof PaymentRefunds>;

/** GET /v1/refunds query. */
export const RefundSearchQuery = z.strictObject({
  from_date: SearchDateTime.optional(),
  to_date: SearchDateTime.optional(),
  from_settled_date: SearchDate.optional(),
  to_settled_date: SearchDate.optional(),
  ...PagingQuery,
});
export type RefundSearchQuery = z.input<typeof RefundSearchQuery>;

export const RefundSearchResults = searchResults(Refund);
export type RefundSearchResults = z.infer<typeof RefundSearchResults>;
