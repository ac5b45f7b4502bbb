import { APIResource, type Paginated, type RequestOptions, validateRequest } from '@council-sdk/core';
import { ListReceivedTextsQuery, type ReceivedText, ReceivedTextList } from '../schemas/received-texts.js';
import { olderThanPages } from './paging.js';

export class ReceivedTexts extends APIResource {
  /** Text messages sent to the service's inbound number, newest first, 250 a page, fetched lazily. */
  list(query: ListReceivedTextsQuery = {}, options?: RequestOptions): Paginated<ReceivedText, string> {
    const q = validateRequest(ListReceivedTextsQuery, query, 'received texts query');
    return this._getCursorPaginated(
      '/v2/received-text-messages',
      { response: ReceivedTextList, cursorParam: 'older_than', start: q.older_than },
      olderThanPages((page) => page.received_text_messages),
      options,
    );
  }
}
