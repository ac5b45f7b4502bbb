import { type HttpClient, Paginated, validateRequest } from '@council-sdk/core';
import { type Dispute, DisputeSearchQuery, DisputeSearchResults } from '../schemas/disputes.js';
import { type CallOptions, callOptions } from './shared.js';

export class Disputes {
  readonly #http: HttpClient;
  constructor(http: HttpClient) {
    this.#http = http;
  }

  /** GET /v1/disputes, lazily paged. Dispute search names its paging links `links` (not `_links`). */
  list(query: DisputeSearchQuery = {}, options: CallOptions = {}): Paginated<Dispute, string> {
    const parsed = validateRequest(DisputeSearchQuery, query, 'dispute search');
    return new Paginated<Dispute, string>(
      async (next, signal) => {
        const res = await this.#http.request({
          method: 'GET',
          path: next ?? '/v1/disputes',
          ...(next ? {} : { query: parsed }),
          ...callOptions({ ...options, ...(signal ? { signal } : {}) }),
        });
        const page = this.#http.parse(DisputeSearchResults, res.data, 'GET /v1/disputes');
        return { items: page.results, next: page.links?.next_page?.href };
      },
      options.signal ? { signal: options.signal } : {},
    );
  }
}
