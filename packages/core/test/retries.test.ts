import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { delay, HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { AbortError, ConnectionError, HttpClient, RateLimitError, ServerError, TimeoutError } from '../src';
import { BASE, fastRetry, useMswServer } from './helpers';

const server = useMswServer();
const client = (extra: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) =>
  new HttpClient({ service: 'test', version: '1.0.0', baseUrl: BASE, retry: fastRetry, ...extra });

describe('retries', () => {
  it('retries a GET that answers 503 and succeeds on the next attempt', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/thing`, () => {
        calls += 1;
        return calls === 1
          ? HttpResponse.json({ message: 'busy' }, { status: 503 })
          : HttpResponse.json({ ok: true });
      }),
    );
    const res = await client().request({ method: 'GET', path: '/thing' });
    expect(res.data).toEqual({ ok: true });
    expect(calls).toBe(2);
  });

  it('gives up after maxRetries and throws the last error', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/thing`, () => {
        calls += 1;
        return HttpResponse.json({ message: 'down' }, { status: 502 });
      }),
    );
    await expect(client({ maxRetries: 3 }).request({ method: 'GET', path: '/thing' })).rejects.toBeInstanceOf(
      ServerError,
    );
    expect(calls).toBe(4);
  });

  it('does not retry at all with maxRetries: 0', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/thing`, () => {
        calls += 1;
        return HttpResponse.json({}, { status: 503 });
      }),
    );
    await expect(client({ maxRetries: 0 }).request({ method: 'GET', path: '/thing' })).rejects.toBeInstanceOf(
      ServerError,
    );
    expect(calls).toBe(1);
  });

  it('honours maxRetries per request over the client default', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/thing`, () => {
        calls += 1;
        return HttpResponse.json({}, { status: 500 });
      }),
    );
    await expect(
      client({ maxRetries: 5 }).request({ method: 'GET', path: '/thing', maxRetries: 1 }),
    ).rejects.toThrow();
    expect(calls).toBe(2);
  });

  it('does not retry a POST without an idempotency key that timed out after it was written', async () => {
    let calls = 0;
    server.use(
      http.post(`${BASE}/payments`, async () => {
        calls += 1;
        await delay(200);
        return HttpResponse.json({ id: 'p1' }, { status: 201 });
      }),
    );
    const error = await client({ timeoutMs: 30 })
      .request({ method: 'POST', path: '/payments', body: { amount: 100 } })
      .catch((e) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.sent).toBe('unknown');
    expect(calls).toBe(1);
  });

  it('does not retry a POST without a key whose connection dropped after sending', async () => {
    let calls = 0;
    server.use(
      http.post(`${BASE}/payments`, () => {
        calls += 1;
        return HttpResponse.error();
      }),
    );
    const error = await client()
      .request({ method: 'POST', path: '/payments', body: {} })
      .catch((e) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.sent).toBe('unknown');
    expect(calls).toBe(1);
  });

  it('retries a POST that carries an idempotency key, sending the same key on every attempt', async () => {
    const keys: Array<string | null> = [];
    server.use(
      http.post(`${BASE}/payments`, async ({ request }) => {
        keys.push(request.headers.get('idempotency-key'));
        if (keys.length < 3) return HttpResponse.error();
        return HttpResponse.json({ id: 'p1' }, { status: 201 });
      }),
    );
    const res = await client().request({
      method: 'POST',
      path: '/payments',
      body: {},
      idempotencyKey: 'key-123',
    });
    expect(res.status).toBe(201);
    expect(keys).toEqual(['key-123', 'key-123', 'key-123']);
  });

  it('retries a timed-out POST when it carries an idempotency key', async () => {
    let calls = 0;
    server.use(
      http.post(`${BASE}/payments`, async () => {
        calls += 1;
        if (calls === 1) await delay(200);
        return HttpResponse.json({ id: 'p1' }, { status: 201 });
      }),
    );
    const res = await client({ timeoutMs: 50 }).request({
      method: 'POST',
      path: '/payments',
      body: {},
      idempotencyKey: 'k',
    });
    expect(res.status).toBe(201);
    expect(calls).toBe(2);
  });

  it('retries a POST without a key on 429, because the service rejected it before acting', async () => {
    let calls = 0;
    server.use(
      http.post(`${BASE}/messages`, () => {
        calls += 1;
        return calls === 1
          ? HttpResponse.json({ message: 'slow down' }, { status: 429 })
          : HttpResponse.json({}, { status: 201 });
      }),
    );
    const res = await client().request({ method: 'POST', path: '/messages', body: {} });
    expect(res.status).toBe(201);
    expect(calls).toBe(2);
  });

  it('does not retry a POST without a key on 503 (the service may have acted)', async () => {
    let calls = 0;
    server.use(
      http.post(`${BASE}/messages`, () => {
        calls += 1;
        return HttpResponse.json({}, { status: 503 });
      }),
    );
    await expect(client().request({ method: 'POST', path: '/messages', body: {} })).rejects.toBeInstanceOf(
      ServerError,
    );
    expect(calls).toBe(1);
  });

  it('honours Retry-After in seconds', async () => {
    const delays: number[] = [];
    let calls = 0;
    server.use(
      http.get(`${BASE}/thing`, () => {
        calls += 1;
        return calls === 1
          ? HttpResponse.json({}, { status: 429, headers: { 'Retry-After': '1' } })
          : HttpResponse.json({ ok: 1 });
      }),
    );
    await client({ hooks: { onRetry: (i) => delays.push(i.delayMs) } }).request({
      method: 'GET',
      path: '/thing',
    });
    expect(delays).toEqual([1000]);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const delays: number[] = [];
    let calls = 0;
    server.use(
      http.get(`${BASE}/thing`, () => {
        calls += 1;
        const when = new Date(Date.now() + 1500).toUTCString();
        return calls === 1
          ? HttpResponse.json({}, { status: 503, headers: { 'Retry-After': when } })
          : HttpResponse.json({});
      }),
    );
    await client({ hooks: { onRetry: (i) => delays.push(i.delayMs) } }).request({
      method: 'GET',
      path: '/thing',
    });
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThan(0);
    expect(delays[0]).toBeLessThanOrEqual(1500);
  });

  it('surfaces a 429 whose Retry-After is longer than it is willing to wait, with retryAfterMs', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/thing`, () => {
        calls += 1;
        return HttpResponse.json({}, { status: 429, headers: { 'Retry-After': '3600' } });
      }),
    );
    const error = await client()
      .request({ method: 'GET', path: '/thing' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(3_600_000);
    expect(calls).toBe(1);
  });

  it('stops at once when aborted during a backoff wait', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/thing`, () => {
        calls += 1;
        return HttpResponse.json({}, { status: 503, headers: { 'Retry-After': '30' } });
      }),
    );
    const controller = new AbortController();
    const pending = client().request({ method: 'GET', path: '/thing', signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    expect(calls).toBe(1);
  });

  it('aborts an in-flight request and does not retry it', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/slow`, async () => {
        calls += 1;
        await delay(5_000);
        return HttpResponse.json({});
      }),
    );
    const controller = new AbortController();
    const pending = client().request({ method: 'GET', path: '/slow', signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    expect(calls).toBe(1);
  });

  it('refuses to start when the signal is already aborted (nothing sent)', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/thing`, () => {
        calls += 1;
        return HttpResponse.json({});
      }),
    );
    await expect(
      client().request({ method: 'GET', path: '/thing', signal: AbortSignal.abort() }),
    ).rejects.toBeInstanceOf(AbortError);
    expect(calls).toBe(0);
  });
});

