import type { PageReader } from '@council-sdk/core';

/**
 * Notify's lists page by `older_than`: the id of the last item of the page before. Notify sends `links.next` only
 * when the page was not empty, so an empty page is the end.
 */
export function olderThanPages<P extends { links: { next?: string | undefined } }, T extends { id: string }>(
  items: (page: P) => T[],
): PageReader<P, T, string> {
  return { items, next: (page, list) => (page.links.next ? list.at(-1)?.id : undefined) };
}
