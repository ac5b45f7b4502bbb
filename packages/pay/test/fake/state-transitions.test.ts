/**
 * What a payment can do next, and what Pay answers when it cannot: cancel (alphagov/pay-connector
 * charge/service/ChargeCancelService.java, StatusFlow.java; publicapi CancelChargeExceptionMapper.java), capture
 * (DelayedCaptureService.java; CaptureChargeExceptionMapper.java), refund (refund/service/RefundService.java,
 * DefaultExternalRefundAvailabilityCalculator.java; CreateRefundExceptionMapper.java), expiry
 * (ChargeExpiryService.java) and Idempotency-Keys (ChargesApiResource.createNewCharge).
 */
import { describe, expect, it } from 'vitest';
import { HOUR, type Harness, payFake, webPayment } from './harness.js';

const post = (h: Harness, path: string, json?: unknown) =>
  h.call(path, { method: 'POST', ...(json === undefined ? {} : { json }) });

async function paid(h: Harness, body = webPayment(), card?: string) {
  const p = await h.payment(body);
  h.fake.completePayment(p.payment_id, card ? { card: { card_number: card } } : {});
  return p.payment_id as string;
}

describe('cancel', () => {
  it('cancels a payment not yet paid: 204, then cancelled with P0040', async () => {
    const h = await payFake();
    const p = await h.payment();
    expect((await post(h, `/v1/payments/${p.payment_id}/cancel`)).status).toBe(204);
    expect((await h.get(p.payment_id)).state).toEqual({
      status: 'cancelled',
      finished: true,
      code: 'P0040',
      message: 'Payment was cancelled by the service',
    });
  });

  it('cancels a payment waiting for capture', async () => {
    const h = await payFake();
    const id = await paid(h, webPayment({ delayed_capture: true }));
    expect((await post(h, `/v1/payments/${id}/cancel`)).status).toBe(204);
    expect((await h.get(id)).state.status).toBe('cancelled');
  });

  it('refuses to cancel a finished payment: 400 P0501 (the connector’s IllegalStateRuntimeException)', async () => {
    const h = await payFake();
    const succeeded = await paid(h);
    const declined = await paid(h, webPayment(), '4000000000000002');
    for (const id of [succeeded, declined]) {
      const res = await post(h, `/v1/payments/${id}/cancel`);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ code: 'P0501', description: 'Cancellation of payment failed' });
    }
  });

  it('answers 404 P0500 for an unknown payment', async () => {
    const h = await payFake();
    const res = await post(h, `/v1/payments/${'x'.repeat(26)}/cancel`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ code: 'P0500', description: 'Not found' });
  });
});

describe('capture', () => {
  it('captures a payment waiting for capture (204, success), and answers 204 again once captured', async () => {
    const h = await payFake();
    const id = await paid(h, webPayment({ delayed_capture: true }));
    expect((await h.get(id)).state.status).toBe('capturable');
    expect((await post(h, `/v1/payments/${id}/capture`)).status).toBe(204);
    const captured = await h.get(id);
    expect(captured.state.status).toBe('success');
    expect(captured.settlement_summary.capture_submit_time).toEqual(expect.any(String));
    expect((await post(h, `/v1/payments/${id}/capture`)).status).toBe(204);
  });

  it('answers 204 to capturing a payment that was not created for delayed capture but is already captured', async () => {
    const h = await payFake();
    const id = await paid(h);
    expect((await post(h, `/v1/payments/${id}/capture`)).status).toBe(204);
  });

  it('answers 409 P1003 to capturing a payment not yet paid, failed or cancelled (delayed or not)', async () => {
    const h = await payFake();
    const created = (await h.payment(webPayment({ delayed_capture: true }))).payment_id;
    const notDelayed = (await h.payment()).payment_id;
    const failed = await paid(h, webPayment({ delayed_capture: true }), '4000000000000002');
    for (const id of [created, notDelayed, failed]) {
      const res = await post(h, `/v1/payments/${id}/capture`);
      expect(res.status).toBe(409);
      expect(await res.json()).toEqual({ code: 'P1003', description: 'Payment cannot be captured' });
    }
  });

  it('answers 404 P1000 for an unknown payment', async () => {
    const h = await payFake();
    expect(await (await post(h, `/v1/payments/${'x'.repeat(26)}/capture`)).json()).toEqual({
      code: 'P1000',
      description: 'Not found',
    });
  });
});

