import {
  type Hooks,
  HttpClient,
  type HttpClientOptions,
  type Logger,
  type RetryPolicy,
} from '@council-sdk/core';
import { type ParsedApiKey, parseApiKey, TokenSigner } from './auth.js';
import { Bulk, type BulkMessage, type BulkOptions, type BulkResult } from './bulk.js';
import { describeNotifyError, notifyErrorClass, TooManyRequestsError } from './errors.js';
import type { CallOptions } from './resources/base.js';
import { Emails } from './resources/emails.js';
import { Letters } from './resources/letters.js';
import { Notifications } from './resources/notifications.js';
import { ReceivedTexts } from './resources/received-texts.js';
import { Sms } from './resources/sms.js';
import { Templates } from './resources/templates.js';
import type { PrepareUploadOptions } from './schemas/upload.js';
import { prepareUpload } from './upload.js';

export const DEFAULT_BASE_URL = 'https://api.notifications.service.gov.uk';

export interface NotifyClientOptions {
  /** `{key_name}-{service_id}-{secret}` from Notify's API integration page. Never logged. */
  apiKey: string;
  /** Default `https://api.notifications.service.gov.uk`; point it at the sandbox or a proxy. */
  baseUrl?: string;
  /** Per-attempt timeout, default 30,000 ms. */
  timeoutMs?: number;
  /** Retries after the first attempt (GETs; POSTs only on 429 or a connection that failed before sending). Default 2. */
  maxRetries?: number;
  /** Your own axios instance (proxy, keep-alive agents, interceptors). */
  axios?: HttpClientOptions['axios'];
  /** Your product token, appended to `council-sdk-notify/<version>`. */
  userAgent?: string;
  logger?: Logger;
  hooks?: Hooks;
  /** Backoff tuning. */
  retry?: Partial<RetryPolicy>;
  /** How long a signed JWT is reused, default 5,000 ms (at most 20,000, well inside Notify's 30 s window). */
  tokenReuseMs?: number;
}

declare const __PKG_VERSION__: string;

export class NotifyClient {
  readonly emails: Emails;
  readonly sms: Sms;
  readonly letters: Letters;
  readonly notifications: Notifications;
  readonly templates: Templates;
  readonly receivedTexts: ReceivedTexts;
  readonly bulk: Bulk;
  /** The service id from the API key (not secret). */
  readonly serviceId: string;
  readonly #http: HttpClient;
  readonly #key: ParsedApiKey;

  constructor(options: NotifyClientOptions) {
    this.#key = parseApiKey(options?.apiKey);
    this.serviceId = this.#key.serviceId;
    const signer = new TokenSigner(
      this.#key,
      options.tokenReuseMs === undefined ? {} : { reuseMs: options.tokenReuseMs },
    );
    const secrets = [this.#key.secret];
    if (typeof options.apiKey === 'string') secrets.push(options.apiKey, options.apiKey.trim());
    this.#http = new HttpClient({
      service: 'notify',
      version: __PKG_VERSION__,
      baseUrl: options.baseUrl ?? DEFAULT_BASE_URL,
      auth: async () => ({ Authorization: `Bearer ${await signer.token()}` }),
      secrets,
      describeError: describeNotifyError,
      errorClass: notifyErrorClass,
      // A daily limit answers 429 until midnight UTC: waiting a few seconds cannot help, so never retry it.
      isRetryable: (error) => !(error instanceof TooManyRequestsError),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
      ...(options.axios !== undefined ? { axios: options.axios } : {}),
      ...(options.userAgent !== undefined ? { userAgent: options.userAgent } : {}),
      ...(options.logger !== undefined ? { logger: options.logger } : {}),
      ...(options.hooks !== undefined ? { hooks: options.hooks } : {}),
      ...(options.retry !== undefined ? { retry: options.retry } : {}),
    });
    const ctx = { http: this.#http };
    const bulk = () => this.bulk;
    this.emails = new Emails(ctx, bulk);
    this.sms = new Sms(ctx, bulk);
    this.letters = new Letters(ctx, bulk);
    this.notifications = new Notifications(ctx);
    this.templates = new Templates(ctx);
    this.receivedTexts = new ReceivedTexts(ctx);
    this.bulk = new Bulk((message: BulkMessage, opts: CallOptions) => {
      const { type, ...body } = message;
      if (type === 'email') return this.emails.send(body as Parameters<Emails['send']>[0], opts);
      if (type === 'sms') return this.sms.send(body as Parameters<Sms['send']>[0], opts);
      return this.letters.send(body as Parameters<Letters['send']>[0], opts);
    }, this.notifications);
  }

  /** The base URL requests go to. */
  get baseUrl(): string {
    return this.#http.baseUrl;
  }

  /** Personalisation value for sending a file by email: see `prepareUpload`. */
  prepareUpload(file: Uint8Array | ArrayBuffer | string, options?: PrepareUploadOptions) {
    return prepareUpload(file, options);
  }

  /** Same as `bulk.send`. */
  sendBulk(
    messages: Iterable<BulkMessage> | AsyncIterable<BulkMessage>,
    options?: BulkOptions,
  ): Promise<BulkResult[]> {
    return this.bulk.send(messages, options);
  }

  toJSON(): Record<string, unknown> {
    return { baseUrl: this.baseUrl, serviceId: this.serviceId };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `NotifyClient { baseUrl: '${this.baseUrl}', serviceId: '${this.serviceId}' }`;
  }
}
