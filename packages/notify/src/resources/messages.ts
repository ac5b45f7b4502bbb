import { APIResource, type HttpClient, type RequestOptions, validateRequest } from '@council-sdk/core';
import type { z } from 'zod';
import { type Bulk, type BulkOptions, type BulkResult, withType } from '../bulk.js';

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
export abstract class MessageResource<Req extends object, Res> extends APIResource {
  readonly #bulk: () => Bulk;
  readonly #kind: MessageKind<Req, Res>;

  constructor(http: HttpClient, bulk: () => Bulk, kind: MessageKind<Req, Res>) {
    super(http);
    this.#bulk = bulk;
    this.#kind = kind;
  }

  /** Send one message from a template: `POST /v2/notifications/<type>` (201). Validated before sending. */
  async send(body: Req, options?: RequestOptions): Promise<Res> {
    const { type, label, request, response } = this.#kind;
    const sent = validateRequest(request, body, label);
    return (await this._post(`/v2/notifications/${type}`, { body: sent, response }, options)) as Res;
  }

  /** `bulk.send` for this message type only: rate-limited, exactly once, one result per message in input order. */
  sendMany(messages: Iterable<Req> | AsyncIterable<Req>, options?: BulkOptions): Promise<BulkResult[]> {
    return this.#bulk().send(withType(messages, this.#kind.type), options);
  }
}