describe('refunds', () => {
  it('refunds a captured payment: 202 with the refund already success, as the sandbox provider refunds at once', async () => {
    const h = await payFake();
    const id = await paid(h);
    const res = await post(h, `/v1/payments/${id}/refunds`, { amount: 500, refund_amount_available: 1250 });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ payment_id: id, amount: 500, status: 'success' });
    expect((await h.get(id)).refund_summary).toEqual({
      status: 'available',
      amount_available: 750,
      amount_submitted: 500,
    });
  });

  it('answers submitted when refunds are held back (refundSettleMs), success once they settle', async () => {
    const h = await payFake({ refundSettleMs: HOUR });
    const id = await paid(h);
    const res = await post(h, `/v1/payments/${id}/refunds`, { amount: 500 });
    const refund = await res.json();
    expect(refund.status).toBe('submitted');
    await h.fake.advance(HOUR);
    const later = await (await h.call(`/v1/payments/${id}/refunds/${refund.refund_id}`)).json();
    expect(later.status).toBe('success');
  });

  it('refuses a refund while the payment is pending or waiting for capture (400 P0603 with the refund status)', async () => {
    const h = await payFake();
    const created = (await h.payment()).payment_id;
    const capturable = await paid(h, webPayment({ delayed_capture: true }));
    for (const [id, status] of [
      [created, 'pending'],
      [capturable, 'unavailable'],
    ]) {
      const res = await post(h, `/v1/payments/${id}/refunds`, { amount: 100 });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        code: 'P0603',
        description: `The payment is not available for refund. Payment refund status: ${status}`,
      });
    }
  });

  it('shows the whole amount as amount_available whatever the refund status (pending, capturable, declined)', async () => {
    const h = await payFake();
    const created = (await h.payment()).payment_id;
    const capturable = await paid(h, webPayment({ delayed_capture: true }));
    const declined = await paid(h, webPayment(), '4000000000000002');
    for (const [id, status] of [
      [created, 'pending'],
      [capturable, 'unavailable'],
      [declined, 'unavailable'],
    ]) {
      expect((await h.get(id)).refund_summary).toEqual({
        status,
        amount_available: 1250,
        amount_submitted: 0,
      });
    }
  });

  it('refuses a refund above the amount available (400 P0603 amount_not_available)', async () => {
    const h = await payFake();
    const id = await paid(h);
    expect(await (await post(h, `/v1/payments/${id}/refunds`, { amount: 1251 })).json()).toEqual({
      code: 'P0603',
      description: 'The payment is not available for refund. Payment refund status: amount_not_available',
    });
  });

  it('refuses a refund whose refund_amount_available is out of date (412 P0604)', async () => {
    const h = await payFake();
    const id = await paid(h);
    const res = await post(h, `/v1/payments/${id}/refunds`, { amount: 100, refund_amount_available: 1000 });
    expect(res.status).toBe(412);
    expect(await res.json()).toEqual({ code: 'P0604', description: 'Refund amount available mismatch.' });
  });

  it('reads refund_amount_available as Jackson asInt: null is 0 (412 P0604), a numeric string is its number', async () => {
    const h = await payFake();
    const id = await paid(h);
    const nulled = await post(h, `/v1/payments/${id}/refunds`, {
      amount: 100,
      refund_amount_available: null,
    });
    expect(nulled.status).toBe(412);
    expect(await nulled.json()).toEqual({ code: 'P0604', description: 'Refund amount available mismatch.' });
    const text = await post(h, `/v1/payments/${id}/refunds`, {
      amount: 100,
      refund_amount_available: ' 1250 ',
    });
    expect(text.status).toBe(202);
  });

  it('answers a refund of an unknown payment 404 P0200 without refund_amount_available (publicapi reads the payment first), P0600 with it', async () => {
    const h = await payFake();
    const unknown = 'a'.repeat(26);
    const without = await post(h, `/v1/payments/${unknown}/refunds`, { amount: 100 });
    expect(without.status).toBe(404);
    expect(await without.json()).toEqual({ code: 'P0200', description: 'Not found' });
    const withIt = await post(h, `/v1/payments/${unknown}/refunds`, {
      amount: 100,
      refund_amount_available: 100,
    });
    expect(withIt.status).toBe(404);
    expect(await withIt.json()).toEqual({ code: 'P0600', description: 'Not found' });
  });

  it('refuses to refund a disputed payment (400 P0603 "disputed") until the dispute is won', async () => {
    const h = await payFake();
    const id = await paid(h);
    const dispute = h.fake.payments.dispute(id);
    expect((await h.get(id)).refund_summary.status).toBe('unavailable');
    const res = await post(h, `/v1/payments/${id}/refunds`, { amount: 100 });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      code: 'P0603',
      description: 'The payment is disputed and cannot be refunded',
    });
    h.fake.disputes.setStatus(dispute.dispute_id, 'won');
    expect((await post(h, `/v1/payments/${id}/refunds`, { amount: 100 })).status).toBe(202);
  });
});

