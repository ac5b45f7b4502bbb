import { Paginated, validateRequest } from '@council-sdk/core';
import { ListReceivedTextsQuery, type ReceivedText, ReceivedTextList } from '../schemas/received-texts.js';
import { type CallOptions, callOptions, type ResourceContext } from './base.js';

export class ReceivedTexts {
  readonly #ctx: ResourceContext;
  constructor(ctx: ResourceContext) {
    this.#ctx = ctx;
  }

  /** Text messages sent to the service's inbound number, newest first, 250 a page, fetched lazily. */
  list(query: ListReceivedTextsQuery = {}, options?: CallOptions): Paginated<ReceivedText, string> {
    const q = validateRequest(ListReceivedTextsQuery, query, 'received texts query');
    return new Paginated<ReceivedText, string>(
      async (cursor, signal) => {
        const res = await this.#ctx.http.request({
          method: 'GET',
          path: '/v2/received-text-messages',
          query: { older_than: cursor ?? q.older_than },
          ...callOptions(options),
          ...(signal ? { signal } : {}),
        });
        const page = this.#ctx.http.parse(ReceivedTextList, res.data, 'GET /v2/received-text-messages');
        const last = page.received_text_messages.at(-1);
        return { items: page.received_text_messages, next: page.links.next && last ? last.id : undefined };
      },
      options?.signal ? { signal: options.signal } : {},
    );
  }
}
