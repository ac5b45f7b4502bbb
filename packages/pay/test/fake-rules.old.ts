/**
 * The fake answers what Pay answers: raw HTTP (fetch through msw) so nothing in the SDK filters the request.
 */
import { describe, expect, it } from 'vitest';
import { RateLimitError } from '../src/index.js';
import { createPayFake } from '../src/testing/index.js';
import { useFakePay, webPayment } from './setup.js';

describe('the fake enforces Pay’s rules', () => {
  const t = useFakePay();

  const call = (path: string, init: RequestInit & { key?: string | null; json?: unknown } = {}) => {
    const headers = new Headers(init.headers);
    if (init.key !== null) headers.set('Authorization', `Bearer ${init.key ?? t.fake.apiKey}`);
    if (init.json !== undefined) headers.set('Content-Type', 'application/json');
    return fetch(`${t.fake.baseUrl}${path}`, {
      ...init,
      headers,
      ...(init.json !== undefined
        ? { body: typeof init.json === 'string' ? init.json : JSON.stringify(init.json) }
        : {}),
    });
  };
  const create = (json: unknown, headers: Record<string, string> = {}) =>
    call('/v1/payments', { method: 'POST', json, headers });

  it('answers 401 with a non-JSON body for a missing or unknown API key', async () => {
    for (const key of [null, 'api_test_not_a_real_key']) {
      const res = await call('/v1/payments', { key });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).not.toContain('json');
    }
  });

  it('blocks an Accept header that excludes JSON (400 P0920)', async () => {
    const res = await call('/v1/payments', { headers: { Accept: 'text/html' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'P0920' });
  });

  it('answers 400 P0101 for a missing or null mandatory field', async () => {
    for (const body of [
      { ...webPayment(), amount: undefined },
      { ...webPayment(), amount: null },
    ]) {
      const res = await create(body);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        field: 'amount',
        code: 'P0101',
        description: 'Missing mandatory attribute: amount',
      });
    }
  });

  it('answers 400 P0102 for a wrongly typed amount (string or float)', async () => {
    for (const amount of ['1250', 12.5]) {
      const res = await create(webPayment({ amount }));
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ field: 'amount', code: 'P0102' });
    }
  });

  it('answers 422 P0102 for an amount out of range, with Pay’s description', async () => {
    const zero = await create(webPayment({ amount: 0 }));
    expect(zero.status).toBe(422);
    expect(await zero.json()).toEqual({
      field: 'amount',
      code: 'P0102',
      description: 'Invalid attribute value: amount. Must be greater than or equal to 1',
    });
    const big = await create(webPayment({ amount: 10_000_001 }));
    expect(await big.json()).toMatchObject({
      description: 'Invalid attribute value: amount. Must be less than or equal to 10000000',
    });
  });

  it('answers 422 for a too-long reference, forbidden characters and a bad language', async () => {
    expect((await create(webPayment({ reference: 'r'.repeat(256) }))).status).toBe(422);
    const pipe = await create(webPayment({ description: 'a | b' }));
    expect(pipe.status).toBe(422);
    expect(await pipe.json()).toMatchObject({
      field: 'description',
      description: expect.stringContaining('Must be a valid string format'),
    });
    expect(await (await create(webPayment({ language: 'fr' }))).json()).toMatchObject({
      field: 'language',
      code: 'P0102',
    });
  });

  it('answers 422 field metadata for bad metadata', async () => {
    const cases = [
      { k: null },
      { ['k'.repeat(31)]: 1 },
      { k: 'v'.repeat(101) },
      Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`key${i}`, i])),
      { Key: 1, key: 2 },
      { nested: { a: 1 } },
    ];
    for (const metadata of cases) {
      const res = await create(webPayment({ metadata }));
      expect(res.status, JSON.stringify(metadata)).toBe(422);
      expect(await res.json()).toMatchObject({ field: 'metadata', code: 'P0102' });
    }
  });

  it('answers 422 P0102 field return_url for a return_url that is not a URL', async () => {
    const res = await create(webPayment({ return_url: 'council.example/return' }));
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ field: 'return_url', code: 'P0102' });
  });

  it('answers 400 P0197 for unparsable JSON', async () => {
    const res = await create('{"amount": 12');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ code: 'P0197', description: 'Unable to parse JSON' });
  });

  it('answers 422 header Idempotency-Key for a malformed key', async () => {
    const res = await create(webPayment(), { 'Idempotency-Key': 'not valid!' });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ header: 'Idempotency-Key', code: 'P0102' });
  });

  it('answers 201 with Location for a new payment and 200 for an idempotent replay', async () => {
    const first = await create(webPayment(), { 'Idempotency-Key': 'abc-123' });
    expect(first.status).toBe(201);
    const body = await first.json();
    expect(first.headers.get('location')).toBe(`${t.fake.baseUrl}/v1/payments/${body.payment_id}`);
    const again = await create(webPayment(), { 'Idempotency-Key': 'abc-123' });
    expect(again.status).toBe(200);
    expect((await again.json()).payment_id).toBe(body.payment_id);
  });

  it('refuses return_url with moto_api (P0104) and requires it for web payments', async () => {
    const moto = await create({ ...webPayment(), authorisation_mode: 'moto_api' });
    expect(moto.status).toBe(422);
    expect(await moto.json()).toMatchObject({ code: 'P0104' });
    const { return_url: _, ...noReturn } = webPayment();
    expect(await (await create(noReturn)).json()).toMatchObject({ field: 'return_url', code: 'P0101' });
  });

  it('refuses agreement mode with email or prefilled details (422)', async () => {
    const base = {
      amount: 100,
      description: 'd',
      reference: 'r',
      authorisation_mode: 'agreement',
      agreement_id: 'a'.repeat(26),
    };
    for (const extra of [
      { email: 'a@example.com' },
      { prefilled_cardholder_details: { cardholder_name: 'X' } },
    ]) {
      expect((await create({ ...base, ...extra })).status).toBe(422);
    }
  });

  it('answers one 422 P0401 naming every bad search parameter, and 404 P0402 past the last page', async () => {
    const bad = await call('/v1/payments?from_date=yesterday&display_size=501&state=capturable');
    expect(bad.status).toBe(422);
    expect(await bad.json()).toEqual({
      code: 'P0401',
      description:
        'Invalid parameters: display_size, from_date, state. See Public API documentation for the correct data formats',
    });
    await create(webPayment());
    const past = await call('/v1/payments?page=2');
    expect(past.status).toBe(404);
    expect(await past.json()).toEqual({ code: 'P0402', description: 'Page not found' });
  });

  it('uses the refund codes: P0601 missing, P0602 invalid', async () => {
    const p = await (await create(webPayment())).json();
    t.fake.completePayment(p.payment_id);
    const missing = await call(`/v1/payments/${p.payment_id}/refunds`, { method: 'POST', json: {} });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ code: 'P0601', field: 'amount' });
    const invalid = await call(`/v1/payments/${p.payment_id}/refunds`, {
      method: 'POST',
      json: { amount: 'lots' },
    });
    expect(await invalid.json()).toMatchObject({ code: 'P0602' });
  });

  it('keeps accounts apart: another account’s payment is not found', async () => {
    const fake = createPayFake({
      accounts: [
        { id: 'a', mode: 'test', apiKeys: ['api_test_a'] },
        { id: 'b', mode: 'test', apiKeys: ['api_test_b'] },
      ],
    });
    t.server.resetHandlers(...fake.handlers);
    const res = await fetch(`${fake.baseUrl}/v1/payments`, {
      method: 'POST',
      headers: { Authorization: 'Bearer api_test_a', 'Content-Type': 'application/json' },
      body: JSON.stringify(webPayment()),
    });
    const { payment_id } = await res.json();
    const other = await fetch(`${fake.baseUrl}/v1/payments/${payment_id}`, {
      headers: { Authorization: 'Bearer api_test_b' },
    });
    expect(other.status).toBe(404);
  });

  it('requires https return URLs on live accounts (422 P0920)', async () => {
    const fake = createPayFake({ accounts: [{ id: 'live', mode: 'live', apiKeys: ['api_live_x'] }] });
    t.server.resetHandlers(...fake.handlers);
    const res = await fetch(`${fake.baseUrl}/v1/payments`, {
      method: 'POST',
      headers: { Authorization: 'Bearer api_live_x', 'Content-Type': 'application/json' },
      body: JSON.stringify(webPayment({ return_url: 'http://council.example/return' })),
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ field: 'return_url', code: 'P0920' });
  });
});

describe('rate limiting', () => {
  const t = useFakePay({ now: () => new Date('2025-06-01T12:00:00Z') });

  it('answers the 16th create in a second with 429 P0900, and allows more a second later', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 16; i++) {
      const res = await fetch(`${t.fake.baseUrl}/v1/payments`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${t.fake.apiKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(webPayment()),
      });
      statuses.push(res.status);
      if (res.status === 429)
        expect(await res.json()).toEqual({ code: 'P0900', description: 'Too many requests' });
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(15);
    expect(statuses.at(-1)).toBe(429);
    t.fake.clock.advance(1000);
    await expect(t.pay.payments.create(webPayment())).resolves.toMatchObject({
      state: { status: 'created' },
    });
  });

  it('surfaces 429 as RateLimitError with code P0900', async () => {
    t.fake.faults.inject({ type: 'status', status: 429, times: 1 });
    const error = await t.pay.payments.get('p'.repeat(26)).catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.code).toBe('P0900');
  });
});
