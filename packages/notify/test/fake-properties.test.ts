/** The fake must answer hostile input the way Notify does (a 4xx body), never crash with a 500. */
import fc from 'fast-check';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NotifyModel } from '../src/testing/model.js';
import { TEMPLATES } from './helpers.js';

const model = new NotifyModel({ templates: TEMPLATES });
const liveSecret = model.apiKeys().find((k) => k.type === 'live')!.secret;

async function validAuth(): Promise<string> {
  const token = await new SignJWT({ iss: model.service.id, iat: Math.floor(Date.now() / 1000) })
    .setProtectedHeader({ typ: 'JWT', alg: 'HS256' })
    .sign(new TextEncoder().encode(liveSecret));
  return `Bearer ${token}`;
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
  // One token serves thousands of runs; on a slow machine they can outlast Notify's 30 s iat window, and every
  // later request would be refused for its clock (a 403 the properties accept) instead of checked for its body.
  // Date is frozen so the token's iat and the fake's clock stay the same instant.
  beforeAll(() => vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-02T12:00:00.000Z') }));
  afterAll(() => vi.useRealTimers());

  it('any Authorization header: 200 or a 401/403 AuthError body', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.option(
          fc.oneof(
            fc.string(),
            fc.string().map((s) => `Bearer ${s}`),
            fc.constant('Bearer eyJhbGciOiJub25lIn0.e30.'),
          ),
        ),
        async (header) => {
          const r = await model.listNotifications(header, []);
          if (r.status !== 200) {
            expect([401, 403]).toContain(r.status);
            expect(isNotifyError(r)).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
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
      fc.asyncProperty(
        fc.constantFrom('email', 'sms', 'letter') as fc.Arbitrary<'email' | 'sms' | 'letter'>,
        body,
        async (type, raw) => {
          const r = await model.send(type, auth, raw);
          if (r.status !== 201) expect(isNotifyError(r)).toBe(true);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('any query string on the list endpoints: 200 or a 400 ValidationError body', async () => {
    const auth = await validAuth();
    const pair = fc.tuple(
      fc.oneof(
        fc.constantFrom('status', 'template_type', 'older_than', 'reference', 'include_jobs'),
        fc.string(),
      ),
      fc.string(),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(pair, { maxLength: 5 }), async (query) => {
        for (const r of [
          await model.listNotifications(auth, query),
          await model.listReceivedTexts(auth, query),
          model.listTemplates(query),
        ]) {
          if (r.status !== 200) expect(isNotifyError(r)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
