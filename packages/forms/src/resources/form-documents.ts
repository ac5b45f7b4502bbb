import { APIResource, pathSegment, type RequestOptions, validateRequest } from '@council-sdk/core';
import { z } from 'zod';
import { type FormDocument, FormDocumentSchema } from '../schemas/form-document.js';

export const GetFormDocumentRequest = z.strictObject({
  formId: z.union([z.string().min(1), z.number().int().nonnegative()]),
  /** `live` (default), `draft` or `archived`. */
  tag: z.enum(['draft', 'live', 'archived']).optional(),
  /** `en` or `cy`: the document in that language, for forms that have one. */
  language: z.enum(['en', 'cy']).optional(),
});

/** Which document to get, and core's per-call `RequestOptions`. */
export interface GetFormDocumentOptions extends RequestOptions {
  tag?: 'draft' | 'live' | 'archived';
  language?: 'en' | 'cy';
}

/** `GET /api/v2/forms/:form_id/:tag`: the form document as forms-runner gets it. */
export class FormDocuments extends APIResource {
  async get(formId: string | number, options: GetFormDocumentOptions = {}): Promise<FormDocument> {
    const { tag: givenTag, language, ...callOptions } = options;
    const request = validateRequest(
      GetFormDocumentRequest,
      {
        formId,
        ...(givenTag !== undefined ? { tag: givenTag } : {}),
        ...(language !== undefined ? { language } : {}),
      },
      'form document request',
    );
    const tag = request.tag ?? 'live';
    const path = `/api/v2/forms/${pathSegment(String(request.formId), 'formId')}/${tag}`;
    const context = `GET /api/v2/forms/:form_id/${tag}`;
    return this._get(
      path,
      { query: { language: request.language }, response: FormDocumentSchema, context },
      callOptions,
    );
  }
}
