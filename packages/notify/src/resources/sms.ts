import { parseResponse, validateRequest } from '@council-sdk/core';
import { SendSmsRequest, SendSmsResponse } from '../schemas/notifications.js';
import { type CallOptions, callOptions, type ResourceContext } from './base.js';

export class Sms {
  readonly #ctx: ResourceContext;
  constructor(ctx: ResourceContext) {
    this.#ctx = ctx;
  }

  /** Send a text message from a template. POST /v2/notifications/sms (201). */
  async send(body: SendSmsRequest, options?: CallOptions): Promise<SendSmsResponse> {
    const req = validateRequest(SendSmsRequest, body, 'text message');
    const res = await this.#ctx.http.request({
      method: 'POST',
      path: '/v2/notifications/sms',
      body: req,
      ...callOptions(options),
    });
    return parseResponse(SendSmsResponse, res.data, 'POST /v2/notifications/sms');
  }
}
