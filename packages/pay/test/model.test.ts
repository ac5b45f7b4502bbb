/** The fake's model on its own: pure rules and state, an injectable clock, no HTTP. */
import { describe, expect, it } from 'vitest';
import { createClock, createPayFake, PayFakeError, PayModel, TEST_CARDS } from '../src/testing/index.js';

const links = (payment: Record<string, unknown>) => payment._links as { next_url: { href: string } };
const START = new Date('2025-06-01T09:00:00.000Z');
const body = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    amount: 2000,
    description: 'Bulky waste collection',
    reference: 'BW-1',
    return_url: 'https://council.example/return',
    ...extra,
  });

function model() {
  const m = new PayModel({ clock: createClock(() => START), baseUrl: 'http://127.0.0.1:4000/pay' });
  const account = m.accounts[0] as (typeof m.accounts)[number];
  const create = (extra?: Record<string, unknown>) =>
    m.createPayment(account, body(extra)).body.payment_id as string;
  return { m, account, create };
}

describe('PayModel', () => {
  it('hands out URLs on its base URL, path prefix included', () => {
    const { m, account } = model();
    const res = m.createPayment(account, body());
    expect(res.location).toMatch(/^http:\/\/127\.0\.0\.1:4000\/pay\/v1\/payments\/[a-z0-9]{26}$/);
    expect(links(res.body).next_url.href).toMatch(/^http:\/\/127\.0\.0\.1:4000\/pay\/secure\//);
    expect(res.body.created_date).toBe('2025-06-01T09:00:00.000Z');
  });

  it('moves created -> started on the hosted page and refuses a used next_url', () => {
    const { m, account } = model();
    const res = m.createPayment(account, body());
    const token = new URL(links(res.body).next_url.href).pathname.split('/').pop() as string;
    expect(m.startJourney(token)).toMatchObject({ kind: 'card_page', payment: { status: 'started' } });
    expect(() => m.startJourney(token)).toThrow(PayFakeError);
  });

  it('exposes the card-page rules for the sandbox: invalid form, 3DS, then finished', () => {
    const { m, account } = model();
    const id = m.createPayment(account, body()).body.payment_id as string;
    const token = new URL(links(m.getPayment(account, id)).next_url.href).pathname.split('/').pop() as string;
    m.startJourney(token);
    const card = {
      card_number: '4000002500003155',
      expiry_month: '01',
      expiry_year: '30',
      cvc: '123',
      cardholder_name: 'A',
    };
    expect(m.submitCard(id, { ...card, cvc: '1' })).toMatchObject({
      kind: 'invalid',
      errors: [{ field: 'cvc' }],
    });
    expect(m.submitCard(id, { ...card, card_number: '4111111111111111' })).toMatchObject({
      kind: 'invalid',
      errors: [{ field: 'card_number' }],
    });
    expect(m.submitCard(id, { ...card, expiry_year: '24' })).toMatchObject({
      kind: 'invalid',
      errors: [{ message: 'The card has expired' }],
    });
    expect(m.submitCard(id, card)).toMatchObject({ kind: 'three_d_secure' });
    expect(m.completeThreeDSecure(id, false)).toMatchObject({
      kind: 'finished',
      returnUrl: 'https://council.example/return',
      payment: { status: 'failed', code: 'P0010' },
    });
  });

  it('keeps state bounded when a service polls a payable payment (newest next_urls kept)', () => {
    const { m, account, create } = model();
    const id = create();
    let latest = '';
    for (let i = 0; i < 50; i++) latest = links(m.getPayment(account, id)).next_url.href;
    expect(Object.keys(m.snapshot().tokens).length).toBeLessThanOrEqual(20);
    expect(m.startJourney(latest.split('/').pop() as string).kind).toBe('card_page');
    m.completePayment(id);
    m.listPayments(); // tidied on the model's next use
    expect(Object.keys(m.snapshot().tokens)).toEqual([]);
  });

  it('expires payments 90 minutes after creation, by its clock', () => {
    const { m, create } = model();
    const id = create();
    m.clock.advance(90 * 60 * 1000 - 1);
    expect(m.paymentRecord(id)?.status).toBe('created');
    m.clock.advance(1);
    expect(m.paymentRecord(id)).toMatchObject({ status: 'failed', code: 'P0020' });
  });

  it('emits events for webhooks', () => {
    const { m, create } = model();
    const events: string[] = [];
    m.onEvent((e) => events.push(e.event_type));
    const id = create();
    m.completePayment(id);
    m.refund(id, 500);
    expect(events).toEqual(['card_payment_succeeded', 'card_payment_captured', 'card_payment_refunded']);
  });

  it('refuses state-API moves the service could not make', () => {
    const { m, create } = model();
    const id = create();
    expect(() => m.capture(id)).toThrow(/not capturable/);
    expect(() => m.refund(id)).toThrow(/cannot be refunded/);
    m.completePayment(id);
    expect(() => m.expirePayment(id)).toThrow(/already finished/);
  });

  it('honours per-account switches: recurring off (P0942), moto_api off (P0196)', () => {
    const m = new PayModel({
      accounts: [{ id: 'a', mode: 'test', apiKeys: ['k'], recurringEnabled: false, motoApiEnabled: false }],
    });
    const a = m.accounts[0] as (typeof m.accounts)[number];
    expect(() => m.createAgreement(a, JSON.stringify({ reference: 'r', description: 'd' }))).toThrow(
      expect.objectContaining({ status: 422, body: expect.objectContaining({ code: 'P0942' }) }),
    );
    expect(() =>
      m.createPayment(
        a,
        JSON.stringify({ amount: 1, description: 'd', reference: 'r', authorisation_mode: 'moto_api' }),
      ),
    ).toThrow(expect.objectContaining({ status: 422, body: expect.objectContaining({ code: 'P0196' }) }));
  });
});

describe('documented test cards', () => {
  const expected: Record<string, [string, string | undefined]> = {
    success: ['success', undefined],
    three_d_secure: ['success', undefined],
    declined: ['failed', 'P0010'],
    expired: ['failed', 'P0010'],
    invalid_cvc: ['failed', 'P0010'],
    error: ['error', 'P0050'],
    dispute_lost: ['success', undefined],
    dispute_won: ['success', undefined],
    recurring_fails: ['success', undefined],
    setup_fails: ['success', undefined],
  };
  for (const card of TEST_CARDS) {
    it(`${card.number}: ${card.description}`, () => {
      const { m, create } = model();
      const id = create();
      m.completePayment(id, { card: { card_number: card.number } });
      const p = m.paymentRecord(id);
      expect([p?.status, p?.code]).toEqual(expected[card.outcome]);
      if (p?.status === 'success') {
        expect(p.card_details).toMatchObject({
          card_brand: card.brand,
          last_digits_card_number: card.number.slice(-4),
        });
      }
    });
  }
});

describe('createPayFake state API', () => {
  it('snapshots to JSON and restores exactly, clock included', () => {
    const fake = createPayFake({ now: () => START });
    const id = fake.model.createPayment(fake.model.accounts[0] as never, body()).body.payment_id as string;
    fake.completePayment(id);
    fake.payments.refund(id, 100);
    fake.payments.dispute(id);
    fake.clock.advance(5000);
    const snapshot = JSON.parse(JSON.stringify(fake.snapshot()));

    const other = createPayFake({ now: () => START });
    other.restore(snapshot);
    expect(other.payments.get(id)).toEqual(fake.payments.get(id));
    expect(other.refunds.list()).toEqual(fake.refunds.list());
    expect(other.disputes.list()).toEqual(fake.disputes.list());
    expect(other.clock.now()).toEqual(fake.clock.now());
    expect(() => other.restore({} as never)).toThrow(/snapshot/);
  });

  it('resets everything', () => {
    const fake = createPayFake();
    const id = fake.model.createPayment(fake.model.accounts[0] as never, body()).body.payment_id as string;
    fake.clock.advance(1000);
    fake.faults.inject({ type: 'status', status: 500 });
    fake.reset();
    expect(fake.payments.list()).toEqual([]);
    expect(fake.payments.get(id)).toBeUndefined();
    expect(fake.faults.pending()).toEqual([]);
    expect(fake.clock.offsetMs()).toBe(0);
  });

  it('lists, expires, cancels and captures payments for a dashboard', () => {
    const fake = createPayFake();
    const acct = fake.model.accounts[0] as never;
    const a = fake.model.createPayment(acct, body()).body.payment_id as string;
    const b = fake.model.createPayment(acct, body({ delayed_capture: true })).body.payment_id as string;
    const c = fake.model.createPayment(acct, body()).body.payment_id as string;
    fake.payments.expire(a);
    fake.completePayment(b);
    fake.payments.capture(b);
    fake.payments.cancel(c);
    expect(fake.payments.list().map((p) => [p.payment_id, p.status, p.code])).toEqual([
      [a, 'failed', 'P0020'],
      [b, 'success', undefined],
      [c, 'cancelled', 'P0040'],
    ]);
    expect(fake.payments.json(b)).toMatchObject({
      state: { status: 'success' },
      _links: { self: { href: expect.any(String) } },
    });
  });
});
