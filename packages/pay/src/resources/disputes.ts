import { APIResource, type Paginated, type RequestOptions, validateRequest } from '@council-sdk/core';
import { type Dispute, DisputeSearchQuery, DisputeSearchResults } from '../schemas/disputes.js';
import { searchPages } from './shared.js';

export class Disputes extends APIResource {
  /** GET /v1/disputes, lazily paged. Dispute search names its paging links `links` (not `_links`). */
  list(query: DisputeSearchQuery = {}, options?: RequestOptions): Paginated<Dispute, string> {
    const parsed = validateRequest(DisputeSearchQuery, query, 'dispute search');
    return this._getLinkPaginated(
      '/v1/disputes',
      { query: parsed, response: DisputeSearchResults },
      searchPages<Dispute>(),
      options,
    );
  }
}
