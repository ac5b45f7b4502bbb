import { parseResponse, validateRequest } from '@council-sdk/core';
import { SendSmsRequest, SendSmsResponse } from '../schemas/notifications.js';
import { type Bulk, type BulkOptions, type BulkResult, withType } from '../bulk.js';
import { type CallOptions, callOptions, type ResourceContext } from './base.js';

export class Sms {
  readonly #ctx: ResourceContext;
  readonly #bulk: () => Bulk;
  constructor(ctx: ResourceContext, bulk: () => Bulk) {
    this.#ctx = ctx;
    this.#bulk = bulk;
  }

  /** `bulk.send` for sms messages only: rate-limited, exactly once, one result per message in input order. */
  sendMany(
    messages: Iterable<SendSmsRequest> | AsyncIterable<SendSmsRequest>,
    options?: BulkOptions,
  ): Promise<BulkResult[]> {
    return this.#bulk().send(withType(messages, 'sms'), options);
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
