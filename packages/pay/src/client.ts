import {
  type ApiErrorClass,
  type ApiErrorInit,
  ConflictError,
  type ErrorDescription,
  HttpClient,
  type HttpClientOptions,
  PreconditionFailedError,
  ValidationError,
} from '@council-sdk/core';
import { Agreements } from './resources/agreements.js';
import { Disputes } from './resources/disputes.js';
import { Moto } from './resources/moto.js';
import { Payments } from './resources/payments.js';
import { Refunds } from './resources/refunds.js';
import { PAY_BASE_URL } from './constants.js';
import { type Webhooks, webhooks } from './webhooks.js';

export interface PayClientOptions {
  /** Your Pay API key (test or live: the key decides). Never logged, never in an error. */
  apiKey: string;
  /** Default `https://publicapi.payments.service.gov.uk` (test and live share it). */
  baseUrl?: string;
  /** Per-attempt timeout, default 30 s (MOTO authorisation never uses less than 15 s). */
  timeoutMs?: number;
  /** Retries of retry-safe failures, default 2. */
  maxRetries?: number;
  /** Your own axios instance (proxies, agents, interceptors). */
  axios?: HttpClientOptions['axios'];
  /** Your product token, appended to the User-Agent, e.g. `my-council-parking/2.1`. */
  userAgent?: string;
  logger?: HttpClientOptions['logger'];
  hooks?: HttpClientOptions['hooks'];
  /** Backoff tuning (`baseDelayMs` 250, `maxDelayMs` 8,000 by default). Pay sends no Retry-After; it asks for ~1 s after a 429. */
  retry?: HttpClientOptions['retry'];
}

/** Pay's error body `{field?, header?, code, description}` in core's terms; `code` (P0xxx) is kept. */
export function describePayError(status: number, body: unknown): ErrorDescription {
  if (!body || typeof body !== 'object') {
    if (status === 401)
      return { message: 'Pay rejected the API key (401): check it is a current key for this account' };
    return typeof body === 'string' && body.length > 0 && body.length < 500 ? { message: body } : {};
  }
  const b = body as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const description = str(b.description);
  const where = str(b.field) ? ` (field ${str(b.field)})` : str(b.header) ? ` (header ${str(b.header)})` : '';
  return {
    message: description ? `${description}${where}` : undefined,
    code: str(b.code),
    errors: [b],
  };
}

/** The classes Pay's codes call for, whatever the status says. */
export function payErrorClass(init: ApiErrorInit): ApiErrorClass | undefined {
  switch (init.code) {
    case 'P0604': // refund_amount_available no longer matches
      return PreconditionFailedError;
    case 'P0191': // Idempotency-Key reused with a different body
    case 'P0502': // cancel: the payment is finished
    case 'P1003': // capture: the payment cannot be captured in its state
      return ConflictError;
    default:
      return undefined;
  }
}

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
    const timeoutMs = options.timeoutMs ?? 30_000;
    this.#http = new HttpClient({
      service: 'pay',
      version: __PKG_VERSION__,
      baseUrl: options.baseUrl ?? PAY_BASE_URL,
      auth: () => ({ Authorization: `Bearer ${apiKey}` }),
      secrets: [apiKey],
      timeoutMs,
      ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
      ...(options.axios ? { axios: options.axios } : {}),
      ...(options.userAgent ? { userAgent: options.userAgent } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.hooks ? { hooks: options.hooks } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      idempotencyKeyHeader: 'Idempotency-Key',
      describeError: describePayError,
      errorClass: payErrorClass,
    });
    this.payments = new Payments(this.#http);
    this.refunds = new Refunds(this.#http);
    this.agreements = new Agreements(this.#http);
    this.disputes = new Disputes(this.#http);
    this.moto = new Moto(this.#http, timeoutMs);
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
