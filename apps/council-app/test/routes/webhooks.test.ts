import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signWebhook } from '../helpers/doubles.js';
import { applyAndStartPayment, signInWithIdentity, startTestApp, type TestApp } from '../helpers/harness.js';

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
});
afterEach(async () => {
  await app.close();
});

async function pendingPayment() {
  const { browser } = await signInWithIdentity(app);
  await applyAndStartPayment(app, browser);
  return { browser, payment: app.services.pay.latest() };
}

function webhook(paymentId: string, event_type: string, id = randomUUID(), signature?: string) {
  const body = JSON.stringify({
    webhook_message_id: id,
    created_date: new Date().toISOString(),
    resource_id: paymentId,
    api_version: 1,
    resource_type: 'payment',
    event_type,
    resource: { payment_id: paymentId },
  });
  return fetch(`${app.url}/webhooks/pay`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'pay-signature': signature ?? signWebhook(body) },
    body,
  });
}

function statusCallback(id: string, status: string, token = 'callback-token-for-tests') {
  return fetch(`${app.url}/callbacks/notify/status`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      id,
      reference: 'x',
      to: 'kenneth@example.com',
      status,
      notification_type: 'email',
    }),
  });
}

describe('GOV.UK Pay webhooks', () => {
  it('completes the application when the resident never comes back (card_payment_succeeded)', async () => {
    const { payment } = await pendingPayment();
    app.services.pay.finish(payment.payment_id, 'success');
    const res = await webhook(payment.payment_id, 'card_payment_succeeded');
    expect(res.status).toBe(200);
    expect((await app.store.applications.get(payment.reference))!.status).toBe('paid');
    await app.runJobs();
    expect(app.services.notify.sent.filter((s) => s.channel === 'email')).toHaveLength(1);
  });

  it('never marks an application paid on the webhook alone: Pay is asked, and an unfinished payment stays unpaid', async () => {
    const { payment } = await pendingPayment();
    // A correctly signed event claims success, but Pay itself says the payment is still in progress.
    const res = await webhook(payment.payment_id, 'card_payment_succeeded');
    expect(res.status).toBe(200);
    expect((await app.store.applications.get(payment.reference))!.status).toBe('awaiting_payment');
    await app.runJobs();
    expect(app.services.notify.sent).toHaveLength(0);
  });

  it('ignores a replayed webhook (same webhook_message_id): nothing changes and Pay is not asked again', async () => {
    const { payment } = await pendingPayment();
    app.services.pay.finish(payment.payment_id, 'success');
    const id = randomUUID();
    await webhook(payment.payment_id, 'card_payment_succeeded', id);
    const before = {
      app: await app.store.applications.get(payment.reference),
      gets: app.services.pay.getCalls,
    };
    const again = await webhook(payment.payment_id, 'card_payment_succeeded', id);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true });
    expect(await app.store.applications.get(payment.reference)).toEqual(before.app);
    expect(app.services.pay.getCalls).toBe(before.gets);
    await app.runJobs();
    expect(app.services.notify.sent.filter((s) => s.channel === 'email')).toHaveLength(1);
  });

  it('does not move a paid application backwards when an older failure event arrives late', async () => {
    const { payment } = await pendingPayment();
    app.services.pay.finish(payment.payment_id, 'success');
    await webhook(payment.payment_id, 'card_payment_succeeded');
    const paid = await app.store.applications.get(payment.reference);
    // Out of order: a failure event (new id) for the same payment arrives afterwards.
    app.services.pay.finish(payment.payment_id, 'failed', 'P0010');
    const res = await webhook(payment.payment_id, 'card_payment_failed');
    expect(res.status).toBe(200);
    expect(await app.store.applications.get(payment.reference)).toEqual(paid);
    expect((await app.store.payments.get(payment.payment_id))!.status).toBe('success');
    await app.runJobs();
    expect(app.services.notify.sent.filter((s) => s.channel === 'email')).toHaveLength(1);
  });

  it('handles the return page and the webhook in either order with one confirmation', async () => {
    const { browser, payment } = await pendingPayment();
    app.services.pay.finish(payment.payment_id, 'success');
    await Promise.all([
      webhook(payment.payment_id, 'card_payment_succeeded'),
      browser.follow(`/payment/${payment.reference}/return`),
      webhook(payment.payment_id, 'card_payment_captured'),
    ]);
    expect((await app.store.applications.get(payment.reference))!.status).toBe('paid');
    await app.runJobs();
    expect(app.services.notify.sent.filter((s) => s.channel === 'email')).toHaveLength(1);
    expect(app.services.notify.sent.filter((s) => s.channel === 'sms')).toHaveLength(1);
  });

  it('refuses a webhook with a bad signature (401) and changes nothing', async () => {
    const { payment } = await pendingPayment();
    app.services.pay.finish(payment.payment_id, 'success');
    const res = await webhook(payment.payment_id, 'card_payment_succeeded', randomUUID(), 'deadbeef');
    expect(res.status).toBe(401);
    expect((await app.store.applications.get(payment.reference))!.status).toBe('awaiting_payment');
  });

  it('acknowledges events for payments that are not ours without acting on them', async () => {
    const res = await webhook('not-our-payment', 'card_payment_succeeded');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ignored: true });
  });

  it('queues the confirmation with the payment (outbox): nothing is sent until the queue runs it', async () => {
    const { payment } = await pendingPayment();
    app.services.pay.finish(payment.payment_id, 'success');
    await webhook(payment.payment_id, 'card_payment_succeeded');
    expect((await app.store.applications.get(payment.reference))!.status).toBe('paid');
    expect(app.services.notify.sent).toHaveLength(0);
    expect(await app.council.jobs.pending()).toBe(2);
    expect(await app.runJobs()).toBe(2);
    expect(app.services.notify.sent.map((s) => s.channel).sort()).toEqual(['email', 'sms']);
  });

  it('retries a confirmation email that failed to send (the queue retries with backoff)', async () => {
    const { payment } = await pendingPayment();
    app.services.pay.finish(payment.payment_id, 'success');
    app.services.notify.failNext = 1;
    await webhook(payment.payment_id, 'card_payment_succeeded');
    await app.runJobs();
    expect(app.services.notify.sent.filter((s) => s.channel === 'email')).toHaveLength(1);
    expect(await app.council.jobs.deadLetters()).toEqual([]);
  });

  it('does not send twice when the instance died after Notify took the message but before it was recorded', async () => {
    const { payment } = await pendingPayment();
    app.services.pay.finish(payment.payment_id, 'success');
    await webhook(payment.payment_id, 'card_payment_succeeded');
    // Recording the sent message fails once: the job fails after Notify accepted the email, and is retried.
    const notifications = app.store.notifications;
    const insert = notifications.insert.bind(notifications);
    let failures = 0;
    notifications.insert = async (n) => {
      if (n.channel === 'email' && failures++ === 0) throw new Error('connection lost');
      return insert(n);
    };
    await app.runJobs();
    expect(app.services.notify.sent.filter((s) => s.channel === 'email')).toHaveLength(1);
    const recorded = (await app.store.notifications.listFor(payment.reference)).filter(
      (n) => n.channel === 'email',
    );
    expect(recorded.map((n) => n.notification_id)).toEqual([
      app.services.notify.sent.find((s) => s.channel === 'email')!.id,
    ]);
  });
});

