/**
 * Which webhooks the fake sends, when, and how it retries, as GOV.UK Pay does: alphagov/pay-webhooks
 * message/EventMapper.java (internal event -> webhook), alphagov/pay-connector PaymentGatewayStateTransitions.java
 * (which internal event each move emits), deliveryqueue/managed/SendAttempter.java (retries) and
 * message/WebhookMessageSender.java (Pay-Signature). Every message goes over real HTTP to a receiver.
 */
import { describe, expect, it } from 'vitest';
import { constructEvent } from '../../src/index.js';
import { PAY_WEBHOOK_TIMEOUT_MS } from '../../src/testing/index.js';
import {
  HOUR,
  type Harness,
  payFake,
  payOnHostedPage,
  START,
  webhookReceiver,
  webPayment,
} from './harness.js';

const SECRET = 'webhook_test_secret_for_the_fake';

async function withReceiver(status?: (attempt: number) => number) {
  const receiver = await webhookReceiver(status);
  const h = await payFake({ webhooks: { url: receiver.url, secret: SECRET } });
  const sent = async () => {
    await h.fake.settle();
    return receiver.events().map((e) => `${e.event_type}:${e.resource.state.status}`);
  };
  return { h, receiver, sent };
}

const post = (h: Harness, path: string, json?: unknown) =>
  h.call(path, { method: 'POST', ...(json === undefined ? {} : { json }) });

describe('the events sent', () => {
  it('sends card_payment_succeeded then card_payment_captured when a payment is paid', async () => {
    const { h, receiver, sent } = await withReceiver();
    const p = await h.payment();
    await payOnHostedPage(p, '4444333322221111');
    expect(await sent()).toEqual(['card_payment_succeeded:success', 'card_payment_captured:success']);
    const message = receiver.received[0] as { body: string; signature: string };
    const event = constructEvent(message.body, message.signature, SECRET);
    expect(event).toMatchObject({ resource_id: p.payment_id, resource_type: 'payment', api_version: 1 });
    expect(event.resource).not.toHaveProperty('_links');
    expect(event.resource).not.toHaveProperty('authorisation_mode');
    expect(event.resource).not.toHaveProperty('provider_id');
  });

  it('sends nothing when a delayed-capture payment is authorised; succeeded and captured when the service captures', async () => {
    const { h, sent } = await withReceiver();
    const p = await h.payment(webPayment({ delayed_capture: true }));
    await payOnHostedPage(p, '4444333322221111');
    expect(await sent()).toEqual([]);
    await post(h, `/v1/payments/${p.payment_id}/capture`);
    expect(await sent()).toEqual(['card_payment_succeeded:success', 'card_payment_captured:success']);
  });

  it('sends card_payment_failed when the service cancels through the API (CancelledByExternalService)', async () => {
    const { h, sent } = await withReceiver();
    const p = await h.payment();
    await post(h, `/v1/payments/${p.payment_id}/cancel`);
    expect(await sent()).toEqual(['card_payment_failed:cancelled']);
  });

  it('sends card_payment_failed for a declined card, a provider error and a user cancel', async () => {
    const { h, sent } = await withReceiver();
    await payOnHostedPage(await h.payment(), '4000000000000002');
    await payOnHostedPage(await h.payment(), '4000000000000119');
    const cancelled = await h.payment();
    h.fake.journey.cancel(cancelled.payment_id);
    expect(await sent()).toEqual([
      'card_payment_failed:failed',
      'card_payment_failed:error',
      'card_payment_failed:failed',
    ]);
  });

  it('sends card_payment_expired when a payment expires, without waiting for a request', async () => {
    const { h, receiver, sent } = await withReceiver();
    const p = await h.payment();
    await h.fake.advance(90 * 60_000);
    expect(await sent()).toEqual(['card_payment_expired:failed']);
    expect(receiver.events()[0].resource_id).toBe(p.payment_id);
  });

  it('sends card_payment_refunded about the parent payment when a refund succeeds', async () => {
    const { h, receiver, sent } = await withReceiver();
    const p = await h.payment();
    h.fake.completePayment(p.payment_id);
    await post(h, `/v1/payments/${p.payment_id}/refunds`, { amount: 100 });
    await h.get(p.payment_id);
    expect((await sent()).at(-1)).toBe('card_payment_refunded:success');
    expect(receiver.events().at(-1).resource_id).toBe(p.payment_id);
  });

  it('carries the payment as pay-webhooks builds it: no agreement_id, agreement_payment_type, state.can_retry or wallet_type; null card members written', async () => {
    const { h, receiver } = await withReceiver();
    const agreement = await (
      await h.call('/v1/agreements', { json: { reference: 'CT-1', description: 'Council tax' } })
    ).json();
    const setUp = await h.payment(webPayment({ set_up_agreement: agreement.agreement_id }));
    await payOnHostedPage(setUp, '5105105105105100');
    const declined = await h.payment({
      amount: 500,
      description: 'Instalment',
      reference: 'CT-1-2',
      authorisation_mode: 'agreement',
      agreement_id: agreement.agreement_id,
    });
    await h.fake.settle();
    // The API shows them…
    expect((await h.get(declined.payment_id)).state.can_retry).toBe(false);
    expect((await h.get(declined.payment_id)).agreement_id).toBe(agreement.agreement_id);
    // …the webhooks do not.
    const events = receiver.events();
    expect(events.map((e) => `${e.event_type}:${e.resource_id === declined.payment_id}`)).toContain(
      'card_payment_failed:true',
    );
    for (const e of events) {
      expect(e.resource).not.toHaveProperty('agreement_id');
      expect(e.resource).not.toHaveProperty('agreement_payment_type');
      expect(e.resource.state).not.toHaveProperty('can_retry');
      // PaymentApiCardDetails: nulls written, no wallet_type.
      expect(e.resource.card_details).toMatchObject({ billing_address: null, card_brand: 'Mastercard' });
      expect(e.resource.card_details).not.toHaveProperty('wallet_type');
    }
  });

  it('sends no webhook for a dispute (pay-webhooks maps no dispute event)', async () => {
    const { h, sent } = await withReceiver();
    const p = await h.payment();
    h.fake.completePayment(p.payment_id);
    const before = (await sent()).length;
    h.fake.payments.dispute(p.payment_id, { status: 'lost' });
    expect((await sent()).length).toBe(before);
  });
});

