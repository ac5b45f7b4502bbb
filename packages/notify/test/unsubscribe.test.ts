import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createUnsubscribeUrl,
  type UnsubscribeRequest,
  UnsubscribeRequestError,
  ValidationError,
  verifyUnsubscribeRequest,
} from '@council-sdk/notify';
import { unsubscribeHandler } from '@council-sdk/notify/express';
import express from 'express';
import fc from 'fast-check';
import { HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EMAIL_TEMPLATE, setup } from './helpers.js';

const secret = 'an-unsubscribe-secret-of-at-least-32-characters';
const base = 'https://council.example/unsubscribe';
const recipient = 'resident.name@example.com';
const POST = { method: 'POST', body: 'List-Unsubscribe=One-Click', secret };

function pathOf(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

function failure(fn: () => unknown): UnsubscribeRequestError {
  try {
    fn();
  } catch (error) {
    if (error instanceof UnsubscribeRequestError) return error;
    throw error;
  }
  throw new Error('did not throw');
}

describe('createUnsubscribeUrl / verifyUnsubscribeRequest', () => {
  it('round-trips the recipient and list through a genuine one-click POST', () => {
    const now = new Date('2026-11-30T12:00:00Z');
    const url = createUnsubscribeUrl({
      baseUrl: base,
      recipient,
      list: 'bin-reminders',
      secret,
      now: () => now,
    });
    expect(url.startsWith(`${base}?token=`)).toBe(true);
    expect(verifyUnsubscribeRequest({ ...POST, url })).toEqual({
      recipient,
      list: 'bin-reminders',
      issuedAt: now,
    });
    expect(verifyUnsubscribeRequest({ ...POST, url: pathOf(url) }).recipient).toBe(recipient);
  });

  it('never shows the recipient in the URL, in any encoding, and gives each URL a fresh token', () => {
    const a = createUnsubscribeUrl({ baseUrl: base, recipient, secret });
    const b = createUnsubscribeUrl({ baseUrl: base, recipient, secret });
    expect(a).not.toBe(b);
    for (const url of [a, b, decodeURIComponent(a)]) {
      expect(url).not.toContain('resident');
      expect(url).not.toContain(Buffer.from(recipient).toString('base64url').slice(0, 12));
      expect(url).not.toContain(Buffer.from(recipient).toString('base64').slice(0, 12));
    }
    expect(verifyUnsubscribeRequest({ ...POST, url: b }).recipient).toBe(recipient);
  });

  it('accepts the body however it was read: raw text, bytes, or parsed by express.urlencoded', () => {
    const url = createUnsubscribeUrl({ baseUrl: base, recipient, secret });
    for (const body of [
      'List-Unsubscribe=One-Click',
      Buffer.from('List-Unsubscribe=One-Click'),
      { 'List-Unsubscribe': 'One-Click' },
    ]) {
      expect(verifyUnsubscribeRequest({ ...POST, body, url }).recipient).toBe(recipient);
    }
  });

  it('refuses anything but POST (link checkers and prefetchers GET the URL): 405', () => {
    const url = createUnsubscribeUrl({ baseUrl: base, recipient, secret });
    for (const method of ['GET', 'HEAD', 'PUT']) {
      const error = failure(() => verifyUnsubscribeRequest({ ...POST, method, url }));
      expect([error.reason, error.status]).toEqual(['method', 405]);
    }
  });

  it('refuses a POST without the List-Unsubscribe=One-Click body: 400', () => {
    const url = createUnsubscribeUrl({ baseUrl: base, recipient, secret });
    for (const body of [
      undefined,
      '',
      'List-Unsubscribe=one-click',
      'unsubscribe=1',
      'List-Unsubscribe=One-Click&List-Unsubscribe=One-Click',
      { 'List-Unsubscribe': 'yes' },
      42,
    ]) {
      const error = failure(() => verifyUnsubscribeRequest({ ...POST, body, url }));
      expect([error.reason, error.status]).toEqual(['body', 400]);
    }
  });

  it('refuses an altered URL: token, signature, swapped parts, missing or repeated parameters: 404', () => {
    const url = new URL(createUnsubscribeUrl({ baseUrl: base, recipient, secret }));
    const other = new URL(
      createUnsubscribeUrl({ baseUrl: base, recipient: 'someone.else@example.com', secret }),
    );
    const token = url.searchParams.get('token') as string;
    const sig = url.searchParams.get('sig') as string;
    const flip = (s: string) => `${s.slice(0, 10)}${s[10] === 'A' ? 'B' : 'A'}${s.slice(11)}`;
    const variants = [
      `${base}?token=${flip(token)}&sig=${sig}`,
      `${base}?token=${token}&sig=${flip(sig)}`,
      `${base}?token=${other.searchParams.get('token')}&sig=${sig}`,
      `${base}?token=${token}`,
      `${base}?token=${token}&sig=${sig}&sig=${sig}`,
      `${base}?token=${token}&sig=${sig.slice(0, 20)}`,
      base,
    ];
    for (const variant of variants) {
      const error = failure(() => verifyUnsubscribeRequest({ ...POST, url: variant }));
      expect([error.reason, error.status]).toEqual(['token', 404]);
    }
  });

  it('refuses any single-character change to the token or signature', () => {
    const url = new URL(createUnsubscribeUrl({ baseUrl: base, recipient, list: 'news', secret }));
    const token = url.searchParams.get('token') as string;
    const sig = url.searchParams.get('sig') as string;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    fc.assert(
      fc.property(fc.boolean(), fc.nat(), fc.constantFrom(...alphabet), (inToken, at, c) => {
        const target = inToken ? token : sig;
        const i = at % target.length;
        fc.pre(target[i] !== c);
        const changed = `${target.slice(0, i)}${c}${target.slice(i + 1)}`;
        const variant = inToken
          ? `${base}?token=${changed}&sig=${sig}`
          : `${base}?token=${token}&sig=${changed}`;
        // base64url's last character may carry unused bits: the same bytes, so the same (valid) signature.
        const same = Buffer.from(changed, 'base64url').equals(Buffer.from(target, 'base64url'));
        fc.pre(!same);
        expect(failure(() => verifyUnsubscribeRequest({ ...POST, url: variant })).reason).toBe('token');
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a URL made with another secret, and accepts old links during a rotation', () => {
    const oldSecret = 'the-previous-unsubscribe-secret-0123456789';
    const url = createUnsubscribeUrl({ baseUrl: base, recipient, secret: oldSecret });
    expect(failure(() => verifyUnsubscribeRequest({ ...POST, url })).reason).toBe('token');
    expect(verifyUnsubscribeRequest({ ...POST, url, secret: [secret, oldSecret] }).recipient).toBe(recipient);
  });

  it('refuses a link older than maxAgeSeconds when asked to', () => {
    const issued = new Date('2026-01-01T00:00:00Z');
    const url = createUnsubscribeUrl({ baseUrl: base, recipient, secret, now: () => issued });
    const later = (s: number) => () => new Date(issued.getTime() + s * 1000);
    expect(verifyUnsubscribeRequest({ ...POST, url, maxAgeSeconds: 3600, now: later(3600) }).recipient).toBe(
      recipient,
    );
    expect(
      failure(() => verifyUnsubscribeRequest({ ...POST, url, maxAgeSeconds: 3600, now: later(3601) })).reason,
    ).toBe('expired');
  });

  it('round-trips any recipient and list', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 320 }),
        fc.option(fc.string({ maxLength: 100 }), { nil: undefined }),
        (r, list) => {
          const url = createUnsubscribeUrl({
            baseUrl: base,
            recipient: r,
            secret,
            ...(list !== undefined ? { list } : {}),
          });
          expect(verifyUnsubscribeRequest({ ...POST, url })).toMatchObject({ recipient: r, list });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('refuses weak secrets, http URLs and empty recipients before building anything', () => {
    expect(() => createUnsubscribeUrl({ baseUrl: base, recipient, secret: 'short' })).toThrow(
      ValidationError,
    );
    expect(() => createUnsubscribeUrl({ baseUrl: 'http://council.example/u', recipient, secret })).toThrow(
      /baseUrl: must be https/,
    );
    expect(() => createUnsubscribeUrl({ baseUrl: base, recipient: '', secret })).toThrow(/recipient/);
    expect(() => verifyUnsubscribeRequest({ ...POST, url: base, secret: 'short' })).toThrow(ValidationError);
  });

  it('never puts the recipient, token or secret in an error', () => {
    const url = createUnsubscribeUrl({ baseUrl: base, recipient, secret });
    const token = new URL(url).searchParams.get('token') as string;
    const errors = [
      failure(() => verifyUnsubscribeRequest({ ...POST, method: 'GET', url })),
      failure(() => verifyUnsubscribeRequest({ ...POST, body: 'x', url })),
      failure(() => verifyUnsubscribeRequest({ ...POST, url: url.replace('sig=', 'sig=A') })),
    ];
    for (const error of errors) {
      const text = `${error.message} ${JSON.stringify(error)} ${String(error.stack)}`;
      expect(text).not.toContain(recipient);
      expect(text).not.toContain(token.slice(0, 16));
      expect(text).not.toContain(secret);
    }
  });
});

describe('unsubscribeHandler (@council-sdk/notify/express)', () => {
  const unsubscribed: UnsubscribeRequest[] = [];
  let failNext = false;
  const onUnsubscribe = (request: UnsubscribeRequest) => {
    if (failNext) throw new Error('database down');
    unsubscribed.push(request);
  };
  const servers: Server[] = [];
  afterAll(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));
  afterEach(() => {
    unsubscribed.length = 0;
    failNext = false;
  });

  async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
    const server = createServer(handler);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const oneClick = (origin: string, url: string, init: RequestInit = {}) =>
    fetch(`${origin}${pathOf(url)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
      ...init,
    });

  let expressOrigin = '';
  let nodeOrigin = '';
  beforeAll(async () => {
    const app = express();
    app.all(
      '/unsubscribe',
      express.urlencoded({ extended: false }),
      unsubscribeHandler({ secret, onUnsubscribe }),
    );
    app.use((error: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(503).json({ handledBy: 'app', message: error.message });
    });
    expressOrigin = await listen(app);
    nodeOrigin = await listen(unsubscribeHandler({ secret, onUnsubscribe }) as never);
  });

  it('unsubscribes on a genuine one-click POST, in Express (parsed body) and plain Node (raw body)', async () => {
    for (const origin of [expressOrigin, nodeOrigin]) {
      const url = createUnsubscribeUrl({ baseUrl: base, recipient, list: 'council-tax', secret });
      const res = await oneClick(origin, url);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ result: 'success', message: 'Unsubscribe successful' });
    }
    expect(unsubscribed.map((u) => [u.recipient, u.list])).toEqual([
      [recipient, 'council-tax'],
      [recipient, 'council-tax'],
    ]);
  });

  it('answers 405 with Allow: POST to a GET, and unsubscribes nobody', async () => {
    const url = createUnsubscribeUrl({ baseUrl: base, recipient, secret });
    const res = await fetch(`${expressOrigin}${pathOf(url)}`);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(unsubscribed).toEqual([]);
  });

  it('answers 400 to a POST without the one-click body, and 404 to an altered link', async () => {
    const url = createUnsubscribeUrl({ baseUrl: base, recipient, secret });
    expect((await oneClick(nodeOrigin, url, { body: 'List-Unsubscribe=Yes' })).status).toBe(400);
    expect((await oneClick(nodeOrigin, url.replace('sig=', 'sig=AA'))).status).toBe(404);
    expect(unsubscribed).toEqual([]);
  });

  it('hands a failure of onUnsubscribe to the app error handler (Express) or answers 500', async () => {
    const url = createUnsubscribeUrl({ baseUrl: base, recipient, secret });
    failNext = true;
    const viaExpress = await oneClick(expressOrigin, url);
    expect(viaExpress.status).toBe(503);
    expect(await viaExpress.json()).toMatchObject({ handledBy: 'app' });
    expect((await oneClick(nodeOrigin, url)).status).toBe(500);
  });

  it('works with the URL passed to Notify as one_click_unsubscribe_url (the fake keeps it on the notification)', async () => {
    const s = setup();
    s.server.listen({ onUnhandledRequest: 'bypass' });
    try {
      const url = createUnsubscribeUrl({ baseUrl: base, recipient, list: 'newsletter', secret });
      const sent = await s.client().emails.send({
        template_id: EMAIL_TEMPLATE,
        email_address: recipient,
        personalisation: {
          full_name: 'A Resident',
          reference: 'R1',
          vehicle_registration: 'AB12CDE',
          documents: 'none',
        },
        one_click_unsubscribe_url: url,
      });
      expect(sent.content.one_click_unsubscribe_url).toBe(url);
      const stored = await s.client().notifications.get(sent.id);
      // What the resident's mail client does with the List-Unsubscribe header Notify adds.
      const res = await oneClick(nodeOrigin, stored.one_click_unsubscribe_url as string);
      expect(res.status).toBe(200);
      expect(unsubscribed.map((u) => [u.recipient, u.list])).toEqual([[recipient, 'newsletter']]);
    } finally {
      s.server.close();
    }
  });
});

describe("the fake presses the mail client's Unsubscribe button (fake.unsubscribe)", () => {
  const s = setup();
  beforeAll(() => s.server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => s.server.close());

  const send = (one_click_unsubscribe_url?: string) =>
    s.client().emails.send({
      template_id: EMAIL_TEMPLATE,
      email_address: recipient,
      personalisation: {
        full_name: 'A Resident',
        reference: 'R1',
        vehicle_registration: 'AB12CDE',
        documents: 'none',
      },
      ...(one_click_unsubscribe_url ? { one_click_unsubscribe_url } : {}),
    });

  it("POSTs List-Unsubscribe=One-Click once to the email's URL, which verifyUnsubscribeRequest accepts", async () => {
    const seen: UnsubscribeRequest[] = [];
    let posts = 0;
    s.server.use(
      http.all(base, async ({ request }) => {
        posts += 1;
        const body = await request.text();
        seen.push(verifyUnsubscribeRequest({ method: request.method, url: request.url, body, secret }));
        return new HttpResponse(null, { status: 200 });
      }),
    );
    const sent = await send(createUnsubscribeUrl({ baseUrl: base, recipient, list: 'newsletter', secret }));
    const attempt = await s.fake.unsubscribe(sent.id);
    expect(attempt).toMatchObject({ kind: 'one-click-unsubscribe', status: 200, delivered: true });
    expect(posts).toBe(1);
    expect(seen.map((u) => [u.recipient, u.list])).toEqual([[recipient, 'newsletter']]);
  });

  it('tries once only when the service fails (mail clients do not retry)', async () => {
    let posts = 0;
    s.server.use(
      http.post(base, () => {
        posts += 1;
        return new HttpResponse(null, { status: 500 });
      }),
    );
    const sent = await send(createUnsubscribeUrl({ baseUrl: base, recipient, secret }));
    expect(await s.fake.unsubscribe(sent.id)).toMatchObject({ status: 500, delivered: false });
    expect(posts).toBe(1);
    expect(s.fake.clock.pendingTimers()).toBe(0); // no retry waiting on the clock
  });

  it('refuses an email sent without one_click_unsubscribe_url', async () => {
    const sent = await send();
    await expect(s.fake.unsubscribe(sent.id)).rejects.toThrow(/has no one_click_unsubscribe_url/);
  });
});