describe('connection failures before sending', () => {
  it('retries a POST without a key when the connection is refused, reporting sent: no', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((r) => probe.close(() => r()));
    const attempts: string[] = [];
    const c = new HttpClient({
      service: 'test',
      version: '1',
      baseUrl: `http://127.0.0.1:${port}`,
      retry: fastRetry,
      hooks: { onRetry: (i) => attempts.push(i.reason) },
    });
    const error = await c.request({ method: 'POST', path: '/x', body: {} }).catch((e) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.sent).toBe('no');
    expect(attempts).toEqual(['ECONNREFUSED', 'ECONNREFUSED']);
  });
});

describe('service hooks on retrying', () => {
  it('does not retry an error the service vetoes (a daily limit that will not clear by waiting)', async () => {
    let calls = 0;
    server.use(
      http.post(`${BASE}/messages`, () => {
        calls += 1;
        return HttpResponse.json({ errors: [{ error: 'TooManyRequestsError' }] }, { status: 429 });
      }),
    );
    const c = client({
      isRetryable: (e) => !JSON.stringify(e.body).includes('TooManyRequestsError'),
    });
    await expect(c.request({ method: 'POST', path: '/messages', body: {} })).rejects.toBeInstanceOf(
      RateLimitError,
    );
    expect(calls).toBe(1);
  });
});
