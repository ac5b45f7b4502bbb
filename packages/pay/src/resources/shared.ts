import {
  APIResource,
  type PageReader,
  type Paginated,
  type RequestOptions,
  validateRequest,
} from '@council-sdk/core';
import type { z } from 'zod';

/** @deprecated Use `RequestOptions` (exported by every council-sdk package): the same per-call options. */
export type CallOptions = RequestOptions;

interface NavigationLinks {
  next_page?: { href?: string | undefined } | undefined;
}

/** Every Pay search answers with `results` and paging links (`_links`; dispute search calls them `links`). */
interface SearchPage<T> {
  results: T[];
  _links?: NavigationLinks | undefined;
  links?: NavigationLinks | undefined;
}

/** Reads a Pay search page: its results, and the link to the next page. */
export function searchPages<T>(): PageReader<SearchPage<T>, T, string> {
  return {
    items: (page) => page.results,
    next: (page) => (page._links ?? page.links)?.next_page?.href,
  };
}

/** Pay's resources: core's `APIResource`, plus the one way Pay searches. */
export abstract class PayResource extends APIResource {
  /**
   * A Pay search (`GET /v1/payments`, `/v1/refunds`, ...): the query validated before anything is sent, then pages
   * fetched lazily by following the `next_page` link.
   */
  protected _search<T>(
    path: string,
    search: { query: z.ZodType; label: string; results: z.ZodType<SearchPage<T>> },
    query: unknown,
    options: RequestOptions | undefined,
  ): Paginated<T, string> {
    const parsed = validateRequest(search.query, query, search.label) as Record<string, never>;
    return this._getLinkPaginated(
      path,
      { query: parsed, response: search.results },
      searchPages<T>(),
      options,
    );
  }
}
