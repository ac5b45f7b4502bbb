/** The fake must answer hostile input the way Notify does (a 4xx body), never crash with a 500. Raw HTTP. */
import fc from 'fast-check';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseApiKey } from '../src/auth.js';
import { setup, TEMPLATES } from './helpers.js';

// limits high enough that the property runs never meet the rate limit
const s = setup({
  limits: {
    rate_limit: 1_000_000,
    email_message_limit: 1e9,
    sms_message_limit: 1e9,
    letter_message_limit: 1e9,
  },
});
beforeAll(() => s.server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => s.server.close());

async function validAuth(): Promise<string> {
  const { serviceId, secret } = parseApiKey(s.fake.apiKeys.live);
  const token = await new SignJWT({ iss: serviceId, iat: Math.floor(s.fake.clock.now().getTime() / 1000) })
    .setProtectedHeader({ typ: 'JWT', alg: 'HS256' })
    .sign(new TextEncoder().encode(secret));
  return `Bearer ${token}`;
}

async function call(path: string, init: { authorization: string | null; body?: string }) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.authorization !== null) headers.authorization = init.authorization;
  const res = await fetch(`${s.fake.baseUrl}${path}`, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers,
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  return {
    status: res.status,
    body: res.headers.get('content-type')?.includes('json') ? await res.json() : null,
  };
}

const isNotifyError = (r: { status: number; body?: unknown }) => {
  const b = r.body as { status_code?: number; errors?: Array<{ error: string; message: string }> };
  return (
    r.status >= 400 &&
    r.status < 500 &&
    b.status_code === r.status &&
    Array.isArray(b.errors) &&
    b.errors.length > 0
  );
};

describe('the fake on arbitrary input', () => {
  it('any Authorization header: 200 or a 401/403 AuthError body', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.option(
          fc.oneof(
            fc.string().filter((h) => /^[\x21-\x7e][\x20-\x7e]*$/.test(h) && !/\s$/.test(h)),
            fc.string().map((t) => `Bearer ${t.replace(/[^\x21-\x7e]/g, '')}`),
            fc.constant('Bearer eyJhbGciOiJub25lIn0.e30.'),
          ),
        ),
        async (header) => {
          const r = await call('/v2/notifications', { authorization: header });
          if (r.status !== 200) {
            expect([401, 403]).toContain(r.status);
            expect(isNotifyError(r)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('any POST body to the send endpoints: 201 or a 4xx Notify error body', async () => {
    const auth = await validAuth();
    const nasty = fc.constantFrom(
      { toString: '' },
      [{ valueOf: 1 }],
      { __proto__: null },
      { file: { toString: 0 } },
      'x'.repeat(5000),
    );
    const field = fc.oneof(
      fc.anything(),
      fc.string(),
      nasty,
      fc.constantFrom(TEMPLATES[0]!.id, TEMPLATES[1]!.id, TEMPLATES[2]!.id),
    );
    const body = fc.oneof(
      fc.string(),
      fc.json(),
      fc
        .record(
          {
            template_id: field,
            email_address: fc.oneof(fc.emailAddress(), fc.anything()),
            phone_number: fc.oneof(fc.string(), fc.constant('07700900123'), fc.anything()),
            personalisation: fc.oneof(
              fc.dictionary(fc.string(), fc.oneof(fc.jsonValue(), nasty)),
              fc.anything(),
              fc.constant({
                address_line_1: { toString: '' },
                address_line_2: ['a'],
                address_line_3: 'SW1A 1AA',
              }),
            ),
            reference: fc.oneof(fc.string(), fc.anything()),
            content: fc.oneof(fc.base64String(), fc.anything()),
            postage: fc.oneof(fc.anything(), nasty),
          },
          { requiredKeys: [] },
        )
        .map((o) => JSON.stringify(o)),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('email', 'sms', 'letter'), body, async (type, raw) => {
        const r = await call(`/v2/notifications/${type}`, { authorization: auth, body: raw });
        if (r.status !== 201) expect(isNotifyError(r)).toBe(true);
      }),
      { numRuns: 800 },
    );
  });

  it('any query string on the list endpoints: 200 or a 400 ValidationError body', async () => {
    const auth = await validAuth();
    const pair = fc.tuple(
      fc.oneof(
        fc.constantFrom('status', 'template_type', 'older_than', 'reference', 'include_jobs', 'type'),
        fc.string(),
      ),
      fc.string(),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(pair, { maxLength: 5 }), async (query) => {
        const qs = new URLSearchParams(query).toString();
        for (const path of ['/v2/notifications', '/v2/received-text-messages', '/v2/templates']) {
          const r = await call(`${path}?${qs}`, { authorization: auth });
          if (r.status !== 200) expect(isNotifyError(r)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
