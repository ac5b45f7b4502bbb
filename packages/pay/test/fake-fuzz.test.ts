/** Hostile input never crashes the fake: every answer is a Pay-shaped error or a success. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PayFakeError, PayModel } from '../src/testing/index.js';

const model = new PayModel({ rateLimit: false });
const account = model.accounts[0] as (typeof model.accounts)[number];

function answer(run: () => unknown): number {
  try {
    run();
    return 200;
  } catch (error) {
    expect(error).toBeInstanceOf(PayFakeError);
    const e = error as PayFakeError;
    expect([400, 402, 404, 409, 412, 422, 500]).toContain(e.status);
    expect(e.body.code).toMatch(/^P\d{4}$/);
    expect(typeof e.body.description).toBe('string');
    return e.status;
  }
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
    delayed_capture: fc.jsonValue(),
    prefilled_cardholder_details: fc.jsonValue(),
  },
  { requiredKeys: [] },
);

describe('the fake on hostile input', () => {
  it('create payment: arbitrary JSON and text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          paymentLike.map((b) => JSON.stringify(b)),
          fc.json(),
          fc.string(),
        ),
        fc.option(fc.string()),
        (body, key) => {
          answer(() => model.createPayment(account, body, key));
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('refunds, agreements and MOTO: arbitrary JSON', () => {
    const id = model.createPayment(
      account,
      JSON.stringify({ amount: 10_000, description: 'd', reference: 'r', return_url: 'https://x.example' }),
    ).body.payment_id as string;
    model.completePayment(id);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.json(),
          fc.string(),
          fc
            .record({ amount: fc.jsonValue(), refund_amount_available: fc.jsonValue() })
            .map((b) => JSON.stringify(b)),
        ),
        (body) => {
          answer(() => model.createRefund(account, id, body));
          answer(() => model.createAgreement(account, body));
          answer(() => model.authoriseMoto(body));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('searches: arbitrary query strings', () => {
    fc.assert(
      fc.property(
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
        (query) => {
          const params = new URLSearchParams(query);
          answer(() => model.searchPayments(account, params));
          answer(() => model.searchRefunds(account, params));
          answer(() => model.searchAgreements(account, params));
          answer(() => model.searchDisputes(account, params));
        },
      ),
      { numRuns: 500 },
    );
  });
});
