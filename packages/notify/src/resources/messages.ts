import { validateRequest } from '@council-sdk/core';
import type { z } from 'zod';
import { type Bulk, type BulkOptions, type BulkResult, withType } from '../bulk.js';
import { type CallOptions, callOptions, type ResourceContext } from './base.js';

interface MessageKind<Req, Res> {
  type: 'email' | 'sms' | 'letter';
  /** How a validation error names the input: "Invalid email: ...". */
  label: string;
  request: z.ZodType<Req>;
  response: z.ZodType<Res>;
}

/**
 * What emails, texts and letters share: one templated send (`POST /v2/notifications/<type>`) and its bulk
 * form. Each message type is a subclass that names its schemas.
 */
export abstract class MessageResource<Req extends object, Res> {
  protected readonly ctx: ResourceContext;
  readonly #bulk: () => Bulk;
  readonly #kind: MessageKind<Req, Res>;

  constructor(ctx: ResourceContext, bulk: () => Bulk, kind: MessageKind<Req, Res>) {
    this.ctx = ctx;
    this.#bulk = bulk;
    this.#kind = kind;
  }

  /** Send one message from a template: `POST /v2/notifications/<type>` (201). Validated before sending. */
  async send(body: Req, options?: CallOptions): Promise<Res> {
    const { type, label, request, response } = this.#kind;
    const path = `/v2/notifications/${type}`;
    const res = await this.ctx.http.request({
      method: 'POST',
      path,
      body: validateRequest(request, body, label),
      ...callOptions(options),
    });
    return this.ctx.http.parse(response, res.data, `POST ${path}`);
  }

  /** `bulk.send` for this message type only: rate-limited, exactly once, one result per message in input order. */
  sendMany(messages: Iterable<Req> | AsyncIterable<Req>, options?: BulkOptions): Promise<BulkResult[]> {
    return this.#bulk().send(withType(messages, this.#kind.type), options);
  }
}
