import { validateRequest, pathSegment } from '@council-sdk/core';
import type { Personalisation } from '../schemas/common.js';
import {
  GetTemplateParams,
  ListTemplatesQuery,
  PreviewTemplateRequest,
  Template,
  TemplateList,
  TemplatePreview,
} from '../schemas/templates.js';
import { type CallOptions, callOptions, type ResourceContext } from './base.js';

export class Templates {
  readonly #ctx: ResourceContext;
  constructor(ctx: ResourceContext) {
    this.#ctx = ctx;
  }

  /** The latest version of a template, or the given `version`. */
  async get(id: string, version?: number, options?: CallOptions): Promise<Template> {
    const p = validateRequest(
      GetTemplateParams,
      version === undefined ? { id } : { id, version },
      'template',
    );
    const path =
      p.version === undefined
        ? `/v2/template/${pathSegment(p.id, 'id')}`
        : `/v2/template/${pathSegment(p.id, 'id')}/version/${p.version}`;
    const res = await this.#ctx.http.request({ method: 'GET', path, ...callOptions(options) });
    return this.#ctx.http.parse(Template, res.data, 'GET /v2/template/{id}');
  }

  /** Every template of the service (latest versions), optionally of one type. Notify does not page this list. */
  async list(query: ListTemplatesQuery = {}, options?: CallOptions): Promise<Template[]> {
    const q = validateRequest(ListTemplatesQuery, query, 'templates query');
    const res = await this.#ctx.http.request({
      method: 'GET',
      path: '/v2/templates',
      query: { type: q.type },
      ...callOptions(options),
    });
    return this.#ctx.http.parse(TemplateList, res.data, 'GET /v2/templates').templates;
  }

  /** Render a template with personalisation without sending anything. */
  async preview(
    id: string,
    personalisation?: Personalisation,
    options?: CallOptions,
  ): Promise<TemplatePreview> {
    const p = validateRequest(GetTemplateParams, { id }, 'template');
    const body = validateRequest(
      PreviewTemplateRequest,
      personalisation === undefined ? {} : { personalisation },
      'template preview',
    );
    const res = await this.#ctx.http.request({
      method: 'POST',
      path: `/v2/template/${pathSegment(p.id, 'id')}/preview`,
      body,
      ...callOptions(options),
    });
    return this.#ctx.http.parse(TemplatePreview, res.data, 'POST /v2/template/{id}/preview');
  }
}
