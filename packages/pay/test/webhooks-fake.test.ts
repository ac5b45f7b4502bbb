/**
 * The fake sends signed webhooks over real HTTP to a receiver, retrying on Pay's schedule (compressed here).
 * No msw interception in this file: the dispatcher's fetch reaches the receiver for real.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { constructEvent, type PayWebhookEvent } from '../src/index.js';
import { createPayFake, PAY_WEBHOOK_RETRY_DELAYS_MS } from '../src/testing/index.js';
import { receiver } from './http-server.js';

/** Generous: CI machines are slow, and nothing here asserts timing. */
const WAIT = { timeout: 10_000 };

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()?.();
});

async function setup(
  answer: (attempt: number) => number,
  options: { timeScale?: number; maxJitterMs?: number; duplicateProbability?: number } = {},
) {
  const received: PayWebhookEvent[] = [];
  let attempts = 0;
  let secret = '';
  const r = await receiver((req, raw, res) => {
    attempts += 1;
    const status = answer(attempts);
    if (status < 300) received.push(constructEvent(raw, req.headers['pay-signature'], secret));
    res.statusCode = status;
    res.end();
  });
  closers.push(r.close);
  const fake = createPayFake({
    webhooks: {
      url: r.url,
      secret: 'whsec_test_fake',
      timeScale: options.timeScale ?? 0.0001,
      maxJitterMs: options.maxJitterMs ?? 0,
      duplicateProbability: options.duplicateProbability ?? 0,
    },
  });
  secret = fake.webhooks.secret;
  const attemptsSoFar = () => attempts;
  return { fake, received, attemptsSoFar };
}

function paidPayment(fake: ReturnType<typeof createPayFake>, options: { delayed?: boolean } = {}) {
  const res = fake.model.createPayment(
    fake.model.accounts[0] as never,
    JSON.stringify({
      amount: 1000,
      description: 'd',
      reference: 'r',
      return_url: 'https://x.example/r',
      delayed_capture: options.delayed ?? false,
    }),
  );
  const id = res.body.payment_id as string;
  fake.completePayment(id);
  return id;
}

