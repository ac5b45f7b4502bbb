import { type Paginated, pathSegment, type RequestOptions, validateRequest } from '@council-sdk/core';
import {
  CreateRefundRequest,
  PaymentRefunds,
  Refund,
  RefundSearchQuery,
  RefundSearchResults,
} from '../schemas/refunds.js';
import { PayResource } from './shared.js';

const refundsPath = (paymentId: string) => `/v1/payments/${pathSegment(paymentId, 'paymentId')}/refunds`;

/** What a search of /v1/refunds validates and reads. */
const REFUND_SEARCH = { query: RefundSearchQuery, label: 'refund search', results: RefundSearchResults };

export class Refunds extends PayResource {
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
    return this._search<Refund>('/v1/refunds', REFUND_SEARCH, query, options);
  }
}
