import { HttpClient, type HttpClientOptions } from '@council-sdk/core';
import type { FormDocument } from './schemas/form-document';
import { FormDocuments, type GetFormDocumentOptions } from './resources/form-documents';

export interface FormDocumentClientOptions {
  /** The forms-admin (or forms-api) base URL, e.g. `https://admin.forms.example.internal`. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <apiToken>`. Never logged or shown in errors. */
  apiToken?: string;
  timeoutMs?: number;
  maxRetries?: number;
  axios?: HttpClientOptions['axios'];
  userAgent?: string;
  logger?: HttpClientOptions['logger'];
}

/**
 * Reads form documents from the form-document endpoint (`GET /api/v2/forms/:form_id/:tag`). GOV.UK
 * Forms does not expose this to the internet (ADR045): it is for organisations running the forms stack
 * themselves, and for the sandbox's fake.
 */
export class FormDocumentClient {
  readonly forms: FormDocuments;
  readonly #http: HttpClient;

  constructor(options: FormDocumentClientOptions) {
    const apiToken = options.apiToken;
    this.#http = new HttpClient({
      service: 'forms',
      version: __PKG_VERSION__,
      baseUrl: options.baseUrl,
      ...(apiToken ? { auth: () => ({ Authorization: `Bearer ${apiToken}` }), secrets: [apiToken] } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
      ...(options.axios ? { axios: options.axios } : {}),
      ...(options.userAgent ? { userAgent: options.userAgent } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
    this.forms = new FormDocuments(this.#http);
  }

  /** The form document; `tag` defaults to `live`. */
  get(formId: string | number, options: GetFormDocumentOptions = {}): Promise<FormDocument> {
    return this.forms.get(formId, options);
  }

  toJSON(): Record<string, unknown> {
    return { name: 'FormDocumentClient' };
  }
}
