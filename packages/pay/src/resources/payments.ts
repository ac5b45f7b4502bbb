import { randomUUID } from 'node:crypto';
import { type HttpClient, Paginated, ValidationError, validateRequest, pathSegment } from '@council-sdk/core';
import {
  CreatePaymentRequest,
  Payment,
  PaymentEvents,
  PaymentSearchQuery,
  PaymentSearchResults,
} from '../schemas/payments.js';
import { type CallOptions, callOptions } from './shared.js';

const IDEMPOTENCY_KEY = /^[a-zA-Z0-9-]{1,255}$/;

export interface CreatePaymentOptions extends CallOptions {
  /**
   * Sent as `Idempotency-Key`: Pay returns the original payment for a repeat within 24 hours, so a retried create
   * never makes a second payment. Default: a fresh UUID per call (core retries with the same key). Pass your own
   * (1-255 of `a-zA-Z0-9-`, e.g. your order id) to make retries across process restarts safe too; `false` sends none.
   */
  idempotencyKey?: string | false;
}

export class Payments {
  readonly #http: HttpClient;
  constructor(http: HttpClient) {
    this.#http = http;
  }

  /** POST /v1/payments: create a payment; send the user to `_links.next_url.href`. */
  async create(body: CreatePaymentRequest, options: CreatePaymentOptions = {}): Promise<Payment> {
    const request = validateRequest(CreatePaymentRequest, body, 'payment');
    const key = options.idempotencyKey === undefined ? randomUUID() : options.idempotencyKey;
    if (key !== false && (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key))) {
      throw new ValidationError([
        { path: 'idempotencyKey', message: 'Must be 1-255 letters, digits or hyphens' },
      ]);
    }
    const res = await this.#http.request({
      method: 'POST',
      path: '/v1/payments',
      body: request,
      ...(key === false ? {} : { idempotencyKey: key }),
      ...callOptions(options),
    });
    return this.#http.parse(Payment, res.data, 'POST /v1/payments');
  }

  /** GET /v1/payments/{paymentId}. Unfinished web payments come with a fresh, single-use `next_url`. */
  async get(paymentId: string, options: CallOptions = {}): Promise<Payment> {
    const res = await this.#http.request({
      method: 'GET',
      path: `/v1/payments/${pathSegment(paymentId, 'paymentId')}`,
      ...callOptions(options),
    });
    return this.#http.parse(Payment, res.data, 'GET /v1/payments/{paymentId}');
  }

  /** GET /v1/payments/{paymentId}/events: every status the payment has been through. */
  async getEvents(paymentId: string, options: CallOptions = {}): Promise<PaymentEvents> {
    const res = await this.#http.request({
      method: 'GET',
      path: `/v1/payments/${pathSegment(paymentId, 'paymentId')}/events`,
      ...callOptions(options),
    });
    return this.#http.parse(PaymentEvents, res.data, 'GET /v1/payments/{paymentId}/events');
  }

  /** POST /v1/payments/{paymentId}/cancel: only payments not yet paid or waiting for capture (`BadRequestError` P0501 otherwise). */
  async cancel(paymentId: string, options: CallOptions = {}): Promise<void> {
    await this.#http.request({
      method: 'POST',
      path: `/v1/payments/${pathSegment(paymentId, 'paymentId')}/cancel`,
      ...callOptions(options),
    });
  }

  /** POST /v1/payments/{paymentId}/capture: take a `capturable` payment (204 again once captured; `ConflictError` P1003 otherwise). */
  async capture(paymentId: string, options: CallOptions = {}): Promise<void> {
    await this.#http.request({
      method: 'POST',
      path: `/v1/payments/${pathSegment(paymentId, 'paymentId')}/capture`,
      ...callOptions(options),
    });
  }

  /**
   * GET /v1/payments: search, newest first. Iterate for payments (pages are fetched lazily by following
   * `_links.next_page`), or use `.pages()`. Eventually consistent: a payment may take a moment to appear.
   */
  list(query: PaymentSearchQuery = {}, options: CallOptions = {}): Paginated<Payment, string> {
    const parsed = validateRequest(PaymentSearchQuery, query, 'payment search');
    return new Paginated<Payment, string>(
      async (next, signal) => {
        const res = await this.#http.request({
          method: 'GET',
          path: next ?? '/v1/payments',
          ...(next ? {} : { query: parsed }),
          ...callOptions({ ...options, ...(signal ? { signal } : {}) }),
        });
        const page = this.#http.parse(PaymentSearchResults, res.data, 'GET /v1/payments');
        return { items: page.results, next: page._links?.next_page?.href };
      },
      options.signal ? { signal: options.signal } : {},
    );
  }
}
