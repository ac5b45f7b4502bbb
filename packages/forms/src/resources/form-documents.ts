import { type HttpClient, validateRequest, pathSegment } from '@council-sdk/core';
import { z } from 'zod';
import { type FormDocument, FormDocumentSchema } from '../schemas/form-document';

export const GetFormDocumentRequest = z.strictObject({
  formId: z.union([z.string().min(1), z.number().int().nonnegative()]),
  /** `live` (default), `draft` or `archived`. */
  tag: z.enum(['draft', 'live', 'archived']).optional(),
  /** `en` or `cy`: the document in that language, for forms that have one. */
  language: z.enum(['en', 'cy']).optional(),
});

export interface GetFormDocumentOptions {
  tag?: 'draft' | 'live' | 'archived';
  language?: 'en' | 'cy';
  signal?: AbortSignal;
}

/** `GET /api/v2/forms/:form_id/:tag`: the form document as forms-runner gets it. */
export class FormDocuments {
  readonly #http: HttpClient;
  constructor(http: HttpClient) {
    this.#http = http;
  }

  async get(formId: string | number, options: GetFormDocumentOptions = {}): Promise<FormDocument> {
    const { signal, ...rest } = options;
    const request = validateRequest(GetFormDocumentRequest, { formId, ...rest }, 'form document request');
    const tag = request.tag ?? 'live';
    const res = await this.#http.request({
      method: 'GET',
      path: `/api/v2/forms/${pathSegment(String(request.formId), 'formId')}/${tag}`,
      query: { language: request.language },
      ...(signal ? { signal } : {}),
    });
    return this.#http.parse(FormDocumentSchema, res.data, `GET /api/v2/forms/:form_id/${tag}`);
  }
}
