/**
 * The steering API (the only way in for tests and the sandbox) and the ServiceFake contract: reset, versioned
 * snapshot/restore, the kernel's clock and deliveries. What it does is checked over HTTP.
 */
import { describe, expect, it } from 'vitest';
import { createPayFake, PAY_FAKE_SNAPSHOT_VERSION } from '../../src/testing/index.js';
import { payFake, START, webPayment, webhookReceiver } from './harness.js';

describe('steering', () => {
  it('creates payments and agreements by the API’s own rules', async () => {
    const h = await payFake();
    const created = h.fake.payments.create(webPayment());
    expect((await h.get(created.payment_id as string)).state.status).toBe('created');
    expect(() => h.fake.payments.create(webPayment({ reference: ' ' }))).toThrow(
      'Missing mandatory attribute: reference',
    );
    const agreement = h.fake.agreements.create({ reference: 'r', description: 'd' });
    expect((await h.call(`/v1/agreements/${agreement.agreement_id}`)).status).toBe(200);
  });

  it('moves payments as Pay’s own jobs and the service would: expire, cancel, capture, refund', async () => {
    const h = await payFake();
    const expired = h.fake.payments.create(webPayment()).payment_id as string;
    const cancelled = h.fake.payments.create(webPayment()).payment_id as string;
    const delayed = h.fake.payments.create(webPayment({ delayed_capture: true })).payment_id as string;
    h.fake.payments.expire(expired);
    h.fake.payments.cancel(cancelled);
    h.fake.completePayment(delayed);
    h.fake.payments.capture(delayed);
    h.fake.payments.refund(delayed, 250);
    expect((await h.get(expired)).state).toMatchObject({ status: 'failed', code: 'P0020' });
    expect((await h.get(cancelled)).state).toMatchObject({ status: 'cancelled', code: 'P0040' });
    expect((await h.get(delayed)).refund_summary).toEqual({
      status: 'available',
      amount_available: 1000,
      amount_submitted: 250,
    });
    expect(() => h.fake.payments.capture(expired)).toThrow(/not capturable/);
  });

  it('drives the hosted card page’s rules for an app that renders its own page', async () => {
    const h = await payFake();
    const p = await h.payment();
    const token = new URL(p._links.next_url.href).pathname.split('/').pop() as string;
    expect(h.fake.journey.start(token).kind).toBe('card_page');
    expect(() => h.fake.journey.start(token)).toThrow('Not found');
    const card = {
      card_number: '4444333322221111',
      expiry_month: '01',
      expiry_year: '30',
      cvc: '1',
      cardholder_name: 'A',
    };
    expect(h.fake.journey.validateCard(card).map((e) => e.field)).toEqual(['cvc']);
    expect(h.fake.journey.submitCard(p.payment_id, { ...card, cvc: '123' })).toMatchObject({
      kind: 'finished',
      returnUrl: webPayment().return_url,
    });
    expect((await h.get(p.payment_id)).state.status).toBe('success');
  });
});

describe('the ServiceFake contract', () => {
  it('snapshots to JSON and restores exactly, clock and webhook log included', async () => {
    const receiver = await webhookReceiver();
    const h = await payFake({ webhooks: { url: receiver.url } });
    const p = await h.payment();
    h.fake.completePayment(p.payment_id);
    h.fake.payments.refund(p.payment_id, 100);
    await h.fake.advance(5000);
    await h.fake.settle();
    const snapshot = JSON.parse(JSON.stringify(h.fake.snapshot()));
    expect(snapshot).toMatchObject({ service: 'pay', version: PAY_FAKE_SNAPSHOT_VERSION });

    const other = createPayFake({ now: START });
    other.restore(snapshot);
    expect(other.payments.get(p.payment_id)).toEqual(h.fake.payments.get(p.payment_id));
    expect(other.refunds.list()).toEqual(h.fake.refunds.list());
    expect(other.webhooks.messages()).toEqual(h.fake.webhooks.messages());
    expect(other.clock.now()).toEqual(h.fake.clock.now());
    expect(() => other.restore({ ...snapshot, version: 1 })).toThrow(/pay v1/);
  });

  it('resets data, faults, accounts, deliveries and the clock', async () => {
    const h = await payFake();
    await h.payment();
    h.fake.accounts.configure('test-account', { disabled: true });
    h.fake.faults.inject({ type: 'status', status: 500 });
    await h.fake.advance(1000);
    h.fake.reset();
    expect(h.fake.payments.list()).toEqual([]);
    expect(h.fake.faults.pending()).toEqual([]);
    expect(h.fake.clock.now()).toEqual(START);
    expect((await h.create(webPayment())).status).toBe(201);
  });
});
