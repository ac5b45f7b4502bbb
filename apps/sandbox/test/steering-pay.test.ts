import type { PayClient } from '@council-sdk/pay';
import { beforeAll, describe, expect, it } from 'vitest';
import { clientsFor, sandboxWithReceiver } from './helpers.js';
import { fieldsOf, steering } from './steering.js';

const stack = sandboxWithReceiver();
let pay: PayClient;
let call: ReturnType<typeof steering>;

beforeAll(async () => {
  pay = clientsFor(stack.sandbox).pay;
  call = steering(stack.sandbox);
});

const createPayment = (extra: { delayed_capture?: boolean } = {}) =>
  pay.payments.create({
    amount: 2500,
    description: 'Resident parking permit',
    reference: 'PERMIT-123',
    return_url: `${stack.app.url}/payments/return`,
    ...extra,
  });
const payment = (paymentId: string, action: string, body?: unknown) =>
  call('POST', `/__steer/pay/payments/:paymentId/${action}`, { params: { paymentId }, body });

describe('/__steer/pay: the card page', () => {
  it('completes a payment as the user would, and Pay sends the payment-succeeded webhook', async () => {
    const created = await createPayment();
    const done = await payment(created.payment_id, 'complete');
    expect(done.status).toBe(200);
    expect(done.body.state).toMatchObject({ status: 'success', finished: true });
    expect((await pay.payments.get(created.payment_id)).state.status).toBe('success');
    const webhook = await stack.app.waitFor((r) => r.path === '/webhooks/pay');
    expect(JSON.parse(webhook.body)).toMatchObject({
      event_type: 'card_payment_succeeded',
      resource_id: created.payment_id,
    });
  });

  it('refuses to complete a payment twice (409) and an unknown payment (404)', async () => {
    const created = await createPayment();
    await payment(created.payment_id, 'complete');
    const again = await payment(created.payment_id, 'complete');
    expect(again.status).toBe(409);
    expect(again.body.message).toContain('cannot be paid');
    expect((await payment('nosuchpayment000000000000', 'complete')).status).toBe(404);
  });

  it('refuses a card field of the wrong shape, naming it, and leaves the payment unpaid', async () => {
    const created = await createPayment();
    const bad = await payment(created.payment_id, 'complete', { card: { expiry_month: 'December' } });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toEqual(['card.expiry_month']);
    expect((await pay.payments.get(created.payment_id)).state.status).toBe('created');
  });

  it('pays with the declined test card (P0010) or the provider-error card (P0050)', async () => {
    const declined = await payment((await createPayment()).payment_id, 'fail');
    expect(declined.body.state).toMatchObject({ status: 'failed', code: 'P0010' });
    const error = await payment((await createPayment()).payment_id, 'fail', { reason: 'error' });
    expect(error.body.state).toMatchObject({ status: 'error', code: 'P0050' });
    const bad = await payment((await createPayment()).payment_id, 'fail', { reason: 'stolen' });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toEqual(['reason']);
  });

  it('cancels on the card page (P0030) once, and expires a payment (P0020)', async () => {
    const created = await createPayment();
    const cancelled = await payment(created.payment_id, 'cancel');
    expect(cancelled.body.state).toMatchObject({ status: 'failed', code: 'P0030' });
    expect((await payment(created.payment_id, 'cancel')).status).toBe(409);
    const expired = await payment((await createPayment()).payment_id, 'expire');
    expect(expired.body.state).toMatchObject({ status: 'failed', code: 'P0020' });
  });

  it('captures a delayed-capture payment, and refuses to capture one that is not waiting', async () => {
    const delayed = await createPayment({ delayed_capture: true });
    expect((await payment(delayed.payment_id, 'complete')).body.state.status).toBe('capturable');
    expect((await payment(delayed.payment_id, 'capture')).body.state.status).toBe('success');
    const open = await createPayment();
    expect((await payment(open.payment_id, 'capture')).status).toBe(409);
  });
});

