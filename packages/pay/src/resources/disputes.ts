import type { Paginated, RequestOptions } from '@council-sdk/core';
import { type Dispute, DisputeSearchQuery, DisputeSearchResults } from '../schemas/disputes.js';
import { PayResource } from './shared.js';

/** What a search of /v1/disputes validates and reads. */
const DISPUTE_SEARCH = { query: DisputeSearchQuery, label: 'dispute search', results: DisputeSearchResults };

export class Disputes extends PayResource {
  /** GET /v1/disputes, lazily paged. Dispute search names its paging links `links` (not `_links`). */
  list(query: DisputeSearchQuery = {}, options?: RequestOptions): Paginated<Dispute, string> {
    return this._search<Dispute>('/v1/disputes', DISPUTE_SEARCH, query, options);
  }
}