describe('delivery', () => {
  it('retries a failing endpoint after 60 s, 5 min, 1 h, 1 day and 2 days, then gives up', async () => {
    const { h, receiver } = await withReceiver(() => 500);
    const p = await h.payment(webPayment({ delayed_capture: true }));
    h.fake.completePayment(p.payment_id);
    await post(h, `/v1/payments/${p.payment_id}/cancel`);
    await h.fake.settle();
    const offsets = [60_000, 5 * 60_000, HOUR, 24 * HOUR, 48 * HOUR];
    let elapsed = 0;
    for (const offset of offsets) {
      await h.fake.advance(offset - 1);
      await h.fake.settle();
      expect(receiver.received).toHaveLength(offsets.indexOf(offset) + 1);
      await h.fake.advance(1);
      await h.fake.settle();
      elapsed += offset;
    }
    expect(receiver.received).toHaveLength(6);
    const attempts = h.fake.webhooks.deliveries();
    expect(attempts.map((a) => a.at)).toEqual(
      [0, 60_000, 6 * 60_000, 66 * 60_000, 66 * 60_000 + 24 * HOUR, 66 * 60_000 + 72 * HOUR].map((ms) =>
        new Date(START.getTime() + ms).toISOString(),
      ),
    );
    expect(elapsed).toBe(offsets.reduce((a, b) => a + b));
    expect(h.fake.webhooks.messages()[0]?.status).toBe('failed');
    await h.fake.advance(30 * 24 * HOUR);
    await h.fake.settle();
    expect(receiver.received).toHaveLength(6);
  });

  it('counts any 2xx as delivered and stops retrying', async () => {
    const { h, receiver } = await withReceiver((n) => (n === 1 ? 503 : 204));
    const p = await h.payment();
    await post(h, `/v1/payments/${p.payment_id}/cancel`);
    await h.fake.settle();
    await h.fake.advance(60_000);
    await h.fake.settle();
    await h.fake.advance(48 * HOUR);
    await h.fake.settle();
    expect(receiver.received).toHaveLength(2);
    expect(h.fake.webhooks.messages()[0]?.status).toBe('delivered');
  });

  it('gives up an attempt after 3 seconds without an answer (pay-webhooks’ request timeout) and retries it later', async () => {
    const { h, receiver } = await withReceiver((n) => (n === 1 ? 0 : 200));
    const p = await h.payment();
    await post(h, `/v1/payments/${p.payment_id}/cancel`);
    await h.fake.settle();
    expect(h.fake.deliveries.policy.timeoutMs).toBe(PAY_WEBHOOK_TIMEOUT_MS);
    expect(h.fake.webhooks.deliveries()).toEqual([
      expect.objectContaining({ attempt: 1, delivered: false, error: expect.any(String) }),
    ]);
    await h.fake.advance(60_000);
    await h.fake.settle();
    expect(receiver.received).toHaveLength(2);
    expect(h.fake.webhooks.messages()[0]?.status).toBe('delivered');
  }, 15_000);

  it('signs the exact body with Pay-Signature, and resends the same message on request', async () => {
    const { h, receiver } = await withReceiver();
    const p = await h.payment();
    await post(h, `/v1/payments/${p.payment_id}/cancel`);
    await h.fake.settle();
    const id = h.fake.webhooks.messages()[0]?.webhook_message_id as string;
    await h.fake.webhooks.resend(id);
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]).toEqual(receiver.received[0]);
    expect(() =>
      constructEvent(receiver.received[0]?.body as string, receiver.received[0]?.signature, 'wrong'),
    ).toThrow();
  });
});
