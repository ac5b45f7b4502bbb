import { parseResponse, validateRequest } from '@council-sdk/core';
import { SendEmailRequest, SendEmailResponse } from '../schemas/notifications.js';
import { type CallOptions, callOptions, type ResourceContext } from './base.js';

export class Emails {
  readonly #ctx: ResourceContext;
  constructor(ctx: ResourceContext) {
    this.#ctx = ctx;
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
