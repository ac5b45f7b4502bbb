import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { HttpClient, Paginated } from '../src';
import { BASE, useMswServer } from './helpers';

const server = useMswServer();
const TOTAL = 10_000;
const PAGE_SIZE = 250;

/** A fake list endpoint: `older_than` cursor paging like Notify's, counting the pages it serves. */
function serveList() {
  const served: number[] = [];
  server.use(
    http.get(`${BASE}/items`, ({ request }) => {
      const olderThan = new URL(request.url).searchParams.get('older_than');
      const start = olderThan === null ? 0 : Number(olderThan) + 1;
      served.push(start);
      const items = Array.from({ length: Math.min(PAGE_SIZE, TOTAL - start) }, (_, i) => ({ id: start + i }));
      return HttpResponse.json({ items, has_more: start + items.length < TOTAL });
    }),
  );
  return served;
}

function list(live: { pages: Set<object> }) {
  const c = new HttpClient({ service: 't', version: '1', baseUrl: BASE });
  return new Paginated<{ id: number }, number>(async (cursor) => {
    const res = await c.request<{ items: Array<{ id: number }>; has_more: boolean }>({
      method: 'GET',
      path: '/items',
      query: { older_than: cursor },
    });
    const page = { items: res.data.items, next: res.data.has_more ? res.data.items.at(-1)!.id : undefined };
    live.pages.add(page);
    return page;
  });
}

describe('Paginated', () => {
  it('iterates 10,000 items across pages in order, holding one page at a time', async () => {
    const served = serveList();
    // Track pages still reachable: a FinalizationRegistry cannot be forced, so track what the iterator
    // exposes instead: each page must be released (replaced) before the next one is fetched.
    const live = { pages: new Set<object>() };
    let seen = 0;
    let maxHeld = 0;
    for await (const item of list(live)) {
      expect(item.id).toBe(seen);
      seen += 1;
      maxHeld = Math.max(maxHeld, served.length * PAGE_SIZE - seen);
    }
    expect(seen).toBe(TOTAL);
    expect(served).toHaveLength(TOTAL / PAGE_SIZE);
    // Never more than one page fetched ahead of the consumer.
    expect(maxHeld).toBeLessThan(PAGE_SIZE);
  });

  it('fetches lazily: stopping early sends no further requests', async () => {
    const served = serveList();
    let seen = 0;
    for await (const _ of list({ pages: new Set() })) {
      seen += 1;
      if (seen === PAGE_SIZE + 1) break;
    }
    expect(served).toEqual([0, PAGE_SIZE]);
  });

  it('gives pages as well as items', async () => {
    serveList();
    const sizes: number[] = [];
    for await (const page of list({ pages: new Set() }).pages()) sizes.push(page.items.length);
    expect(sizes).toHaveLength(40);
    expect(sizes.every((n) => n === PAGE_SIZE)).toBe(true);
  });

  it('collects up to a limit with toArray', async () => {
    const served = serveList();
    const items = await list({ pages: new Set() }).toArray({ limit: 300 });
    expect(items.map((i) => i.id)).toEqual(Array.from({ length: 300 }, (_, i) => i));
    expect(served).toHaveLength(2);
  });

  it('stops instead of looping when a server repeats a cursor', async () => {
    let calls = 0;
    const p = new Paginated<number, string>(async () => {
      calls += 1;
      return { items: [calls], next: 'same' };
    });
    expect(await p.toArray()).toEqual([1, 2]);
  });

  it('keeps memory flat: pages already iterated are released (garbage collected)', async () => {
    serveList();
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const c = new HttpClient({ service: 't', version: '1', baseUrl: BASE });
    const released: Array<WeakRef<object>> = [];
    const list = new Paginated<{ id: number }, number>(async (cursor) => {
      const res = await c.request<{ items: Array<{ id: number }>; has_more: boolean }>({
        method: 'GET',
        path: '/items',
        query: { older_than: cursor },
      });
      released.push(new WeakRef(res.data.items));
      return { items: res.data.items, next: res.data.has_more ? res.data.items.at(-1)!.id : undefined };
    });
    let count = 0;
    let heldWhileOnLastPage = -1;
    for await (const item of list) {
      count += 1;
      if (item.id === TOTAL - 1) {
        gc();
        // Pages before the current one must be unreachable: Paginated keeps no buffer of past pages.
        heldWhileOnLastPage = released.slice(0, -1).filter((ref) => ref.deref() !== undefined).length;
      }
    }
    expect(count).toBe(TOTAL);
    expect(released).toHaveLength(TOTAL / PAGE_SIZE);
    // A buffering iterator would still hold all 39 earlier pages here. V8 may keep one stray earlier object
    // alive through its own caches, so allow one: what matters is that retention does not grow with the list.
    expect(heldWhileOnLastPage).toBeLessThanOrEqual(1);
  });
});
