/**
 * Lazy paging. A list method returns a `Paginated`: iterate it for items, or call `pages()` for pages.
 * A page is fetched only when the previous one is used up, and only one page is held at a time, so memory
 * stays flat however long the list is, and stopping early sends no further requests.
 */

export interface Page<T, C = unknown> {
  items: T[];
  /** Cursor of the next page (a link, an `older_than` id, a page number); undefined on the last page. */
  next?: C | undefined;
}

export type PageFetcher<T, C> = (cursor: C | undefined, signal?: AbortSignal) => Promise<Page<T, C>>;

export class Paginated<T, C = unknown> implements AsyncIterable<T> {
  readonly #fetchPage: PageFetcher<T, C>;
  readonly #signal: AbortSignal | undefined;

  constructor(fetchPage: PageFetcher<T, C>, options: { signal?: AbortSignal } = {}) {
    this.#fetchPage = fetchPage;
    this.#signal = options.signal;
  }

  /** Pages in order. Stops on the last page, or if the service hands back a cursor it already gave. */
  async *pages(): AsyncGenerator<Page<T, C>, void, undefined> {
    let cursor: C | undefined;
    const seen = new Set<string>();
    for (;;) {
      const page = await this.#fetchPage(cursor, this.#signal);
      yield page;
      if (page.next === undefined || page.next === null) return;
      // A cursor that repeats would loop for ever; a buggy server must not hang the caller.
      const key = typeof page.next === 'object' ? JSON.stringify(page.next) : String(page.next);
      if (seen.has(key)) return;
      seen.add(key);
      cursor = page.next;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages()) {
      yield* page.items;
    }
  }

  /** Just the first page. */
  async firstPage(): Promise<Page<T, C>> {
    return this.#fetchPage(undefined, this.#signal);
  }

  /** Collect items into an array, at most `limit` of them (all when omitted). */
  async toArray(options: { limit?: number } = {}): Promise<T[]> {
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const out: T[] = [];
    if (limit <= 0) return out;
    for await (const item of this) {
      out.push(item);
      if (out.length >= limit) break;
    }
    return out;
  }
}
