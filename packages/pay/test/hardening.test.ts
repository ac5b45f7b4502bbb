/** Attacks from the security audit (issue #14), reproduced against the client with our own msw handlers. */
import { inspect } from 'node:util';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PayClient, ResponseValidationError, ValidationError } from '../src/index.js';

const BASE = 'https://pay.example.test';
const KEY = 'api_test_s3cret/key+value=0123456789abcdefghij';

const sent: Request[] = [];
const server = setupServer();
server.events.on('request:start', ({ request }) => {
  sent.push(request);
});
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  sent.length = 0;
});
afterAll(() => server.close());

const pay = () => new PayClient({ apiKey: KEY, baseUrl: BASE, maxRetries: 0 });

describe('ids cannot change which resource is addressed', () => {
  for (const id of ['..', '.', '%2e%2e', '.%2E']) {
    it(`payments.cancel(${JSON.stringify(id)}) throws a ValidationError naming paymentId and sends nothing`, async () => {
      server.use(http.post(`${BASE}/*`, () => new HttpResponse(null, { status: 204 })));
      const error = await pay()
        .payments.cancel(id)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]?.path).toBe('paymentId');
      expect(sent).toHaveLength(0);
    });
  }

  it('refunds.get refuses a dot-segment refund id', async () => {
    const error = await pay()
      .refunds.get('pay-1', '..')
      .catch((e: unknown) => e);
    expect((error as ValidationError).issues[0]?.path).toBe('refundId');
    expect(sent).toHaveLength(0);
  });
});

describe('the API key never travels in clear text', () => {
  it('refuses an http:// base URL on a non-loopback host', () => {
    expect(() => new PayClient({ apiKey: KEY, baseUrl: 'http://pay.example.gov.uk' })).toThrow(
      ValidationError,
    );
  });
  it('accepts http:// on loopback (the sandbox)', () => {
    expect(() => new PayClient({ apiKey: KEY, baseUrl: 'http://127.0.0.1:4000/pay' })).not.toThrow();
    expect(() => new PayClient({ apiKey: KEY, baseUrl: 'http://localhost:4000/pay' })).not.toThrow();
  });
});

describe('a response echoing the API key keeps it out of the error', () => {
  const encodings = {
    raw: KEY,
    'URL-encoded': encodeURIComponent(KEY),
    base64: Buffer.from(KEY).toString('base64'),
    base64url: Buffer.from(KEY).toString('base64url'),
    'Basic credentials': Buffer.from(`${KEY}:`).toString('base64'),
  };
  for (const [name, echoed] of Object.entries(encodings)) {
    it(`redacts the ${name} key from a malformed 2xx body (JSON.stringify and util.inspect)`, async () => {
      server.use(
        http.get(`${BASE}/v1/payments/:id`, () =>
          HttpResponse.json({
            payment_id: 42,
            description: `echo ${echoed}`,
            nested: { k: [echoed] },
            [`field ${echoed}`]: true,
          }),
        ),
      );
      const error = await pay()
        .payments.get('pay-1')
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ResponseValidationError);
      for (const view of [
        JSON.stringify(error),
        inspect(error, { depth: 20, showHidden: true }),
        String(error),
      ]) {
        expect(view).not.toContain(echoed);
        expect(view).not.toContain(KEY);
      }
    });
  }
});
