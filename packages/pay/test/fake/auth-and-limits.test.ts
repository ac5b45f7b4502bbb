/**
 * Who may call, and how often: the two non-JSON 401s (alphagov/pay-publicapi filter/AuthorizationValidationFilter.java;
 * Dropwizard's OAuthCredentialAuthFilter registered in app/PublicApi.java), the WAF's Accept check, accounts kept
 * apart, and the per-account rate limits (filter/RateLimiterFilter.java).
 */
import { describe, expect, it } from 'vitest';
import { payFake, START, webPayment } from './harness.js';

describe('authentication', () => {
  it('answers 401 without a challenge when the Authorization header is missing or not a Pay key', async () => {
    const h = await payFake();
    for (const key of [null, 'short']) {
      const res = await h.call('/v1/payments', { key });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBeNull();
      expect(res.headers.get('content-type')).not.toContain('json');
    }
  });

  it('answers 401 with WWW-Authenticate: Bearer realm="realm" for a well-formed key Pay does not know', async () => {
    const h = await payFake();
    const res = await h.call('/v1/payments', { key: `api_test_${'x'.repeat(40)}` });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="realm"');
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(await res.text()).toBe('Credentials are required to access this resource.');
  });

  it('blocks an Accept header that excludes JSON (400 P0920, header Accept)', async () => {
    const h = await payFake();
    const res = await h.call('/v1/payments', { headers: { Accept: 'text/html' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      header: 'Accept',
      code: 'P0920',
      description:
        'Request blocked by security rules. Please consult API documentation for more information.',
    });
  });

  it('answers 415 (Dropwizard’s body) to a create, refund or agreement whose Content-Type is not JSON; none or a charset is fine', async () => {
    const h = await payFake();
    const body = JSON.stringify(webPayment());
    const send = (path: string, headers: Record<string, string>, key = h.fake.apiKey) =>
      fetch(`${h.fake.baseUrl}${path}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${key}`, ...headers },
        body: new TextEncoder().encode(body),
      });
    for (const path of ['/v1/payments', `/v1/payments/${'a'.repeat(26)}/refunds`, '/v1/agreements']) {
      const res = await send(path, { 'Content-Type': 'text/plain' });
      expect(res.status, path).toBe(415);
      expect(await res.json()).toEqual({ code: 415, message: 'HTTP 415 Unsupported Media Type' });
    }
    // Jersey picks the resource before the API key is looked up: an unknown key still gets 415.
    expect(
      (await send('/v1/payments', { 'Content-Type': 'text/plain' }, `api_test_${'x'.repeat(40)}`)).status,
    ).toBe(415);
    expect((await send('/v1/payments', {})).status).toBe(201);
    expect((await send('/v1/payments', { 'Content-Type': 'application/json; charset=utf-8' })).status).toBe(
      201,
    );
  });

  it('keeps accounts apart: another account’s payment is not found (404 P0200)', async () => {
    const keyA = `api_test_a_${'0'.repeat(40)}`;
    const keyB = `api_test_b_${'0'.repeat(40)}`;
    const h = await payFake({
      accounts: [
        { id: 'a', mode: 'test', apiKeys: [keyA] },
        { id: 'b', mode: 'test', apiKeys: [keyB] },
      ],
    });
    const created = await (await h.call('/v1/payments', { key: keyA, json: webPayment() })).json();
    const other = await h.call(`/v1/payments/${created.payment_id}`, { key: keyB });
    expect(other.status).toBe(404);
    expect(await other.json()).toEqual({ code: 'P0200', description: 'Not found' });
  });
});

describe('rate limits', () => {
  it('answers the 16th create in a second with 429 P0900, and allows more a second later', async () => {
    const h = await payFake({ rateLimit: {}, now: START });
    const statuses: number[] = [];
    for (let i = 0; i < 16; i++) statuses.push((await h.create(webPayment())).status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(15);
    const limited = await h.create(webPayment());
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({ code: 'P0900', description: 'Too many requests' });
    await h.fake.advance(1000);
    expect((await h.create(webPayment())).status).toBe(201);
  });
});