describe('time', () => {
  it('expires a payment not paid within 90 minutes (failed, P0020)', async () => {
    const h = await payFake();
    const p = await h.payment();
    await h.fake.advance(90 * 60_000 - 1);
    expect((await h.get(p.payment_id)).state.status).toBe('created');
    await h.fake.advance(1);
    expect((await h.get(p.payment_id)).state).toEqual({
      status: 'failed',
      finished: true,
      code: 'P0020',
      message: 'Payment expired',
    });
  });

  it('expires a delayed-capture payment not captured within 120 hours of its creation', async () => {
    const h = await payFake();
    const id = await paid(h, webPayment({ delayed_capture: true }));
    await h.fake.advance(120 * HOUR - 1);
    expect((await h.get(id)).state.status).toBe('capturable');
    await h.fake.advance(1);
    expect((await h.get(id)).state).toMatchObject({ status: 'failed', code: 'P0020' });
  });
});

describe('Idempotency-Key', () => {
  async function agreementPayment(h: Harness) {
    const agreement = h.fake.agreements.create({ reference: 'CT-1', description: 'Council tax' });
    await paid(h, webPayment({ set_up_agreement: agreement.agreement_id }));
    return {
      amount: 100,
      description: 'Instalment',
      reference: 'CT-1-2',
      authorisation_mode: 'agreement',
      agreement_id: agreement.agreement_id,
    };
  }

  it('is not kept for web payments: the same key and body make a second payment', async () => {
    const h = await payFake();
    const first = await h.create(webPayment(), { 'Idempotency-Key': 'order-1' });
    const second = await h.create(webPayment(), { 'Idempotency-Key': 'order-1' });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect((await first.json()).payment_id).not.toBe((await second.json()).payment_id);
  });

  it('replays an agreement payment: 200 with the original and no Location; another body is 409 P0191', async () => {
    const h = await payFake();
    const body = await agreementPayment(h);
    const first = await h.create(body, { 'Idempotency-Key': 'ct-1-2' });
    expect(first.status).toBe(201);
    expect(first.headers.get('location')).toMatch(/\/v1\/payments\/[a-z0-9]{26}$/);
    const again = await h.create(body, { 'Idempotency-Key': 'ct-1-2' });
    expect(again.status).toBe(200);
    expect(again.headers.get('location')).toBeNull();
    expect((await again.json()).payment_id).toBe((await first.json()).payment_id);
    const other = await h.create({ ...body, amount: 101 }, { 'Idempotency-Key': 'ct-1-2' });
    expect(other.status).toBe(409);
    expect(await other.json()).toEqual({
      code: 'P0191',
      description:
        'The `Idempotency-Key` you sent in the request header has already been used to create a payment.',
    });
  });
});
