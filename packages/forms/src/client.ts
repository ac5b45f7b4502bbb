import { type ClientOptions, createHttpClient } from '@council-sdk/core';
import { FormDocuments, type GetFormDocumentOptions } from './resources/form-documents.js';
import type { FormDocument } from './schemas/form-document.js';

/** Core's `ClientOptions` (`baseUrl` is required: Forms has no public endpoint) plus an optional API token. */
export interface FormDocumentClientOptions extends ClientOptions {
  /** The forms-admin (or forms-api) base URL, e.g. `https://admin.forms.example.internal`. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <apiToken>`. Never logged or shown in errors. */
  apiToken?: string;
}

/**
 * Reads form documents from the form-document endpoint (`GET /api/v2/forms/:form_id/:tag`). GOV.UK
 * Forms does not expose this to the internet (ADR045): it is for organisations running the forms stack
 * themselves, and for the sandbox's fake.
 */
export class FormDocumentClient {
  readonly forms: FormDocuments;

  constructor(options: FormDocumentClientOptions) {
    const apiToken = options?.apiToken;
    const http = createHttpClient(
      {
        service: 'forms',
        version: __PKG_VERSION__,
        ...(apiToken ? { auth: () => ({ Authorization: `Bearer ${apiToken}` }), secrets: [apiToken] } : {}),
      },
      options,
    );
    this.forms = new FormDocuments(http);
  }

  /** @deprecated Use `forms.get` (the one route to a form document). Removed in the next minor version. */
  get(formId: string | number, options: GetFormDocumentOptions = {}): Promise<FormDocument> {
    return this.forms.get(formId, options);
  }

  toJSON(): Record<string, unknown> {
    return { name: 'FormDocumentClient' };
  }
}
