import {
  APIResource,
  type Paginated,
  pathSegment,
  type RequestOptions,
  validateRequest,
} from '@council-sdk/core';
import {
  CreateRefundRequest,
  PaymentRefunds,
  Refund,
  RefundSearchQuery,
  RefundSearchResults,
} from '../schemas/refunds.js';
import { searchPages } from './shared.js';

const refundsPath = (paymentId: string) => `/v1/payments/${pathSegment(paymentId, 'paymentId')}/refunds`;

export class Refunds extends APIResource {
  /**
   * POST /v1/payments/{paymentId}/refunds. Pay answers 202 with the refund (`status: submitted`). Send
   * `refund_amount_available` (the payment's `refund_summary.amount_available`): a repeat of the same refund then
   * fails with `PreconditionFailedError` (P0604) instead of refunding twice.
   */
  async create(paymentId: string, body: CreateRefundRequest, options?: RequestOptions): Promise<Refund> {
    const request = validateRequest(CreateRefundRequest, body, 'refund');
    const context = 'POST /v1/payments/{paymentId}/refunds';
    return this._post(refundsPath(paymentId), { body: request, response: Refund, context }, options);
  }

  /** GET /v1/payments/{paymentId}/refunds/{refundId}. */
  async get(paymentId: string, refundId: string, options?: RequestOptions): Promise<Refund> {
    const path = `${refundsPath(paymentId)}/${pathSegment(refundId, 'refundId')}`;
    return this._get(
      path,
      { response: Refund, context: 'GET /v1/payments/{paymentId}/refunds/{refundId}' },
      options,
    );
  }

  /**
   * GET /v1/payments/{paymentId}/refunds: the payment's refunds (from `_embedded.refunds`), as one page of a
   * `Paginated` like every other list (Pay does not page this one). Eventually consistent.
   */
  listForPayment(paymentId: string, options?: RequestOptions): Paginated<Refund, never> {
    return this._getSinglePage(
      refundsPath(paymentId),
      { response: PaymentRefunds, context: 'GET /v1/payments/{paymentId}/refunds' },
      (page) => page._embedded?.refunds ?? [],
      options,
    );
  }

  /** GET /v1/refunds: search every refund, lazily paged over `_links.next_page`. */
  list(query: RefundSearchQuery = {}, options?: RequestOptions): Paginated<Refund, string> {
    const parsed = validateRequest(RefundSearchQuery, query, 'refund search');
    return this._getLinkPaginated(
      '/v1/refunds',
      { query: parsed, response: RefundSearchResults },
      searchPages<Refund>(),
      options,
    );
  }
}