describe('webhooks from the fake', () => {
  it('sends signed card_payment_succeeded and card_payment_captured for a payment', async () => {
    const { fake, received } = await setup(() => 200);
    const id = paidPayment(fake);
    await vi.waitFor(() => expect(received).toHaveLength(2), WAIT);
    expect(received.map((e) => e.event_type).sort()).toEqual([
      'card_payment_captured',
      'card_payment_succeeded',
    ]);
    for (const e of received) {
      expect(e).toMatchObject({ resource_id: id, resource_type: 'payment', api_version: 1 });
      expect(e.resource.state.status).toBe('success');
      // A webhook's resource is the payment without _links, authorisation_mode and provider_id.
      expect(e.resource).not.toHaveProperty('_links');
      expect(e.resource).not.toHaveProperty('authorisation_mode');
      expect(e.resource).not.toHaveProperty('provider_id');
    }
  });

  it('sends card_payment_refunded with the parent payment as resource_id', async () => {
    const { fake, received } = await setup(() => 200);
    const id = paidPayment(fake);
    fake.payments.refund(id, 300);
    await vi.waitFor(
      () => expect(received.map((e) => e.event_type)).toContain('card_payment_refunded'),
      WAIT,
    );
    expect(received.find((e) => e.event_type === 'card_payment_refunded')?.resource_id).toBe(id);
  });

  it('sends card_payment_failed and card_payment_expired', async () => {
    const { fake, received } = await setup(() => 200);
    const failed = fake.model.createPayment(
      fake.model.accounts[0] as never,
      JSON.stringify({ amount: 5, description: 'd', reference: 'r', return_url: 'https://x.example' }),
    );
    fake.completePayment(failed.body.payment_id as string, { card: { card_number: '4000000000000002' } });
    const expiring = fake.model.createPayment(
      fake.model.accounts[0] as never,
      JSON.stringify({ amount: 5, description: 'd', reference: 'r', return_url: 'https://x.example' }),
    );
    fake.clock.advance(90 * 60 * 1000);
    fake.payments.list(); // time-driven changes happen when the fake is next used
    await vi.waitFor(
      () =>
        expect(received.map((e) => e.event_type).sort()).toEqual([
          'card_payment_expired',
          'card_payment_failed',
        ]),
      WAIT,
    );
    expect(received.find((e) => e.event_type === 'card_payment_expired')?.resource_id).toBe(
      expiring.body.payment_id,
    );
  });

  it('retries a failing endpoint on the schedule until it answers 2xx, logging each attempt', async () => {
    const { fake, received } = await setup((n) => (n <= 2 ? 500 : 204));
    paidPayment(fake, { delayed: true }); // one event: card_payment_succeeded
    // The receiver has the message before the fake has read its answer: wait for the fake's own record.
    await vi.waitFor(() => expect(fake.webhooks.messages()[0]?.status).toBe('delivered'), WAIT);
    expect(received).toHaveLength(1);
    const log = fake.webhooks.deliveries();
    expect(log.map((d) => [d.attempt, d.status, d.delivered])).toEqual([
      [1, 500, false],
      [2, 500, false],
      [3, 204, true],
    ]);
    expect(fake.webhooks.messages()[0]?.status).toBe('delivered');
  });

  it('drops a message after the first attempt and five retries', async () => {
    // Pay's real schedule: nothing is retried within this test unless flushed.
    const { fake, attemptsSoFar } = await setup(() => 503, { timeScale: 1 });
    paidPayment(fake, { delayed: true });
    await vi.waitFor(() => expect(attemptsSoFar()).toBe(1), WAIT);
    await fake.webhooks.idle();
    for (let i = 0; i < PAY_WEBHOOK_RETRY_DELAYS_MS.length; i++) await fake.webhooks.flush();
    expect(attemptsSoFar()).toBe(6);
    expect(fake.webhooks.messages()[0]?.status).toBe('dropped');
    await fake.webhooks.flush();
    expect(attemptsSoFar()).toBe(6);
  });

  it('treats a receiver that is down as a failed attempt', async () => {
    const fake = createPayFake({
      webhooks: { url: 'http://127.0.0.1:9/nothing-listens-here', timeScale: 1 },
    });
    paidPayment(fake, { delayed: true });
    await vi.waitFor(() => expect(fake.webhooks.deliveries()).toHaveLength(1), WAIT);
    await fake.webhooks.idle();
    expect(fake.webhooks.deliveries()[0]).toMatchObject({ delivered: false, error: expect.any(String) });
    expect(fake.webhooks.messages()[0]?.status).toBe('pending');
  });

  it('delivers every message of many payments at least once, whatever the order', async () => {
    const { fake, received } = await setup((n) => (n % 3 === 0 ? 500 : 200), { maxJitterMs: 20 });
    const ids = Array.from({ length: 10 }, () => paidPayment(fake, { delayed: true }));
    await vi.waitFor(() => expect(new Set(received.map((e) => e.webhook_message_id)).size).toBe(10), {
      timeout: 10_000,
    });
    expect(new Set(received.map((e) => e.resource_id))).toEqual(new Set(ids));
  });

  it('can deliver a message more than once, as Pay may (same id, same signed body)', async () => {
    const { fake, received } = await setup(() => 200, { duplicateProbability: 1 });
    paidPayment(fake, { delayed: true });
    await vi.waitFor(() => expect(received).toHaveLength(2), WAIT);
    expect(received[0]?.webhook_message_id).toBe(received[1]?.webhook_message_id);
    await fake.webhooks.idle();
    expect(fake.webhooks.deliveries().map((d) => [d.attempt, d.delivered, d.duplicate ?? false])).toEqual([
      [1, true, false],
      [1, true, true],
    ]);
  });
});
