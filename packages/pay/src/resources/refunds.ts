import { type HttpClient, Paginated, validateRequest, pathSegment } from '@council-sdk/core';
import {
  CreateRefundRequest,
  PaymentRefunds,
  Refund,
  RefundSearchQuery,
  RefundSearchResults,
} from '../schemas/refunds.js';
import { type CallOptions, callOptions } from './shared.js';

export class Refunds {
  readonly #http: HttpClient;
  constructor(http: HttpClient) {
    this.#http = http;
  }

  /**
   * POST /v1/payments/{paymentId}/refunds. Pay answers 202 with the refund (`status: submitted`). Send
   * `refund_amount_available` (the payment's `refund_summary.amount_available`): a repeat of the same refund then
   * fails with `PreconditionFailedError` (P0604) instead of refunding twice.
   */
  async create(paymentId: string, body: CreateRefundRequest, options: CallOptions = {}): Promise<Refund> {
    const request = validateRequest(CreateRefundRequest, body, 'refund');
    const res = await this.#http.request({
      method: 'POST',
      path: `/v1/payments/${pathSegment(paymentId, 'paymentId')}/refunds`,
      body: request,
      ...callOptions(options),
    });
    return this.#http.parse(Refund, res.data, 'POST /v1/payments/{paymentId}/refunds');
  }

  /** GET /v1/payments/{paymentId}/refunds/{refundId}. */
  async get(paymentId: string, refundId: string, options: CallOptions = {}): Promise<Refund> {
    const res = await this.#http.request({
      method: 'GET',
      path: `/v1/payments/${pathSegment(paymentId, 'paymentId')}/refunds/${pathSegment(refundId, 'refundId')}`,
      ...callOptions(options),
    });
    return this.#http.parse(Refund, res.data, 'GET /v1/payments/{paymentId}/refunds/{refundId}');
  }

  /** GET /v1/payments/{paymentId}/refunds: the payment's refunds (from `_embedded.refunds`). Eventually consistent. */
  async listForPayment(paymentId: string, options: CallOptions = {}): Promise<Refund[]> {
    const res = await this.#http.request({
      method: 'GET',
      path: `/v1/payments/${pathSegment(paymentId, 'paymentId')}/refunds`,
      ...callOptions(options),
    });
    return (
      this.#http.parse(PaymentRefunds, res.data, 'GET /v1/payments/{paymentId}/refunds')._embedded?.refunds ??
      []
    );
  }

  /** GET /v1/refunds: search every refund, lazily paged over `_links.next_page`. */
  list(query: RefundSearchQuery = {}, options: CallOptions = {}): Paginated<Refund, string> {
    const parsed = validateRequest(RefundSearchQuery, query, 'refund search');
    return new Paginated<Refund, string>(
      async (next, signal) => {
        const res = await this.#http.request({
          method: 'GET',
          path: next ?? '/v1/refunds',
          ...(next ? {} : { query: parsed }),
          ...callOptions({ ...options, ...(signal ? { signal } : {}) }),
        });
        const page = this.#http.parse(RefundSearchResults, res.data, 'GET /v1/refunds');
        return { items: page.results, next: page._links?.next_page?.href };
      },
      options.signal ? { signal: options.signal } : {},
    );
  }
}