describe('GOV.UK Notify delivery-status callbacks', () => {
  async function sentEmailId() {
    const { payment } = await pendingPayment();
    app.services.pay.finish(payment.payment_id, 'success');
    await webhook(payment.payment_id, 'card_payment_succeeded');
    await app.runJobs();
    return {
      id: app.services.notify.sent.find((s) => s.channel === 'email')!.id,
      reference: payment.reference,
    };
  }

  it('records the delivery status', async () => {
    const { id, reference } = await sentEmailId();
    expect((await statusCallback(id, 'delivered')).status).toBe(200);
    expect(
      (await app.store.notifications.listFor(reference)).find((n) => n.notification_id === id)!.status,
    ).toBe('delivered');
  });

  it('ignores duplicates and a late "sending" after "delivered"', async () => {
    const { id, reference } = await sentEmailId();
    await statusCallback(id, 'delivered');
    expect(await (await statusCallback(id, 'delivered')).json()).toMatchObject({ outcome: 'duplicate' });
    expect(await (await statusCallback(id, 'sending')).json()).toMatchObject({ outcome: 'stale' });
    expect(
      (await app.store.notifications.listFor(reference)).find((n) => n.notification_id === id)!.status,
    ).toBe('delivered');
  });

  it('refuses a callback without the configured bearer token', async () => {
    const { id, reference } = await sentEmailId();
    expect((await statusCallback(id, 'delivered', 'wrong-token-123')).status).toBe(401);
    expect(
      (await app.store.notifications.listFor(reference)).find((n) => n.notification_id === id)!.status,
    ).toBe('created');
  });
});
