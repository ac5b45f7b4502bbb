import fc from 'fast-check';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  HttpClient,
  parseResponse,
  ResponseValidationError,
  timingSafeEqualString,
  ValidationError,
  validateRequest,
} from '../src';
import { BASE, useMswServer } from './helpers';

const server = useMswServer();

const Request = z.strictObject({
  amount: z.number().int().min(1),
  reference: z.string().max(255),
  metadata: z.record(z.string(), z.string()).optional(),
  items: z.array(z.strictObject({ amount: z.number().int() })).optional(),
});

describe('validateRequest', () => {
  it('names every bad field with its path and sends nothing', async () => {
    let calls = 0;
    server.use(
      http.post(`${BASE}/p`, () => {
        calls += 1;
        return HttpResponse.json({});
      }),
    );
    const c = new HttpClient({ service: 't', version: '1', baseUrl: BASE });
    const send = async (body: unknown) => {
      const valid = validateRequest(Request, body, 'payment');
      return c.request({ method: 'POST', path: '/p', body: valid });
    };
    const error = await send({
      amount: 0,
      reference: 7,
      items: [{ amount: 1 }, { amount: 1.5 }],
      extra: 1,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const paths = error.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['amount', 'reference', 'items[1].amount']));
    expect(error.message).toMatch(/^Invalid payment: /);
    expect(calls).toBe(0);
  });

  it('never echoes the values it rejects', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 8 }).filter((s) => s.trim().length >= 8),
        (secret) => {
          try {
            validateRequest(Request, {
              amount: secret,
              reference: 1,
              metadata: { note: 5 },
              items: [{ amount: secret }],
            });
          } catch (e) {
            expect(e).toBeInstanceOf(ValidationError);
            expect((e as ValidationError).issues.some((i) => i.message.includes(secret))).toBe(false);
            return;
          }
          throw new Error('expected a ValidationError');
        },
      ),
    );
  });
});

describe('parseResponse', () => {
  const Payment = z.looseObject({ payment_id: z.string(), amount: z.number() });
  it('keeps unknown fields', () => {
    expect(parseResponse(Payment, { payment_id: 'p', amount: 1, new_field: true })).toEqual({
      payment_id: 'p',
      amount: 1,
      new_field: true,
    });
  });
  it('raises ResponseValidationError carrying the shape of the body (no values) when the contract is broken', () => {
    const error = (() => {
      try {
        return parseResponse(Payment, { payment_id: 5 }, 'GET /v1/payments/x');
      } catch (e) {
        return e as ResponseValidationError;
      }
    })();
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.body).toEqual({ payment_id: '[number]' });
    expect(error.message).toContain('GET /v1/payments/x');
  });
});

describe('timingSafeEqualString', () => {
  it('is true exactly when the strings are equal, whatever their lengths', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => timingSafeEqualString(a, b) === (a === b)));
    fc.assert(fc.property(fc.string(), (a) => timingSafeEqualString(a, `${a}`)));
    expect(timingSafeEqualString('abc', 'abc')).toBe(true);
  });
});

describe('HttpClient basics', () => {
  it('sends a User-Agent with the service, version and product token, and JSON', async () => {
    let seen: Record<string, string | null> = {};
    server.use(
      http.post(`${BASE}/prefix/p`, async ({ request }) => {
        seen = {
          ua: request.headers.get('user-agent'),
          ct: request.headers.get('content-type'),
          body: await request.text(),
          q: new URL(request.url).search,
        };
        return HttpResponse.json({ ok: true });
      }),
    );
    const c = new HttpClient({
      service: 'pay',
      version: '1.2.3',
      baseUrl: `${BASE}/prefix/`,
      userAgent: 'permits/4.0',
    });
    await c.request({
      method: 'POST',
      path: '/p',
      body: { a: 1 },
      query: { status: ['created', 'sending'], skip: undefined, on: true },
    });
    expect(seen).toEqual({
      ua: 'council-sdk-pay/1.2.3 permits/4.0',
      ct: 'application/json',
      body: '{"a":1}',
      q: '?status=created&status=sending&on=true',
    });
  });

  it('follows a next-page link on its own origin but refuses one on another origin', async () => {
    server.use(http.get(`${BASE}/v1/x`, () => HttpResponse.json({ ok: true })));
    const c = new HttpClient({
      service: 't',
      version: '1',
      baseUrl: BASE,
      auth: () => ({ Authorization: 'Bearer k' }),
    });
    expect((await c.request({ method: 'GET', path: `${BASE}/v1/x?page=2` })).data).toEqual({ ok: true });
    await expect(c.request({ method: 'GET', path: 'https://evil.example/v1/x' })).rejects.toThrow(
      /not the service's origin/,
    );
  });

  it('returns binary bodies as bytes', async () => {
    server.use(
      http.get(
        `${BASE}/pdf`,
        () =>
          new HttpResponse(new Uint8Array([37, 80, 68, 70]), {
            headers: { 'content-type': 'application/pdf' },
          }),
      ),
    );
    const c = new HttpClient({ service: 't', version: '1', baseUrl: BASE });
    const res = await c.request<Uint8Array>({ method: 'GET', path: '/pdf', responseType: 'arraybuffer' });
    expect(Buffer.from(res.data).toString('latin1')).toBe('%PDF');
  });

  it('rejects a malformed base URL with a ValidationError', () => {
    expect(() => new HttpClient({ service: 't', version: '1', baseUrl: 'not a url' })).toThrow(
      ValidationError,
    );
  });
});

describe('per-request options', () => {
  it('sends no credentials when a request says auth: false', async () => {
    const seen: Array<string | null> = [];
    server.use(
      http.post(`${BASE}/v1/auth`, ({ request }) => {
        seen.push(request.headers.get('authorization'));
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const c = new HttpClient({
      service: 't',
      version: '1',
      baseUrl: BASE,
      auth: () => ({ Authorization: 'Bearer k' }),
    });
    await c.request({ method: 'POST', path: '/v1/auth', body: {}, auth: false });
    await c.request({ method: 'POST', path: '/v1/auth', body: {} });
    expect(seen).toEqual([null, 'Bearer k']);
  });

  it('decodes a JSON error body answered to a binary request', async () => {
    server.use(
      http.get(`${BASE}/pdf`, () =>
        HttpResponse.json(
          { status_code: 400, errors: [{ error: 'PDFNotReadyError', message: 'PDF not available yet' }] },
          { status: 400 },
        ),
      ),
    );
    const c = new HttpClient({
      service: 't',
      version: '1',
      baseUrl: BASE,
      describeError: (_s, body) => ({
        message: (body as { errors: Array<{ message: string }> }).errors[0]?.message,
      }),
    });
    const error = await c
      .request({ method: 'GET', path: '/pdf', responseType: 'arraybuffer' })
      .catch((e) => e);
    expect(error.message).toBe('PDF not available yet');
    expect(error.body).toEqual({
      status_code: 400,
      errors: [{ error: 'PDFNotReadyError', message: 'PDF not available yet' }],
    });
  });
});