describe('/__steer/pay: refunds and disputes', () => {
  it('refuses to settle a refund the sandbox provider has already settled', async () => {
    const created = await createPayment();
    await payment(created.payment_id, 'complete');
    const refund = await pay.refunds.create(created.payment_id, {
      amount: 500,
      refund_amount_available: 2500,
    });
    const listed = await call('GET', '/__steer/pay/refunds');
    expect(listed.body).toEqual([
      expect.objectContaining({ refund_id: refund.refund_id, status: 'success' }),
    ]);
    const settle = await call('POST', '/__steer/pay/refunds/:refundId/status', {
      params: { refundId: refund.refund_id },
      body: { status: 'error' },
    });
    expect(settle.status).toBe(409);
    const bad = await call('POST', '/__steer/pay/refunds/:refundId/status', {
      params: { refundId: refund.refund_id },
      body: { status: 'lost' },
    });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toEqual(['status']);
    const missing = await call('POST', '/__steer/pay/refunds/:refundId/status', {
      params: { refundId: 'nosuchrefund' },
      body: { status: 'error' },
    });
    expect(missing.status).toBe(404);
  });

  it('raises a dispute and then loses it: the API no longer offers a refund', async () => {
    const created = await createPayment();
    await payment(created.payment_id, 'complete');
    const raised = await payment(created.payment_id, 'disputes', { reason: 'duplicate' });
    expect(raised.status).toBe(201);
    expect(raised.body).toMatchObject({
      status: 'needs_response',
      reason: 'duplicate',
      amount: 2500,
      fee: 1500,
    });
    const lost = await call('POST', '/__steer/pay/disputes/:disputeId/status', {
      params: { disputeId: raised.body.dispute_id },
      body: { status: 'lost' },
    });
    expect(lost.body.status).toBe('lost');
    expect((await pay.payments.get(created.payment_id)).refund_summary?.status).toBe('unavailable');
    expect((await call('GET', '/__steer/pay/disputes')).body).toHaveLength(1);
  });

  it('refuses a dispute amount that is not whole pence, and an unknown dispute status', async () => {
    const created = await createPayment();
    await payment(created.payment_id, 'complete');
    const bad = await payment(created.payment_id, 'disputes', { amount: 12.5 });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toEqual(['amount']);
    expect((await call('GET', '/__steer/pay/disputes')).body).toEqual([]);
    const unknown = await call('POST', '/__steer/pay/disputes/:disputeId/status', {
      params: { disputeId: 'nosuchdispute' },
      body: { status: 'won' },
    });
    expect(unknown.status).toBe(404);
  });
});

describe('/__steer/pay: webhooks and the clock', () => {
  it('lists webhook messages with their signature and delivery, and resends one', async () => {
    const created = await createPayment();
    await payment(created.payment_id, 'complete');
    await stack.app.waitFor((r) => r.path === '/webhooks/pay');
    const log = await call('GET', '/__steer/pay/webhooks');
    const message = log.body.messages.find(
      (m: { event_type: string }) => m.event_type === 'card_payment_succeeded',
    );
    expect(message.signature).toMatch(/^[0-9a-f]{64}$/);
    const before = stack.app.received.length;
    const resent = await call('POST', '/__steer/pay/webhooks/:messageId/resend', {
      params: { messageId: message.webhook_message_id },
    });
    expect(
      resent.body.deliveries.filter(
        (d: { webhook_message_id: string }) => d.webhook_message_id === message.webhook_message_id,
      ).length,
    ).toBeGreaterThanOrEqual(2);
    expect(stack.app.received.length).toBeGreaterThan(before);
    const unknown = await call('POST', '/__steer/pay/webhooks/:messageId/resend', {
      params: { messageId: 'nosuchmessage' },
    });
    expect(unknown.status).toBe(404);
  });

  it('moves the clock past 90 minutes: an unpaid payment expires (P0020)', async () => {
    const created = await createPayment();
    await call('POST', '/__steer/pay/clock/advance', { body: { ms: 91 * 60_000 } });
    expect((await pay.payments.get(created.payment_id)).state).toMatchObject({
      status: 'failed',
      code: 'P0020',
    });
    const bad = await call('POST', '/__steer/pay/clock/advance', { body: { ms: '5400000' } });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toEqual(['ms']);
  });
});
