import { randomUUID } from 'node:crypto';
import {
  type Paginated,
  pathSegment,
  type RequestOptions,
  ValidationError,
  validateRequest,
} from '@council-sdk/core';
import {
  CreatePaymentRequest,
  Payment,
  PaymentEvents,
  PaymentSearchQuery,
  PaymentSearchResults,
} from '../schemas/payments.js';
import { PayResource } from './shared.js';

const IDEMPOTENCY_KEY = /^[a-zA-Z0-9-]{1,255}$/;

export interface CreatePaymentOptions extends Omit<RequestOptions, 'idempotencyKey'> {
  /**
   * Sent as `Idempotency-Key`: Pay returns the original payment for a repeat within 24 hours, so a retried create
   * never makes a second payment. Default: a fresh UUID per call (core retries with the same key). Pass your own
   * (1-255 of `a-zA-Z0-9-`, e.g. your order id) to make retries across process restarts safe too; `false` sends none.
   */
  idempotencyKey?: string | false;
}

const paymentPath = (paymentId: string, rest = '') =>
  `/v1/payments/${pathSegment(paymentId, 'paymentId')}${rest}`;

/** What a search of /v1/payments validates and reads. */
const PAYMENT_SEARCH = { query: PaymentSearchQuery, label: 'payment search', results: PaymentSearchResults };

export class Payments extends PayResource {
  /** POST /v1/payments: create a payment; send the user to `_links.next_url.href`. */
  async create(body: CreatePaymentRequest, options: CreatePaymentOptions = {}): Promise<Payment> {
    const request = validateRequest(CreatePaymentRequest, body, 'payment');
    const { idempotencyKey, ...rest } = options;
    const key = idempotencyKey === undefined ? randomUUID() : idempotencyKey;
    if (key !== false && (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key))) {
      throw new ValidationError([
        { path: 'idempotencyKey', message: 'Must be 1-255 letters, digits or hyphens' },
      ]);
    }
    const callOptions: RequestOptions = key === false ? rest : { ...rest, idempotencyKey: key };
    return this._post('/v1/payments', { body: request, response: Payment }, callOptions);
  }

  /** GET /v1/payments/{paymentId}. Unfinished web payments come with a fresh, single-use `next_url`. */
  async get(paymentId: string, options?: RequestOptions): Promise<Payment> {
    return this._get(
      paymentPath(paymentId),
      { response: Payment, context: 'GET /v1/payments/{paymentId}' },
      options,
    );
  }

  /** GET /v1/payments/{paymentId}/events: every status the payment has been through. */
  async getEvents(paymentId: string, options?: RequestOptions): Promise<PaymentEvents> {
    const context = 'GET /v1/payments/{paymentId}/events';
    return this._get(paymentPath(paymentId, '/events'), { response: PaymentEvents, context }, options);
  }

  /** POST /v1/payments/{paymentId}/cancel: only payments not yet paid or waiting for capture (`BadRequestError` P0501 otherwise). */
  async cancel(paymentId: string, options?: RequestOptions): Promise<void> {
    await this._post(paymentPath(paymentId, '/cancel'), {}, options);
  }

  /** POST /v1/payments/{paymentId}/capture: take a `capturable` payment (204 again once captured; `ConflictError` P1003 otherwise). */
  async capture(paymentId: string, options?: RequestOptions): Promise<void> {
    await this._post(paymentPath(paymentId, '/capture'), {}, options);
  }

  /**
   * GET /v1/payments: search, newest first. Iterate for payments (pages are fetched lazily by following
   * `_links.next_page`), or use `.pages()`. Eventually consistent: a payment may take a moment to appear.
   */
  list(query: PaymentSearchQuery = {}, options?: RequestOptions): Paginated<Payment, string> {
    return this._search<Payment>('/v1/payments', PAYMENT_SEARCH, query, options);
  }
}
