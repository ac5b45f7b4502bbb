import { describe, expect, it } from 'vitest';
import { ValidationError } from '../src/index.js';
import { useFakePay, webPayment } from './setup.js';

describe('disputes.list', () => {
  const t = useFakePay();

  async function paid(card?: string) {
    const p = await t.pay.payments.create(webPayment());
    t.fake.completePayment(p.payment_id, card ? { card: { card_number: card } } : {});
    return p.payment_id;
  }

  it('lists seeded disputes over several pages (paging links are `links`)', async () => {
    const id = await paid();
    for (let i = 0; i < 5; i++) {
      await t.fake.clock.advance(1000);
      t.fake.payments.dispute(id, { reason: 'duplicate', amount: 100 + i });
    }
    const seen = await t.pay.disputes.list({ display_size: 2 }).toArray();
    expect(seen.map((d) => d.amount)).toEqual([104, 103, 102, 101, 100]);
    expect(seen[0]).toMatchObject({ payment_id: id, status: 'needs_response', reason: 'duplicate' });
    expect(seen[0]?.net_amount).toBeLessThan(0);
  });

  it('lists lost and won disputes by status', async () => {
    const lost = await paid();
    const won = await paid();
    t.fake.payments.dispute(lost, { status: 'lost' });
    t.fake.payments.dispute(won, { status: 'won' });
    const byStatus = async (status: 'lost' | 'won') =>
      (await t.pay.disputes.list({ status }).toArray()).map((d) => d.payment_id);
    expect(await byStatus('lost')).toEqual([lost]);
    expect(await byStatus('won')).toEqual([won]);
  });

  it('moves a dispute through its statuses via the state API', async () => {
    const id = await paid();
    const d = t.fake.disputes.seed({ payment_id: id });
    t.fake.disputes.setStatus(d.dispute_id, 'under_review');
    expect(
      (await t.pay.disputes.list({ status: 'under_review' }).toArray()).map((x) => x.dispute_id),
    ).toEqual([d.dispute_id]);
  });

  it('validates dispute search before sending', () => {
    expect(() => t.pay.disputes.list({ status: 'open' as never })).toThrow(ValidationError);
  });
});
