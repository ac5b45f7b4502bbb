/** Hostile input never crashes the fake: over HTTP, every answer is a success or a Pay-shaped error. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Harness, payFake } from './harness.js';

async function expectPayAnswer(res: Response) {
  expect(res.status).toBeLessThan(501);
  if (res.status < 300) return;
  const body = await res.json();
  expect([400, 402, 404, 409, 412, 422, 500]).toContain(res.status);
  expect(body.code).toMatch(/^P\d{4}$/);
  expect(typeof body.description).toBe('string');
}

const paymentLike = fc.record(
  {
    amount: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null)),
    description: fc.oneof(fc.string({ maxLength: 300 }), fc.integer()),
    reference: fc.string({ maxLength: 300 }),
    return_url: fc.oneof(fc.webUrl(), fc.string()),
    language: fc.oneof(fc.constantFrom('en', 'cy', 'fr'), fc.anything()),
    metadata: fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.jsonValue()),
    authorisation_mode: fc.oneof(fc.constantFrom('web', 'moto_api', 'agreement'), fc.string()),
    agreement_id: fc.string({ minLength: 26, maxLength: 26 }),
    set_up_agreement: fc.jsonValue(),
    agreement_payment_type: fc.jsonValue(),
    delayed_capture: fc.jsonValue(),
    prefilled_cardholder_details: fc.jsonValue(),
  },
  { requiredKeys: [] },
);

describe('the fake on hostile input', () => {
  it('create payment: arbitrary JSON, text and Idempotency-Keys', async () => {
    const h = await payFake();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          paymentLike.map((b) => JSON.stringify(b)),
          fc.json(),
          fc.string(),
        ),
        fc.option(fc.stringMatching(/^[\x21-\x7e]{0,40}$/)),
        async (body, key) => {
          await expectPayAnswer(await h.create(body, key === null ? {} : { 'Idempotency-Key': key }));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refunds, agreements and MOTO: arbitrary JSON', async () => {
    const h: Harness = await payFake();
    const p = await h.payment();
    h.fake.completePayment(p.payment_id);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.json(),
          fc.string(),
          fc
            .record({ amount: fc.jsonValue(), refund_amount_available: fc.jsonValue() })
            .map((b) => JSON.stringify(b)),
        ),
        async (body) => {
          await expectPayAnswer(await h.call(`/v1/payments/${p.payment_id}/refunds`, { json: body }));
          await expectPayAnswer(await h.call('/v1/agreements', { json: body }));
          await expectPayAnswer(await h.call('/v1/auth', { key: null, json: body }));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('searches: arbitrary query strings', async () => {
    const h = await payFake();
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom(
            'page',
            'display_size',
            'from_date',
            'to_date',
            'state',
            'status',
            'reference',
            'from_settled_date',
            'last_digits_card_number',
          ),
          fc.string(),
        ),
        async (query) => {
          const q = new URLSearchParams(query).toString();
          for (const path of ['/v1/payments', '/v1/refunds', '/v1/agreements', '/v1/disputes']) {
            await expectPayAnswer(await h.call(`${path}?${q}`));
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
