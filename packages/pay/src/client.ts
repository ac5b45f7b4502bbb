import { type ClientOptions, createHttpClient, type HttpClient, ValidationError } from '@council-sdk/core';
import { PAY_BASE_URL } from './constants.js';
import { describePayError, payErrorClass } from './errors.js';
import { Agreements } from './resources/agreements.js';
import { Disputes } from './resources/disputes.js';
import { Moto } from './resources/moto.js';
import { Payments } from './resources/payments.js';
import { Refunds } from './resources/refunds.js';
import { type Webhooks, webhooks } from './webhooks.js';

/**
 * Core's `ClientOptions` (`baseUrl` defaults to `https://publicapi.payments.service.gov.uk`, which test and live
 * share; `timeoutMs` to 30 s, and MOTO authorisation never uses less than 15 s; Pay sends no Retry-After and asks
 * for ~1 s after a 429) plus the API key.
 */
export interface PayClientOptions extends ClientOptions {
  /** Your Pay API key (test or live: the key decides). Never logged, never in an error. */
  apiKey: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** A GOV.UK Pay API client. */
export class PayClient {
  readonly payments: Payments;
  readonly refunds: Refunds;
  readonly agreements: Agreements;
  readonly disputes: Disputes;
  readonly moto: Moto;
  /** Webhook verification (needs no API key; also exported as `webhooks`). */
  readonly webhooks: Webhooks = webhooks;
  readonly #http: HttpClient;

  constructor(options: PayClientOptions) {
    const apiKey = options?.apiKey;
    if (typeof apiKey !== 'string' || apiKey.trim() === '') {
      throw new ValidationError([{ path: 'apiKey', message: 'Required: your GOV.UK Pay API key' }]);
    }
    this.#http = createHttpClient(
      {
        service: 'pay',
        version: __PKG_VERSION__,
        defaultBaseUrl: PAY_BASE_URL,
        defaultTimeoutMs: DEFAULT_TIMEOUT_MS,
        auth: () => ({ Authorization: `Bearer ${apiKey}` }),
        secrets: [apiKey],
        idempotencyKeyHeader: 'Idempotency-Key',
        describeError: describePayError,
        errorClass: payErrorClass,
      },
      options,
    );
    this.payments = new Payments(this.#http);
    this.refunds = new Refunds(this.#http);
    this.agreements = new Agreements(this.#http);
    this.disputes = new Disputes(this.#http);
    this.moto = new Moto(this.#http, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  }

  get baseUrl(): string {
    return this.#http.baseUrl;
  }

  /** Never show the API key when a client is logged or inspected. */
  toJSON(): Record<string, unknown> {
    return { baseUrl: this.#http.baseUrl };
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `PayClient { baseUrl: '${this.#http.baseUrl}' }`;
  }
}
