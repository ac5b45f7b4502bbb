import {
  APIResource,
  type Paginated,
  pathSegment,
  type RequestOptions,
  validateRequest,
} from '@council-sdk/core';
import type { Personalisation } from '../schemas/common.js';
import {
  GetTemplateParams,
  ListTemplatesQuery,
  PreviewTemplateRequest,
  Template,
  TemplateList,
  TemplatePreview,
} from '../schemas/templates.js';

export class Templates extends APIResource {
  /** The latest version of a template, or the given `version`. */
  async get(id: string, version?: number, options?: RequestOptions): Promise<Template> {
    const p = validateRequest(
      GetTemplateParams,
      version === undefined ? { id } : { id, version },
      'template',
    );
    const path =
      p.version === undefined
        ? `/v2/template/${pathSegment(p.id, 'id')}`
        : `/v2/template/${pathSegment(p.id, 'id')}/version/${p.version}`;
    return this._get(path, { response: Template, context: 'GET /v2/template/{id}' }, options);
  }

  /**
   * Every template of the service (latest versions), optionally of one type. Notify does not page this list: it
   * comes as one page of a `Paginated`, like every other list (`await notify.templates.list().toArray()`).
   */
  list(query: ListTemplatesQuery = {}, options?: RequestOptions): Paginated<Template, never> {
    const q = validateRequest(ListTemplatesQuery, query, 'templates query');
    return this._getSinglePage(
      '/v2/templates',
      { query: { type: q.type }, response: TemplateList },
      (page) => page.templates,
      options,
    );
  }

  /** Render a template with personalisation without sending anything. */
  async preview(
    id: string,
    personalisation?: Personalisation,
    options?: RequestOptions,
  ): Promise<TemplatePreview> {
    const p = validateRequest(GetTemplateParams, { id }, 'template');
    const body = validateRequest(
      PreviewTemplateRequest,
      personalisation === undefined ? {} : { personalisation },
      'template preview',
    );
    const path = `/v2/template/${pathSegment(p.id, 'id')}/preview`;
    return this._post(
      path,
      { body, response: TemplatePreview, context: 'POST /v2/template/{id}/preview' },
      options,
    );
  }
}
