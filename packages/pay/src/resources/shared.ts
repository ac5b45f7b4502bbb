import type { PageReader, RequestOptions } from '@council-sdk/core';

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
