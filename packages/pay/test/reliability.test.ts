/**
 * No lost payment, no duplicate payment: 1,000 creates through connections that drop (before and after Pay acts)
 * and 5xx answers. The SDK's default Idempotency-Key makes every retry safe where Pay honours it: GOV.UK Pay keeps
 * Idempotency-Keys for agreement (recurring) payments only (alphagov/pay-connector ChargesApiResource.createNewCharge),
 * so these are agreement payments.
 */
import { describe, expect, it } from 'vitest';
import { ConnectionError, PayClient } from '../src/index.js';
import { activeAgreement, agreementPayment, useFakePay, webPayment } from './setup.js';

describe('creating payments through faults', () => {
  const t = useFakePay({ rateLimit: false, faultSeed: 20250601 });

  it('1,000 creates with ~30% dropped connections and 5xx make exactly 1,000 payments', async () => {
    const agreementId = await activeAgreement(t);
    const match = { method: 'POST', path: /\/v1\/payments$/ };
    // Applied in order to each create; together about 30% of attempts fail (0.1 + 0.9*0.1 + 0.81*0.13).
    t.fake.faults.inject({
      type: 'drop',
      when: 'before',
      probability: 0.1,
      times: Number.POSITIVE_INFINITY,
      match,
    });
    t.fake.faults.inject({
      type: 'drop',
      when: 'after',
      probability: 0.1,
      times: Number.POSITIVE_INFINITY,
      match,
    });
    t.fake.faults.inject({
      type: 'status',
      status: 503,
      probability: 0.13,
      times: Number.POSITIVE_INFINITY,
      match,
    });
    const pay = new PayClient({
      apiKey: t.fake.apiKey,
      baseUrl: t.fake.baseUrl,
      maxRetries: 12,
      retry: { baseDelayMs: 5, maxDelayMs: 50 },
    });

    const attempts = { count: 0 };
    t.server.events.on('request:start', ({ request }) => {
      if (request.method === 'POST') attempts.count += 1;
    });

    const results: string[] = [];
    const queue = Array.from({ length: 1000 }, (_, i) => i);
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
          const p = await pay.payments.create(agreementPayment(agreementId, { reference: `REF-${i}` }));
          results.push(p.payment_id);
        }
      }),
    );

    const stored = t.fake.payments.list().filter((p) => p.authorisation_mode === 'agreement');
    expect(results).toHaveLength(1000);
    expect(new Set(results).size).toBe(1000);
    expect(stored).toHaveLength(1000);
    expect(new Set(stored.map((p) => p.reference)).size).toBe(1000);
    expect(new Set(stored.map((p) => p.payment_id))).toEqual(new Set(results));
    // The faults really fired: far more attempts than payments.
    expect(attempts.count).toBeGreaterThan(1200);
  }, 120_000);

  it('without an Idempotency-Key a create whose connection dropped after Pay acted is not retried', async () => {
    t.fake.faults.inject({
      type: 'drop',
      when: 'after',
      times: 1,
      match: { method: 'POST', path: /\/v1\/payments$/ },
    });
    const pay = new PayClient({ apiKey: t.fake.apiKey, baseUrl: t.fake.baseUrl, maxRetries: 5 });
    await expect(pay.payments.create(webPayment(), { idempotencyKey: false })).rejects.toBeInstanceOf(
      ConnectionError,
    );
    // Pay made the payment, the caller does not know its id, and nothing was duplicated.
    expect(t.fake.payments.list()).toHaveLength(1);
  });
});
