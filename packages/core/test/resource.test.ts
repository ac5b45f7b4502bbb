import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { APIResource, createHttpClient, type RequestOptions, ResponseValidationError } from '../src';
import { BASE, useMswServer } from './helpers';

const server = useMswServer();

const Item = z.looseObject({ id: z.string() });
const LinkPage = z.looseObject({
  results: z.array(Item),
  _links: z.looseObject({ next_page: z.looseObject({ href: z.string() }).optional() }).optional(),
});
const CursorPage = z.looseObject({
  items: z.array(Item),
  links: z.looseObject({ next: z.string().optional() }),
});

class Items extends APIResource {
  get(id: string, options?: RequestOptions) {
    return this._get(`/items/${id}`, { response: Item, context: 'GET /items/{id}' }, options);
  }
  remove(id: string, options?: RequestOptions) {
    return this._delete(`/items/${id}`, {}, options);
  }
  byLink(query: Record<string, string>) {
    return this._getLinkPaginated(
      '/linked',
      { query, response: LinkPage },
      { items: (p) => p.results, next: (p) => p._links?.next_page?.href },
    );
  }
  byCursor() {
    return this._getCursorPaginated(
      '/cursored',
      { response: CursorPage, cursorParam: 'older_than' },
      { items: (p) => p.items, next: (p, items) => (p.links.next ? items.at(-1)?.id : undefined) },
    );
  }
  whole() {
    return this._getSinglePage('/whole', { response: z.object({ all: z.array(Item) }) }, (p) => p.all);
  }
}

function items(options: Parameters<typeof createHttpClient>[1] = {}) {
  const http = createHttpClient(
    { service: 't', version: '1', defaultBaseUrl: BASE, secrets: ['s3cr3t-value'] },
    options,
  );
  return { http, items: new Items(http) };
}

describe('createHttpClient', () => {
  it('uses the service default base URL unless the caller gives one, and passes the shared options through', () => {
    const { http } = items({ userAgent: 'my-app/1.0', baseUrl: undefined });
    expect(http.baseUrl).toBe(BASE);
    expect(http.userAgent).toBe('council-sdk-t/1 my-app/1.0');
    const other = createHttpClient(
      { service: 't', version: '1', defaultBaseUrl: BASE },
      { baseUrl: 'https://x.test/' },
    );
    expect(other.baseUrl).toBe('https://x.test');
  });
});

describe('APIResource', () => {
  it('gets and parses with the response schema, sending per-call headers', async () => {
    let seen: string | null = null;
    server.use(
      http.get(`${BASE}/items/a`, ({ request }) => {
        seen = request.headers.get('x-trace');
        return HttpResponse.json({ id: 'a', extra: 1 });
      }),
    );
    await expect(items().items.get('a', { headers: { 'x-trace': 't1' } })).resolves.toEqual({
      id: 'a',
      extra: 1,
    });
    expect(seen).toBe('t1');
  });

  it('names the call in a response that breaks the contract', async () => {
    server.use(http.get(`${BASE}/items/b`, () => HttpResponse.json({ id: 7 })));
    const error = await items()
      .items.get('b')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(String((error as Error).message)).toContain('GET /items/{id}');
  });

  it('resolves to nothing when there is no response schema', async () => {
    server.use(http.delete(`${BASE}/items/c`, () => new HttpResponse(null, { status: 204 })));
    await expect(items().items.remove('c')).resolves.toBeUndefined();
  });

  it('follows next-page links, sending the query only on the first page', async () => {
    const queries: string[] = [];
    server.use(
      http.get(`${BASE}/linked`, ({ request }) => {
        const url = new URL(request.url);
        queries.push(url.search);
        const page = url.searchParams.get('page') ?? '1';
        return HttpResponse.json(
          page === '1'
            ? { results: [{ id: '1' }], _links: { next_page: { href: `${BASE}/linked?q=x&page=2` } } }
            : { results: [{ id: '2' }], _links: {} },
        );
      }),
    );
    const all = await items().items.byLink({ q: 'x' }).toArray();
    expect(all.map((i) => i.id)).toEqual(['1', '2']);
    expect(queries).toEqual(['?q=x', '?q=x&page=2']);
  });

  it('pages by cursor with the last id of the page before', async () => {
    const cursors: Array<string | null> = [];
    server.use(
      http.get(`${BASE}/cursored`, ({ request }) => {
        const olderThan = new URL(request.url).searchParams.get('older_than');
        cursors.push(olderThan);
        return HttpResponse.json(
          olderThan === null
            ? { items: [{ id: 'z' }, { id: 'y' }], links: { next: 'more' } }
            : { items: [], links: {} },
        );
      }),
    );
    expect((await items().items.byCursor().toArray()).map((i) => i.id)).toEqual(['z', 'y']);
    expect(cursors).toEqual([null, 'y']);
  });

  it('gives a whole list as one page of a Paginated', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/whole`, () => {
        calls++;
        return HttpResponse.json({ all: [{ id: 'p' }, { id: 'q' }] });
      }),
    );
    const pages = [];
    for await (const page of items().items.whole().pages()) pages.push(page);
    expect(pages).toHaveLength(1);
    expect(pages[0]!.items.map((i) => i.id)).toEqual(['p', 'q']);
    expect(calls).toBe(1);
  });
});

describe('abortable', () => {
  it('stops waiting on abort without failing the shared work', async () => {
    const { abortable, AbortError } = await import('../src');
    let release!: (v: string) => void;
    const shared = new Promise<string>((r) => {
      release = r;
    });
    const controller = new AbortController();
    const waiting = abortable(shared, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(AbortError);
    release('done');
    await expect(abortable(shared, new AbortController().signal)).resolves.toBe('done');
  });
});
