import { parseResponse, validateRequest } from '@council-sdk/core';
import { SendEmailRequest, SendEmailResponse } from '../schemas/notifications.js';
import { type Bulk, type BulkOptions, type BulkResult, withType } from '../bulk.js';
import { type CallOptions, callOptions, type ResourceContext } from './base.js';

export class Emails {
  readonly #ctx: ResourceContext;
  readonly #bulk: () => Bulk;
  constructor(ctx: ResourceContext, bulk: () => Bulk) {
    this.#ctx = ctx;
    this.#bulk = bulk;
  }

  /** `bulk.send` for email messages only: rate-limited, exactly once, one result per message in input order. */
  sendMany(
    messages: Iterable<SendEmailRequest> | AsyncIterable<SendEmailRequest>,
    options?: BulkOptions,
  ): Promise<BulkResult[]> {
    return this.#bulk().send(withType(messages, 'email'), options);
  }

  /** Send an email from a template. POST /v2/notifications/email (201). */
  async send(body: SendEmailRequest, options?: CallOptions): Promise<SendEmailResponse> {
    const req = validateRequest(SendEmailRequest, body, 'email');
    const res = await this.#ctx.http.request({
      method: 'POST',
      path: '/v2/notifications/email',
      body: req,
      ...callOptions(options),
    });
    return parseResponse(SendEmailResponse, res.data, 'POST /v2/notifications/email');
  }
}
