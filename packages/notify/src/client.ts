import {
  type ClientOptions,
  createHttpClient,
  type HttpClient,
  type RequestOptions,
} from '@council-sdk/core';
import { type ParsedApiKey, parseApiKey, TokenSigner } from './auth.js';
import { Bulk, type BulkMessage, type BulkOptions, type BulkResult } from './bulk.js';
import { type Callbacks, callbacks } from './callbacks.js';
import { DailyLimitError, describeNotifyError, notifyErrorClass } from './errors.js';
import { Emails } from './resources/emails.js';
import { Letters } from './resources/letters.js';
import { Notifications } from './resources/notifications.js';
import { ReceivedTexts } from './resources/received-texts.js';
import { Sms } from './resources/sms.js';
import { Templates } from './resources/templates.js';
import type { PrepareUploadOptions } from './schemas/upload.js';
import { prepareUpload } from './upload.js';

export const DEFAULT_BASE_URL = 'https://api.notifications.service.gov.uk';

/** Core's `ClientOptions` (`baseUrl` defaults to `https://api.notifications.service.gov.uk`) plus the API key. */
export interface NotifyClientOptions extends ClientOptions {
  /** `{key_name}-{service_id}-{secret}` from Notify's API integration page. Never logged. */
  apiKey: string;
  /** How long a signed JWT is reused, default 5,000 ms (at most 20,000, well inside Notify's 30 s window). */
  tokenReuseMs?: number;
}

export class NotifyClient {
  readonly emails: Emails;
  readonly sms: Sms;
  readonly letters: Letters;
  readonly notifications: Notifications;
  readonly templates: Templates;
  readonly receivedTexts: ReceivedTexts;
  readonly bulk: Bulk;
  /** Callback verification (needs no API key; also exported as `callbacks`), as `pay.webhooks` is for Pay. */
  readonly callbacks: Callbacks = callbacks;
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
    this.#http = createHttpClient(
      {
        service: 'notify',
        version: __PKG_VERSION__,
        defaultBaseUrl: DEFAULT_BASE_URL,
        auth: async () => ({ Authorization: `Bearer ${await signer.token()}` }),
        secrets,
        describeError: describeNotifyError,
        errorClass: notifyErrorClass,
        // A daily limit answers 429 until midnight UTC: waiting a few seconds cannot help, so never retry it.
        isRetryable: (error) => !(error instanceof DailyLimitError),
      },
      options,
    );
    const bulk = () => this.bulk;
    this.emails = new Emails(this.#http, bulk);
    this.sms = new Sms(this.#http, bulk);
    this.letters = new Letters(this.#http, bulk);
    this.notifications = new Notifications(this.#http);
    this.templates = new Templates(this.#http);
    this.receivedTexts = new ReceivedTexts(this.#http);
    this.bulk = new Bulk((message: BulkMessage, opts: RequestOptions) => {
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

  /**
   * @deprecated Use the `prepareUpload` function exported by the package (it needs no client). Removed in the next
   * minor version.
   */
  prepareUpload(file: Uint8Array | ArrayBuffer | string, options?: PrepareUploadOptions) {
    return prepareUpload(file, options);
  }

  /** @deprecated Use `bulk.send` (the one route to a bulk send). Removed in the next minor version. */
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
