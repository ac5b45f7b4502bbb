import { describe, expect, it } from 'vitest';
import { useFakePay, webPayment } from './setup.js';

describe('smoke', () => {
  const t = useFakePay();
  it('creates, pays and refunds', async () => {
    const p = await t.pay.payments.create(webPayment());
    expect(p.state.status).toBe('created');
    t.fake.completePayment(p.payment_id);
    const got = await t.pay.payments.get(p.payment_id);
    expect(got.state.status).toBe('success');
    const r = await t.pay.refunds.create(p.payment_id, { amount: 250, refund_amount_available: 1250 });
    expect(r.status).toBe('submitted');
    const again = await t.pay.payments.get(p.payment_id);
    expect(again.refund_summary?.amount_available).toBe(1000);
  });
});
