import { describe, expect, it } from 'vitest';
import {
  BadRequestError,
  NotFoundError,
  PreconditionFailedError,
  refundableAmount,
  ValidationError,
} from '../src/index.js';
import { useFakePay, webPayment } from './setup.js';

describe('refunds', () => {
  const t = useFakePay();

  async function paid(amount = 5000) {
    const p = await t.pay.payments.create(webPayment({ amount }));
    t.fake.completePayment(p.payment_id);
    return p.payment_id;
  }

  it('creates a refund (202) that a sandbox account has already refunded: success', async () => {
    const id = await paid();
    const refund = await t.pay.refunds.create(id, { amount: 1500, refund_amount_available: 5000 });
    expect(refund).toMatchObject({ payment_id: id, amount: 1500, status: 'success' });
    const later = await t.pay.refunds.get(id, refund.refund_id);
    expect(later.status).toBe('success');
    expect(later.settlement_summary?.settled_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('keeps refund_summary bookkeeping until the payment is fully refunded', async () => {
    const id = await paid(5000);
    await t.pay.refunds.create(id, { amount: 2000, refund_amount_available: 5000 });
    const part = await t.pay.payments.get(id);
    expect(part.refund_summary).toEqual({
      status: 'available',
      amount_available: 3000,
      amount_submitted: 2000,
    });
    expect(refundableAmount(part)).toBe(3000);
    await t.pay.refunds.create(id, { amount: 3000, refund_amount_available: 3000 });
    const full = await t.pay.payments.get(id);
    expect(full.refund_summary).toEqual({ status: 'full', amount_available: 0, amount_submitted: 5000 });
    expect(refundableAmount(full)).toBe(0);
  });

  it('refuses a refund of an unfinished payment (P0603)', async () => {
    const p = await t.pay.payments.create(webPayment());
    const error = await t.pay.refunds.create(p.payment_id, { amount: 100 }).catch((e) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.code).toBe('P0603');
  });

  it('refuses a refund above the amount available (P0603)', async () => {
    const id = await paid(5000);
    await expect(t.pay.refunds.create(id, { amount: 5001 })).rejects.toMatchObject({
      status: 400,
      code: 'P0603',
    });
  });

  it('refuses a refund whose refund_amount_available is out of date (PreconditionFailedError P0604)', async () => {
    const id = await paid(5000);
    await t.pay.refunds.create(id, { amount: 1000, refund_amount_available: 5000 });
    // A retry of the same refund: the amount available has moved on, so Pay refuses rather than refund twice.
    const error = await t.pay.refunds
      .create(id, { amount: 1000, refund_amount_available: 5000 })
      .catch((e) => e);
    expect(error).toBeInstanceOf(PreconditionFailedError);
    expect(error.code).toBe('P0604');
    expect(error.message).toContain('Refund amount available mismatch');
  });

  it('answers NotFoundError for an unknown payment (P0200 without refund_amount_available, P0600 with it) and P0700 for an unknown refund', async () => {
    // Without refund_amount_available, publicapi reads the payment first (service/CreateRefundService.java).
    await expect(t.pay.refunds.create('y'.repeat(26), { amount: 1 })).rejects.toMatchObject({
      status: 404,
      code: 'P0200',
    });
    await expect(
      t.pay.refunds.create('y'.repeat(26), { amount: 1, refund_amount_available: 1 }),
    ).rejects.toMatchObject({ status: 404, code: 'P0600' });
    const id = await paid();
    const error = await t.pay.refunds.get(id, 'nosuchrefund').catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.code).toBe('P0700');
  });

  it('validates the refund amount before sending', async () => {
    await expect(t.pay.refunds.create('abc', { amount: 1.5 })).rejects.toBeInstanceOf(ValidationError);
    await expect(t.pay.refunds.create('abc', { amount: 10_000_001 })).rejects.toBeInstanceOf(ValidationError);
  });

  it('lists a payment’s refunds', async () => {
    const id = await paid(5000);
    const a = await t.pay.refunds.create(id, { amount: 100 });
    const b = await t.pay.refunds.create(id, { amount: 200 });
    const list = await t.pay.refunds.listForPayment(id).toArray();
    expect(list.map((r) => r.refund_id)).toEqual([a.refund_id, b.refund_id]);
  });

  it('searches refunds across payments with lazy paging', async () => {
    for (let i = 0; i < 3; i++) {
      const id = await paid(1000);
      await t.fake.clock.advance(1000);
      await t.pay.refunds.create(id, { amount: 100 + i });
      await t.fake.clock.advance(1000);
    }
    const all = await t.pay.refunds.list({ display_size: 2 }).toArray();
    expect(all.map((r) => r.amount)).toEqual([102, 101, 100]);
    const settledToday = await t.pay.refunds
      .list({ from_settled_date: t.fake.clock.now().toISOString().slice(0, 10) })
      .toArray();
    expect(settledToday).toHaveLength(3);
  });
});
